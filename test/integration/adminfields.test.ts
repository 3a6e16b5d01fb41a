import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, USER, failure, testApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { APP_ACCOUNT, ROOT, createOcsDb, dropDb } from '../helpers/db';

// Each session has its own pools and the computers capability caches the schema per pool (30 s): the
// admin session, which makes the changes, is the one that reads them back.
const { call, callByName, session, connect } = testApp();

describe('admin info fields and label', () => {
  let db = '';
  let admin: Session;
  let user: Session;
  let sql: mysql.Connection;
  const columnType = async (column: string): Promise<string | null> => {
    const [rows] = await sql.query<mysql.RowDataPacket[]>(
      'SELECT COLUMN_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?',
      [db, 'accountinfo', column],
    );
    return rows[0] ? String(rows[0].t).toLowerCase() : null;
  };
  const configRows = async (like: string) => {
    const [rows] = await sql.query<mysql.RowDataPacket[]>(
      'SELECT NAME, IVALUE, TVALUE FROM config WHERE NAME LIKE ? ORDER BY IVALUE',
      [like],
    );
    return rows.map((r) => ({ name: String(r.NAME), n: Number(r.IVALUE), label: String(r.TVALUE) }));
  };

  beforeAll(async () => {
    db = await createOcsDb();
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
    sql = await mysql.createConnection({
      host: ROOT.host,
      port: ROOT.port,
      user: ROOT.user,
      password: ROOT.password ?? '',
      database: db,
    });
  });
  afterAll(async () => {
    await sql?.end();
    await admin?.dispose();
    await user?.dispose();
    if (db) await dropDb(db);
  });

  const cases = [
    { type: 'text', ocsType: 0, sql: 'varchar(255)' },
    { type: 'textarea', ocsType: 1, sql: 'longtext' },
    { type: 'select', ocsType: 2, sql: 'varchar(255)' },
    { type: 'checkbox', ocsType: 5, sql: 'varchar(255)' },
    { type: 'radio', ocsType: 11, sql: 'varchar(255)' },
    { type: 'date', ocsType: 14, sql: 'date' },
  ] as const;

  for (const c of cases) {
    it(`creates a ${c.type} field: config row, column fields_<id> ${c.sql}, listed in computers.columns`, async () => {
      const name = `F${c.type}`;
      const choices = ['select', 'radio', 'checkbox'].includes(c.type) ? ['Lab', 'Office'] : [];
      const f = await call(admin, 'adminfields.create', {
        name,
        label: `My ${c.type}`,
        type: c.type,
        tab: 1,
        choices,
      });
      expect(f).toMatchObject({
        name,
        label: `My ${c.type}`,
        ocsType: c.ocsType,
        column: `fields_${f.fieldId}`,
      });
      expect(await columnType(f.column)).toBe(c.sql);
      const [cfg] = await sql.query<mysql.RowDataPacket[]>('SELECT * FROM accountinfo_config WHERE ID = ?', [
        f.fieldId,
      ]);
      expect(cfg[0]).toMatchObject({
        NAME: name,
        TYPE: c.ocsType,
        ID_TAB: 1,
        COMMENT: `My ${c.type}`,
        ACCOUNT_TYPE: 'COMPUTERS',
      });
      const cols = await call(admin, 'computers.columns');
      expect(cols.find((x) => x.id === `accountinfo.${f.column}`)?.label).toBe(`My ${c.type}`);
      if (choices.length) {
        expect(await configRows(`ACCOUNT\\_VALUE\\_${name}\\_%`)).toEqual([
          { name: `ACCOUNT_VALUE_${name}_1`, n: 1, label: 'Lab' },
          { name: `ACCOUNT_VALUE_${name}_2`, n: 2, label: 'Office' },
        ]);
        expect(f.choices).toEqual([
          { value: '1', label: 'Lab' },
          { value: '2', label: 'Office' },
        ]);
      }
    });
  }

  it('a value set through computers.setAdminData lands in the new column', async () => {
    const list = await call(admin, 'adminfields.list');
    const sel = list.fields.find((f) => f.name === 'Fselect')!;
    await sql.query("INSERT INTO hardware (ID, DEVICEID, NAME) VALUES (501, 'pc-501', 'pc-501')");
    await sql.query("INSERT INTO accountinfo (HARDWARE_ID, TAG) VALUES (501, 'NA')");
    await call(admin, 'computers.setAdminData', { id: 501, values: { [sel.column]: '2' } });
    const [rows] = await sql.query<mysql.RowDataPacket[]>(
      `SELECT ?? AS v FROM accountinfo WHERE HARDWARE_ID = 501`,
      [sel.column],
    );
    expect(rows[0]!.v).toBe('2');
  });

  it('ocs-desk computers list prints the choice label, not its number, in the table and CSV; JSON keeps the stored value', async () => {
    const sel = (await call(admin, 'adminfields.list')).fields.find((f) => f.name === 'Fselect')!;
    const cli = (format: string) =>
      runCli(
        [
          'computers',
          'list',
          '--user',
          APP_ACCOUNT.user,
          '--database',
          db,
          '--columns',
          `hardware.NAME,accountinfo.${sel.column}`,
          '--format',
          format,
        ],
        { OCS_DB_HOST: ROOT.host, OCS_DB_PASSWORD: APP_ACCOUNT.password },
      );
    const csv = await cli('csv');
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('501,pc-501,Office');
    const table = await cli('table');
    expect(table.stdout).toContain('501\tpc-501\tOffice');
    const json = JSON.parse((await cli('json')).stdout) as { rows: Array<Record<string, unknown>> };
    expect(json.rows.find((r) => r.id === 501)?.[`accountinfo.${sel.column}`]).toBe('2');
  });

  it('refuses a duplicate name, TAG, a bad name and a choice type without choices', async () => {
    expect(
      (await failure(call(admin, 'adminfields.create', { name: 'fselect', label: 'x', type: 'text' }))).code,
    ).toBe('CONFLICT');
    expect(
      (await failure(call(admin, 'adminfields.create', { name: 'TAG', label: 'x', type: 'text' }))).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await failure(call(admin, 'adminfields.create', { name: 'a b', label: 'x', type: 'text' }))).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await failure(call(admin, 'adminfields.create', { name: 'Empty', label: 'x', type: 'select' }))).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await failure(call(admin, 'adminfields.create', { name: 'Notab', label: 'x', type: 'text', tab: 9 })))
        .code,
    ).toBe('VALIDATION_FAILED');
    const list = await call(admin, 'adminfields.list');
    expect(list.fields.some((f) => f.name.toLowerCase() === 'empty' || f.name === 'Notab')).toBe(false);
  });

  it('renames the label and edits choices: kept choices keep their number, new ones get the next', async () => {
    const list = await call(admin, 'adminfields.list');
    const sel = list.fields.find((f) => f.name === 'Fselect')!;
    const f = await call(admin, 'adminfields.update', {
      fieldId: sel.fieldId!,
      label: 'Site',
      choices: [
        { value: '2', label: 'Office (2nd floor)' },
        { value: null, label: 'Remote' },
      ],
    });
    expect(f.label).toBe('Site');
    expect(f.choices).toEqual([
      { value: '2', label: 'Office (2nd floor)' },
      { value: '3', label: 'Remote' },
    ]);
    expect(await configRows('ACCOUNT\\_VALUE\\_Fselect\\_%')).toHaveLength(2);
    const text = list.fields.find((x) => x.name === 'Ftext')!;
    expect(
      (
        await failure(
          call(admin, 'adminfields.update', {
            fieldId: text.fieldId!,
            choices: [{ value: null, label: 'a' }],
          }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('reorders fields (SHOW_ORDER descending)', async () => {
    const before = (await call(admin, 'adminfields.list')).fields.map((f) => f.name);
    const second = before[1]!;
    const id = (await call(admin, 'adminfields.list')).fields[1]!.fieldId!;
    await call(admin, 'adminfields.move', { fieldId: id, direction: 'up' });
    const after = (await call(admin, 'adminfields.list')).fields.map((f) => f.name);
    expect(after[0]).toBe(second);
    expect(after[1]).toBe(before[0]);
  });

  it('deletes a field: column, config row and choices are gone; TAG cannot be deleted', async () => {
    const list = await call(admin, 'adminfields.list');
    const sel = list.fields.find((f) => f.name === 'Fselect')!;
    await call(admin, 'adminfields.delete', { fieldId: sel.fieldId! });
    expect(await columnType(sel.column)).toBeNull();
    expect(await configRows('ACCOUNT\\_VALUE\\_Fselect\\_%')).toEqual([]);
    const [cfg] = await sql.query<mysql.RowDataPacket[]>('SELECT ID FROM accountinfo_config WHERE ID = ?', [
      sel.fieldId,
    ]);
    expect(cfg).toHaveLength(0);
    const cols = await call(admin, 'computers.columns');
    expect(cols.some((x) => x.column === sel.column)).toBe(false);
    const tag = list.fields.find((f) => f.column === 'TAG')!;
    expect((await failure(call(admin, 'adminfields.delete', { fieldId: tag.fieldId! }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(await columnType('TAG')).not.toBeNull();
    expect((await failure(call(admin, 'adminfields.delete', { fieldId: 99999 }))).code).toBe('NOT_FOUND');
  });

  it('a failed ALTER leaves no config row behind', async () => {
    // a stray column with the id the next field will get makes ADD COLUMN fail
    const [r] = await sql.query<mysql.RowDataPacket[]>(
      'SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db, 'accountinfo_config'],
    );
    const next = Number(r[0]!.n);
    await sql.query(`ALTER TABLE accountinfo ADD COLUMN fields_${next} INT NULL`);
    await failure(
      call(admin, 'adminfields.create', { name: 'Broken', label: 'Broken', type: 'select', choices: ['a'] }),
    );
    const [cfg] = await sql.query<mysql.RowDataPacket[]>(
      "SELECT ID FROM accountinfo_config WHERE NAME = 'Broken'",
    );
    expect(cfg).toHaveLength(0);
    expect(await configRows('ACCOUNT\\_VALUE\\_Broken\\_%')).toEqual([]);
    await sql.query(`ALTER TABLE accountinfo DROP COLUMN fields_${next}`);
  });

  it('a User may list fields but not change them, nor read or set the label', async () => {
    const list = await call(user, 'adminfields.list');
    expect(list.tabs).toContainEqual({ id: 1, label: 'TAG' });
    const id = list.fields.find((f) => f.name === 'Ftext')!.fieldId;
    for (const [route, input] of [
      ['adminfields.create', { name: 'Nope', label: 'n', type: 'text' }],
      ['adminfields.update', { fieldId: id, label: 'n' }],
      ['adminfields.move', { fieldId: id, direction: 'up' }],
      ['adminfields.delete', { fieldId: id }],
      ['adminfields.getLabel', {}],
      ['adminfields.setLabel', { text: 'x' }],
    ] as const)
      expect((await failure(callByName(user, route, input))).code).toBe('FORBIDDEN');
  });

  it('sets and reads the label (deploy NAME=label); empty text deletes the row', async () => {
    expect(await call(admin, 'adminfields.getLabel')).toEqual({ text: '' });
    await call(admin, 'adminfields.setLabel', { text: 'Enter your office code' });
    expect(await call(admin, 'adminfields.getLabel')).toEqual({ text: 'Enter your office code' });
    const [rows] = await sql.query<mysql.RowDataPacket[]>(
      "SELECT NAME, CONTENT FROM deploy WHERE NAME = 'label'",
    );
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.CONTENT).toString('utf8')).toBe('Enter your office code');
    await call(admin, 'adminfields.setLabel', { text: 'Code du bureau (é)' });
    expect(await call(admin, 'adminfields.getLabel')).toEqual({ text: 'Code du bureau (é)' });
    await call(admin, 'adminfields.setLabel', { text: '' });
    const [gone] = await sql.query<mysql.RowDataPacket[]>("SELECT NAME FROM deploy WHERE NAME = 'label'");
    expect(gone).toHaveLength(0);
  });
});
