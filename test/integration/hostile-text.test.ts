import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import { ADMIN, USER, testApp } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';

const { app, call, callByName, connect, session } = testApp();
const EMOJI = 'PC-🚀-😀';

/**
 * Text with characters outside the BMP (emoji) against OCS's utf8 (3-byte) columns: every route that
 * compares or stores user text gives rows or a clear VALIDATION_FAILED (context "astral"), never
 * MariaDB's raw "Illegal mix of collations" (DB_QUERY_FAILED).
 */
describe('emoji and collation-hostile text in filters and values', () => {
  let db = '';
  let dir = '';
  let k: Knex;
  const user = session(USER);
  const admin = session(ADMIN);
  let registryId = 0;

  beforeAll(async () => {
    db = await createOcsDb();
    dir = mkdtempSync(path.join(tmpdir(), 'ocsdesk-hostile-'));
    k = await createPool(rootParams(db), { max: 2 });
    await k('hardware').insert({ DEVICEID: 'pc-1', NAME: 'PC-ONE' });
    await connect(user, db);
    await connect(admin, db);
    registryId = (
      await call(admin, 'registry.save', {
        name: 'Run',
        hive: 2,
        key: 'Software\\Microsoft\\Windows\\CurrentVersion\\Run',
        value: '*',
      }).catch(() => ({ id: 0 }))
    ).id;
  });
  afterAll(async () => {
    await user.dispose();
    await admin.dispose();
    await k?.destroy();
    rmSync(dir, { recursive: true, force: true });
    if (db) await dropDb(db);
  });

  /** Calls a route (waiting for jobs); returns 'rows' or the error code with its context. */
  const outcome = async (who: typeof user, route: string, input: unknown): Promise<string> => {
    try {
      const r = await callByName(who, route, input);
      if (r && typeof r === 'object' && 'jobId' in r) {
        const info = await app.jobs.wait((r as { jobId: string }).jobId);
        if (info.state === 'succeeded') return 'rows';
        return `${info.error!.code}:${String(info.error!.params.context ?? '')}`;
      }
      return 'rows';
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return `${e.code}:${String(e.params.context ?? '')}`;
    }
  };

  const filter = { criteria: [{ field: 'hardware.NAME', op: 'LIKE', value: EMOJI }], match: 'all' };
  const cases: Array<[string, string, () => unknown, 'user' | 'admin']> = [
    ['computers.list', 'quick text', () => ({ filter: { quick: EMOJI } }), 'user'],
    ['computers.list', 'criterion', () => ({ filter }), 'user'],
    ['computers.count', 'selection', () => ({ selection: { kind: 'filter', filter } }), 'user'],
    ['computers.exportCsv', 'filter', () => ({ filter, columns: ['hardware.NAME'] }), 'user'],
    [
      'computers.exportCsvFile',
      'filter',
      () => ({ filter, columns: ['hardware.NAME'], path: path.join(dir, `x-${Math.random()}.csv`) }),
      'user',
    ],
    ['search.run', 'criterion', () => ({ filter: { ...filter, quick: EMOJI } }), 'user'],
    ['dictionary.list', 'filter', () => ({ tab: 'NEW', filter: EMOJI }), 'user'],
    ['dictionary.list', 'category', () => ({ tab: 'CATEGORY', category: EMOJI }), 'user'],
    ['registry.values', 'filter', () => ({ id: registryId, filter: EMOJI }), 'user'],
    ['ipdiscover.lookup', 'mac', () => ({ macs: ['😀'] }), 'user'],
    ['auth.login', 'login', () => ({ login: EMOJI, password: 'whatever-1' }), 'user'],
    [
      'computers.massSetAdminData',
      'selection',
      () => ({ selection: { kind: 'filter', filter }, values: { TAG: 'X' } }),
      'admin',
    ],
    [
      'computers.massSetAdminData',
      'value',
      () => ({ selection: { kind: 'filter', filter: { quick: 'PC-ONE' } }, values: { TAG: EMOJI } }),
      'admin',
    ],
  ];

  it.each(cases)('%s (%s): rows or a clear refusal', async (route, _what, input, who) => {
    const s = who === 'admin' ? admin : user;
    const r = await outcome(s, route, input());
    if (route === 'auth.login') s.operator = USER; // a refused login logs the session out
    expect(['rows', 'VALIDATION_FAILED:astral', 'AUTH_BAD_CREDENTIALS:']).toContain(r);
  });

  it('left the computer untouched when an emoji TAG was refused', async () => {
    const rows = (await k('accountinfo').select('TAG')) as Array<{ TAG: string | null }>;
    expect(rows.map((r) => r.TAG)).not.toContain(EMOJI);
  });
});
