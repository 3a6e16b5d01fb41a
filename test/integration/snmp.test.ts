import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { deflateSync, inflateSync } from 'node:zlib';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, failure, operatorOf, testApp, unchecked, USER } from '../helpers/app';
import { APP_ACCOUNT, createOcsDb, dropDb, ROOT, rootParams } from '../helpers/db';
import { STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

/**
 * SNMP devices and configuration against the real MariaDB and the real 2.8.1 comm server: a type
 * configured through OCS Desk creates the per-type table; the comm server sends it (and the
 * community) in an HTTPS prolog and stores an SNMP inventory posted as the 2.10 agent's SnmpScan
 * module builds it; the devices then show in the list and detail, within the operator's perimeter.
 */

const { call, session, connect } = testApp();
const noStack = stackUnavailableReason();
const AGENT = 'SNMPAGENT-2026-12-05-10-00-00';
const COMMUNITY = 'pl4nted-Comm-7d1e';

async function post(url: string, xml: string, ca?: Buffer): Promise<{ status: number; body: Buffer }> {
  const body = deflateSync(Buffer.from(xml, 'utf8'));
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? https : http).request(
      {
        hostname: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-compress',
          'Content-Length': body.length,
          'User-Agent': 'OCS-NG_unified_unix_agent_v2.10.0',
        },
        ...(ca ? { ca } : {}),
      },
      (res: import('node:http').IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The XML the 2.10 agent's SnmpScan module posts (QUERY SNMP, one element per device, named by table). */
function snmpXml(table: string, devices: Array<Record<string, string>>): string {
  const dev = devices
    .map(
      (d) =>
        `<${table}>${Object.entries(d)
          .map(([k, v]) => `<${k}>${v}</${k}>`)
          .join('')}</${table}>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><CONTENT>${dev}</CONTENT><DEVICEID>${AGENT}</DEVICEID><QUERY>SNMP</QUERY></REQUEST>\n`;
}

describe('SNMP devices and configuration', () => {
  let db = '';
  let root: Knex;
  let admin: Session;
  let user: Session;
  let restricted: Session;
  let typeId = 0;

  beforeAll(async () => {
    db = await createOcsDb();
    root = await createPool(rootParams(db), { max: 2 });
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
    restricted = await connect(session(operatorOf('ladmin', 'snmp-ladmin', ['DATA*'])), db);
  });
  afterAll(async () => {
    for (const s of [admin, user, restricted]) await s?.dispose();
    await root?.destroy();
    if (db) await dropDb(db);
  });

  it('creates a type, its table and columns exactly as ocsreports does, and mirrors the first condition', async () => {
    const t = await call(admin, 'snmp.createType', { name: 'Lab Printers' });
    expect(t.table).toBe('snmp_lab_printers');
    typeId = t.id;
    const serial = await call(admin, 'snmp.createLabel', { name: 'Serial-Number' });
    expect(serial.name).toBe('Serial_Number');
    const name = await call(admin, 'snmp.createLabel', { name: 'PrinterName' });
    const toner = await call(admin, 'snmp.createLabel', { name: 'Toner' });
    await call(admin, 'snmp.addCondition', { typeId, oid: '.1.3.6.1.2.1.1.1.0', value: 'HP*' });
    await call(admin, 'snmp.addCondition', { typeId, oid: '1.3.6.1.2.1.1.2.0', value: '*' });
    await call(admin, 'snmp.addConfigs', {
      typeId,
      items: [
        { labelId: serial.id, oid: '1.3.6.1.2.1.43.5.1.1.17.1', reconciliation: true },
        { labelId: name.id, oid: '1.3.6.1.2.1.1.5.0' },
        { labelId: toner.id, oid: '1.3.6.1.4.1.99999.1' },
      ],
    });

    const [[ddl]] = (await root.raw('SHOW CREATE TABLE `snmp_lab_printers`')) as [[Record<string, string>]];
    const create = ddl!['Create Table']!;
    expect(create).toContain('`ID` int(6) NOT NULL AUTO_INCREMENT');
    expect(create).toContain('`LASTDATE` datetime DEFAULT current_timestamp() ON UPDATE current_timestamp()');
    expect(create).toContain('`Serial_Number` varchar(255) NOT NULL');
    expect(create).toContain('UNIQUE KEY `Serial_Number` (`Serial_Number`)');
    expect(create).toContain('`PrinterName` text NOT NULL');
    expect(create).toMatch(/ENGINE=InnoDB DEFAULT CHARSET=utf8mb3/);

    const type = await root('snmp_types').where('ID', typeId).first();
    expect(type).toMatchObject({
      TABLE_TYPE_NAME: 'snmp_lab_printers',
      CONDITION_OID: '1.3.6.1.2.1.1.1.0',
      CONDITION_VALUE: 'HP*',
    });
    const cfg = await call(admin, 'snmp.config');
    const mine = cfg.types.find((x) => x.id === typeId)!;
    expect(mine.conditions.map((c) => c.oid)).toEqual(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0']);
    expect(mine.configs.map((c) => [c.label, c.reconciliation])).toEqual([
      ['Serial_Number', true],
      ['PrinterName', false],
      ['Toner', false],
    ]);
    expect(mine.sentCondition).toEqual({ oid: '1.3.6.1.2.1.1.1.0', value: 'HP*' });
  });

  it('refuses clashing and unsafe names, a second reconciliation column, and keeps DDL and rows together', async () => {
    const code = async (p: Promise<unknown>) => (await failure(p)).code;
    expect(await code(call(admin, 'snmp.createType', { name: 'Lab Printers' }))).toBe('CONFLICT');
    expect(await code(call(admin, 'snmp.createType', { name: 'Types' }))).toBe('VALIDATION_FAILED');
    expect(await code(call(admin, 'snmp.createType', { name: 'x`; DROP TABLE hardware; --' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(call(admin, 'snmp.createLabel', { name: 'ID' }))).toBe('VALIDATION_FAILED');
    expect(await code(call(admin, 'snmp.createLabel', { name: 'name' }))).toBe('VALIDATION_FAILED');
    expect(await code(call(admin, 'snmp.createLabel', { name: 'a b)c' }))).toBe('VALIDATION_FAILED');
    expect(await code(call(admin, 'snmp.createLabel', { name: 'Toner' }))).toBe('CONFLICT');
    const extra = await call(admin, 'snmp.createLabel', { name: 'Extra' });
    expect(
      await code(
        call(admin, 'snmp.addConfigs', {
          typeId,
          items: [{ labelId: extra.id, oid: '1.3.6.1.2.1.1.6.0', reconciliation: true }],
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      await code(
        call(
          admin,
          'snmp.addConfigs',
          unchecked({ typeId, items: [{ labelId: extra.id, oid: 'sysName.0' }] }),
        ),
      ),
    ).toBe('VALIDATION_FAILED');
    // A throwaway type: its configuration's column goes with it, the label's column from every type.
    const tmp = await call(admin, 'snmp.createType', { name: 'Scratch' });
    await call(admin, 'snmp.addConfigs', {
      typeId: tmp.id,
      items: [{ labelId: extra.id, oid: '1.3.6.1.2.1.1.6.0' }],
    });
    expect(await root.schema.hasColumn('snmp_scratch', 'Extra')).toBe(true);
    await call(admin, 'snmp.deleteLabel', { id: extra.id });
    expect(await root.schema.hasColumn('snmp_scratch', 'Extra')).toBe(false);
    expect(await root('snmp_configs').where('TYPE_ID', tmp.id)).toEqual([]);
    await call(admin, 'snmp.deleteType', { id: tmp.id });
    expect(await root.schema.hasTable('snmp_scratch')).toBe(false);
    // The read-only profile may not configure.
    expect(await code(call(user, 'snmp.createType', { name: 'Nope' }))).toBe('FORBIDDEN');
    expect(await code(call(user, 'snmp.config'))).toBe('FORBIDDEN');
  });

  it('keeps community secrets write-only', async () => {
    const c = await call(admin, 'snmp.saveCommunity', { version: '2c', secret: COMMUNITY });
    expect(c).toMatchObject({ version: '2c', name: null, hasSecret: true });
    const v3 = await call(admin, 'snmp.saveCommunity', {
      version: '3',
      name: 'lab-v3',
      username: 'desk',
      level: 'authPriv',
      authProto: 'sha',
      authPassword: 'auth-Pl4nted-91',
      privProto: 'aes',
      privPassword: 'priv-Pl4nted-92',
    });
    expect(v3).toMatchObject({
      name: 'lab-v3',
      username: 'desk',
      hasAuthPassword: true,
      hasPrivPassword: true,
    });
    // An edit without secrets keeps them.
    await call(admin, 'snmp.saveCommunity', {
      id: v3.id,
      version: '3',
      name: 'lab-v3',
      username: 'desk2',
      level: 'authPriv',
    });
    const row = await root('snmp_communities').where('ID', v3.id).first();
    expect(row).toMatchObject({
      USERNAME: 'desk2',
      AUTHPASSWD: 'auth-Pl4nted-91',
      PRIVPASSWD: 'priv-Pl4nted-92',
    });
    const listed = JSON.stringify(await call(admin, 'snmp.communities'));
    for (const s of [COMMUNITY, 'auth-Pl4nted-91', 'priv-Pl4nted-92']) expect(listed).not.toContain(s);
    expect(
      (await failure(call(admin, 'snmp.saveCommunity', { version: '2c', secret: COMMUNITY }))).code,
    ).toBe('CONFLICT');
    expect((await failure(call(user, 'snmp.communities'))).code).toBe('FORBIDDEN');
    await call(admin, 'snmp.deleteCommunity', { id: v3.id });
  });

  it.skipIf(!!noStack)(
    'the comm server sends the type and community, and stores an SNMP inventory into the table',
    async () => {
      await call(admin, 'options.set', { changes: [{ name: 'SNMP', value: 1 }] });
      await root('hardware').insert({
        DEVICEID: AGENT,
        NAME: 'snmp-agent',
        LASTDATE: root.fn.now(),
        LASTCOME: root.fn.now(),
      });
      const ca = readFileSync(STACK_ENV.caFile);
      await withStackLock(async () => {
        await stack('use-db', db);
        try {
          const prolog = await post(
            STACK_ENV.serverHttpsUrl,
            `<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><DEVICEID>${AGENT}</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>\n`,
            ca,
          );
          expect(prolog.status).toBe(200);
          const reply = inflateSync(prolog.body).toString('utf8');
          expect(reply).toContain('SNMP');
          expect(reply).toMatch(/TABLE_TYPE_NAME="snmp_lab_printers"/);
          expect(reply).toMatch(/CONDITION_OID="1.3.6.1.2.1.1.1.0"/);
          expect(reply).toMatch(/CONDITION_VALUE="HP\*"/);
          expect(reply).toMatch(
            /LABEL_NAME="Serial_Number"[^>]*OID="1.3.6.1.2.1.43.5.1.1.17.1"|OID="1.3.6.1.2.1.43.5.1.1.17.1"[^>]*LABEL_NAME="Serial_Number"/,
          );
          expect(reply).toContain(`NAME="${COMMUNITY}"`);

          const devices = [
            { Serial_Number: 'SN-0001', PrinterName: 'lab-printer-1', Toner: '42' },
            { Serial_Number: 'SN-0002', PrinterName: 'lab-printer-2', Toner: '7' },
          ];
          expect((await post(STACK_ENV.serverUrl, snmpXml('snmp_lab_printers', devices))).status).toBe(200);
          // The same device again: the reconciliation column's unique key makes it an update.
          const again = [{ Serial_Number: 'SN-0001', PrinterName: 'lab-printer-1', Toner: '40' }];
          expect((await post(STACK_ENV.serverUrl, snmpXml('snmp_lab_printers', again))).status).toBe(200);
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
      const rows = await root('snmp_lab_printers').orderBy('Serial_Number');
      expect(rows.map((r: Record<string, string>) => [r.Serial_Number, r.Toner])).toEqual([
        ['SN-0001', '40'],
        ['SN-0002', '7'],
      ]);

      // The list and the detail, as a read-only operator.
      const types = await call(user, 'snmp.types');
      const t = types.types.find((x) => x.id === typeId)!;
      expect(t).toMatchObject({ devices: 2, reconciliation: 'Serial_Number', tableMissing: false });
      expect(t.columns).toEqual(['LASTDATE', 'Serial_Number', 'PrinterName', 'Toner']);
      const list = await call(user, 'snmp.devices', {
        typeId,
        sort: { column: 'Serial_Number', dir: 'asc' },
      });
      expect(list.total).toBe(2);
      expect(list.rows.map((r) => r.values.PrinterName)).toEqual(['lab-printer-1', 'lab-printer-2']);
      expect(
        (await call(user, 'snmp.devices', { typeId, search: 'printer-2' })).rows.map(
          (r) => r.values.Serial_Number,
        ),
      ).toEqual(['SN-0002']);
      const first = list.rows[0]!;
      const detail = await call(user, 'snmp.device', { typeId, id: first.id });
      expect(detail.values).toMatchObject({ Serial_Number: 'SN-0001', Toner: '40' });
      expect(detail.adminData?.map((f) => f.column)).toEqual(['TAG']);
      const csv = await call(user, 'snmp.exportCsv', { typeId, separator: ';' });
      expect(csv.rows).toBe(2);
      expect(csv.csv.split('\r\n')[0]).toBe('LASTDATE;Serial_Number;PrinterName;Toner;TAG');
      expect(csv.csv).toContain('SN-0002;lab-printer-2;7;');
    },
  );

  it.skipIf(!!noStack)(
    'restricts SNMP devices to the TAG of their admin data; admin data rows are created on first save',
    async () => {
      const list = await call(admin, 'snmp.devices', {
        typeId,
        sort: { column: 'Serial_Number', dir: 'asc' },
      });
      const [one, two] = list.rows;
      // No admin data yet: a restricted operator sees none, and a detail reads as absent.
      expect((await call(restricted, 'snmp.types')).types.find((x) => x.id === typeId)?.devices).toBe(0);
      expect((await failure(call(restricted, 'snmp.device', { typeId, id: one!.id }))).code).toBe(
        'NOT_FOUND',
      );

      await call(admin, 'snmp.setAdminData', { typeId, id: one!.id, values: { TAG: 'DATACENTER' } });
      await call(admin, 'snmp.setAdminData', { typeId, id: two!.id, values: { TAG: 'OUTSIDE' } });
      const acc = await root('snmp_accountinfo').orderBy('ID');
      expect(
        acc.map((r: Record<string, string>) => [
          r.SNMP_TYPE,
          r.SNMP_RECONCILIATION_FIELD,
          r.SNMP_RECONCILIATION_VALUE,
          r.TAG,
        ]),
      ).toEqual([
        ['snmp_lab_printers', 'Serial_Number', 'SN-0001', 'DATACENTER'],
        ['snmp_lab_printers', 'Serial_Number', 'SN-0002', 'OUTSIDE'],
      ]);
      // A second save updates the same row.
      await call(admin, 'snmp.setAdminData', { typeId, id: one!.id, values: { TAG: 'DATACENTER' } });
      expect(Number(((await root('snmp_accountinfo').count({ n: '*' }).first()) as { n: string }).n)).toBe(2);

      const seen = await call(restricted, 'snmp.devices', { typeId });
      expect(seen.rows.map((r) => [r.values.Serial_Number, r.tag])).toEqual([['SN-0001', 'DATACENTER']]);
      expect((await failure(call(restricted, 'snmp.device', { typeId, id: two!.id }))).code).toBe(
        'NOT_FOUND',
      );
      const csv = await call(restricted, 'snmp.exportCsv', { typeId, separator: ';' });
      expect(csv.csv).not.toContain('SN-0002');
      // A restricted operator may not move a device out of its perimeter, nor touch one outside it.
      const out = await failure(
        call(restricted, 'snmp.setAdminData', { typeId, id: one!.id, values: { TAG: 'ELSEWHERE' } }),
      );
      expect(out.fields?.[0]).toMatchObject({ path: 'TAG' });
      expect(
        (
          await failure(
            call(restricted, 'snmp.setAdminData', { typeId, id: two!.id, values: { TAG: 'DATACENTER' } }),
          )
        ).code,
      ).toBe('NOT_FOUND');
      expect(
        (await failure(call(user, 'snmp.setAdminData', { typeId, id: one!.id, values: { TAG: 'X' } }))).code,
      ).toBe('FORBIDDEN');
    },
  );
  it('CLI: ocs-desk snmp types|devices|device --json, as the application account', async () => {
    // Without the comm server (stack tests skipped) the rows are written as it writes them.
    if (!(await root('snmp_lab_printers').where('Serial_Number', 'SN-0001').first()))
      await root('snmp_lab_printers').insert([
        { Serial_Number: 'SN-0001', PrinterName: 'lab-printer-1', Toner: '40' },
        { Serial_Number: 'SN-0002', PrinterName: 'lab-printer-2', Toner: '7' },
      ]);
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'node',
          [
            'scripts/run-ts.mjs',
            'src-main/cli/index.ts',
            'snmp',
            ...args,
            '--host',
            ROOT.host,
            '--port',
            String(ROOT.port),
            '--user',
            APP_ACCOUNT.user,
            '--database',
            db,
          ],
          {
            cwd: path.resolve(import.meta.dirname, '../..'),
            env: { ...process.env, OCS_DB_PASSWORD: APP_ACCOUNT.password },
          },
          (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const types = await cli(['types', '--json']);
    expect(types.code, types.stderr).toBe(0);
    const listed = (JSON.parse(types.stdout) as Array<{ id: number; name: string; devices: number }>).find(
      (x) => x.id === typeId,
    );
    expect(listed).toMatchObject({ name: 'Lab Printers', devices: 2 });
    const devices = await cli(['devices', 'lab printers', '--search', 'printer-2', '--json']);
    expect(devices.code, devices.stderr).toBe(0);
    const page = JSON.parse(devices.stdout) as {
      total: number;
      rows: Array<{ id: number; values: Record<string, string> }>;
    };
    expect(page.total).toBe(1);
    expect(page.rows[0]!.values.Serial_Number).toBe('SN-0002');
    const one = await cli(['device', String(typeId), String(page.rows[0]!.id), '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { values: Record<string, string> }).values.PrinterName).toBe(
      'lab-printer-2',
    );
    const csv = await cli(['devices', String(typeId), '--csv', '--sort', 'Serial_Number']);
    expect(csv.stdout.split('\r\n').slice(0, 3)).toEqual([
      'LASTDATE,Serial_Number,PrinterName,Toner,TAG',
      expect.stringMatching(/,SN-0001,lab-printer-1,40,/),
      expect.stringMatching(/,SN-0002,lab-printer-2,7,/),
    ]);
    // An unknown type is refused with the validation exit code.
    expect((await cli(['devices', 'no such type', '--json'])).code).toBe(2);
  });
});
