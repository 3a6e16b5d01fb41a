import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, USER, failure, testApp, unchecked } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';

const { call, session, connect } = testApp();

describe('general options (config table)', () => {
  let db = '';
  let admin: Session;
  let user: Session;
  let raw: Awaited<ReturnType<typeof createPool>>;
  const row = async (name: string) =>
    (await raw('config').select('NAME', 'IVALUE', 'TVALUE', 'COMMENTS').where('NAME', name)) as Array<{
      NAME: string;
      IVALUE: number | null;
      TVALUE: string | null;
      COMMENTS: string | null;
    }>;
  const list = () => call(admin, 'options.list');
  const get = async (name: string) => (await list()).find((o) => o.name === name)!;

  beforeAll(async () => {
    db = await createOcsDb();
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
    raw = await createPool(rootParams(db), { max: 1 });
  });
  afterAll(async () => {
    await raw?.destroy();
    await admin?.dispose();
    await user?.dispose();
    if (db) await dropDb(db);
  });

  it('lists every option with its row, the value in force and where it comes from', async () => {
    const all = await call(user, 'options.list');
    // Seeded row (DB seed 7) beats the Apache value 15.
    expect(all.find((o) => o.name === 'AUTO_DUPLICATE_LVL')).toMatchObject({
      column: 'IVALUE',
      type: 'bitmask',
      group: 'duplicates',
      default: 15,
      row: { ivalue: 7 },
      effective: 7,
      source: 'database',
    });
    // No row: the comm server uses its Apache value; a console key uses the console's default.
    expect(all.find((o) => o.name === 'INVENTORY_CACHE_KEEP')).toMatchObject({
      row: null,
      effective: 1,
      source: 'apache',
    });
    expect(all.find((o) => o.name === 'IPDISCOVER_LINK_TAG_NETWORK')).toMatchObject({
      row: null,
      effective: 0,
      source: 'builtin',
    });
    expect(all.find((o) => o.name === 'LOCAL_URI_SERVER')).toMatchObject({
      column: 'TVALUE',
      row: null,
      effective: 'http://localhost:80/ocsinventory',
      source: 'console',
    });
    // Console internals are not options of this screen.
    expect(all.some((o) => o.name === 'GUI_VERSION' || o.name === 'PASSWORD_VERSION')).toBe(false);
    expect(new Set(all.map((o) => o.group)).size).toBe(9);
  });

  it('updates existing rows in their column only, and inserts missing ones with the right column', async () => {
    await raw('config').where('NAME', 'FREQUENCY').update({ TVALUE: 'kept', COMMENTS: 'mine' });
    await raw('config').where('NAME', 'INVENTORY_CACHE_KEEP').delete();
    const res = await call(admin, 'options.set', {
      changes: [
        { name: 'FREQUENCY', value: 5 },
        { name: 'INVENTORY_CACHE_KEEP', value: 0 },
        { name: 'LOCAL_URI_SERVER', value: '  http://ocs.example:8080/ocsinventory ' },
        { name: 'ocs_files_format', value: 'XML' },
      ],
    });
    expect(res.changed).toEqual([
      'FREQUENCY',
      'INVENTORY_CACHE_KEEP',
      'LOCAL_URI_SERVER',
      'OCS_FILES_FORMAT',
    ]);
    expect(await row('FREQUENCY')).toEqual([
      { NAME: 'FREQUENCY', IVALUE: 5, TVALUE: 'kept', COMMENTS: 'mine' },
    ]);
    expect(await row('INVENTORY_CACHE_KEEP')).toEqual([
      { NAME: 'INVENTORY_CACHE_KEEP', IVALUE: 0, TVALUE: null, COMMENTS: null },
    ]);
    expect(await row('LOCAL_URI_SERVER')).toEqual([
      {
        NAME: 'LOCAL_URI_SERVER',
        IVALUE: null,
        TVALUE: 'http://ocs.example:8080/ocsinventory',
        COMMENTS: null,
      },
    ]);
    expect((await row('OCS_FILES_FORMAT'))[0]).toMatchObject({ TVALUE: 'XML' });
    expect(await get('INVENTORY_CACHE_KEEP')).toMatchObject({ effective: 0, source: 'database' });
    expect(await get('FREQUENCY')).toMatchObject({ effective: 5, source: 'database' });
  });

  it('sets each kind: frequency never/always, ipdiscover off/on, bitmask, bool, seconds, path', async () => {
    const cases: Array<[string, number | string]> = [
      ['FREQUENCY', -1],
      ['FREQUENCY', 0],
      ['IPDISCOVER', 0],
      ['IPDISCOVER', 3],
      ['AUTO_DUPLICATE_LVL', 1 + 4 + 16],
      ['DOWNLOAD', 1],
      ['SESSION_VALIDITY_TIME', 1200],
      ['PROLOG_FREQ', 6],
      ['DOWNLOAD_PACK_DIR', '/srv/ocs'],
      ['EXPORT_SEP', ';'],
    ];
    for (const [name, value] of cases) {
      await call(admin, 'options.set', { changes: [{ name, value }] });
      expect(await get(name), name).toMatchObject({ effective: value, source: 'database' });
    }
  });

  it('null deletes the row: back to the default, and the comm server falls back to its Apache value', async () => {
    await call(admin, 'options.set', {
      changes: [
        { name: 'AUTO_DUPLICATE_LVL', value: null },
        { name: 'LOCAL_URI_SERVER', value: null },
      ],
    });
    expect(await row('AUTO_DUPLICATE_LVL')).toEqual([]);
    expect(await get('AUTO_DUPLICATE_LVL')).toMatchObject({ row: null, effective: 15, source: 'apache' });
    expect(await get('LOCAL_URI_SERVER')).toMatchObject({ row: null, source: 'console' });
    // Resetting an option without a row is a no-op.
    await call(admin, 'options.set', { changes: [{ name: 'AUTO_DUPLICATE_LVL', value: null }] });
    expect(await row('AUTO_DUPLICATE_LVL')).toEqual([]);
  });

  it('a NULL IVALUE in a row means 0 for the comm server', async () => {
    await raw('config').where('NAME', 'REGISTRY').update({ IVALUE: null });
    expect(await get('REGISTRY')).toMatchObject({ row: { ivalue: null }, effective: 0, source: 'database' });
  });

  it('refuses bad values, unknown names and doubles, and writes nothing of a refused batch', async () => {
    const before = await row('TRACE_DELETED');
    const bad: Array<[string, unknown, string]> = [
      ['AUTO_DUPLICATE_LVL', 64, 'between 0 and 63'],
      ['FREQUENCY', -2, 'between -1'],
      ['DOWNLOAD', 2, 'between 0 and 1'],
      ['PROLOG_FREQ', 0, 'between 1'],
      ['OCS_FILES_FORMAT', 'JSON', 'one of OCS, XML'],
      ['OCS_FILES_PATH', '  ', 'not be empty'],
      ['LOCAL_URI_SERVER', 'ftp://x', 'http'],
      ['DOWNLOAD_URI_INFO', 'x'.repeat(256), '255'],
      ['DOWNLOAD_URI_INFO', 'srv/\u{1F600}', 'cannot store'],
      ['LOGLEVEL', 'yes', 'whole number'],
      ['GUI_VERSION', '9999', 'unknown option'],
      ['NOT_AN_OPTION', 1, 'unknown option'],
    ];
    for (const [name, value, msg] of bad) {
      const e = await failure(
        call(
          admin,
          'options.set',
          unchecked({
            changes: [
              { name: 'TRACE_DELETED', value: 1 },
              { name, value },
            ],
          }),
        ),
      );
      expect(e.code, name).toBe('VALIDATION_FAILED');
      expect(
        e.fields?.map((f) => f.path),
        name,
      ).toContain(name);
      expect(e.fields?.find((f) => f.path === name)?.message, name).toContain(msg);
    }
    const twice = await failure(
      call(admin, 'options.set', {
        changes: [
          { name: 'DOWNLOAD', value: 1 },
          { name: 'download', value: 0 },
        ],
      }),
    );
    expect(twice.fields).toEqual([{ path: 'DOWNLOAD', message: 'given twice' }]);
    expect(await row('TRACE_DELETED')).toEqual(before);
    expect(await row('GUI_VERSION')).toEqual([expect.objectContaining({ TVALUE: '7069' })]);
  });

  it('a User reads the options but may not change them', async () => {
    expect((await call(user, 'options.list')).length).toBeGreaterThan(50);
    const e = await failure(call(user, 'options.set', { changes: [{ name: 'FREQUENCY', value: 3 }] }));
    expect(e.code).toBe('FORBIDDEN');
    const anon = await failure(call(session(null), 'options.list'));
    expect(anon.code).toBe('AUTH_REQUIRED');
  });

  it('rolls back the whole batch when a write fails', async () => {
    await call(admin, 'options.set', { changes: [{ name: 'TRACE_DELETED', value: 0 }] });
    // Make the INSERT of the missing row fail after the UPDATE of the first one has run.
    await raw('config').where('NAME', 'INVENTORY_SESSION_ONLY').delete();
    await raw.raw(
      "CREATE TRIGGER options_test_fail BEFORE INSERT ON config FOR EACH ROW BEGIN IF NEW.NAME = 'INVENTORY_SESSION_ONLY' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END",
    );
    try {
      const e = await failure(
        call(admin, 'options.set', {
          changes: [
            { name: 'TRACE_DELETED', value: 1 },
            { name: 'INVENTORY_SESSION_ONLY', value: 1 },
          ],
        }),
      );
      expect(e.code).not.toBe('VALIDATION_FAILED');
    } finally {
      await raw.raw('DROP TRIGGER IF EXISTS options_test_fail');
    }
    expect((await row('TRACE_DELETED'))[0]).toMatchObject({ IVALUE: 0 });
    expect(await row('INVENTORY_SESSION_ONLY')).toEqual([]);
  });
});
