import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { ADMIN, failure, testApp } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';

/**
 * The 7039 schema the comm server package creates on its own (no ocsreports 2.11 upgrade yet), as
 * the app account: a screen whose tables it has works, one that needs a later table says which table
 * and how to add it, never a raw database error.
 */
const t = testApp();

describe.skipIf(!realSchemaAvailable())('an OCS database at the comm server package’s 7039 schema', () => {
  let db = '';
  let k: Knex;
  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 40, seed: 5, batch: 40, concurrency: 1 });
  });
  afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('lacks the 7069 tables this test is about', async () => {
    for (const table of ['cve_search_computer', 'snmp_types_conditions']) {
      expect(await k.schema.hasTable(table), table).toBe(false);
    }
    expect(await k.schema.hasTable('cve_search')).toBe(true);
  });

  it('CVE: the status and lists answer (cve_search_computer counts as empty)', async () => {
    const admin = await t.connect(t.session(ADMIN), db);
    const status = await t.call(admin, 'cve.status');
    expect(status).toMatchObject({ cveRows: 0, computerRows: 0, historyRows: 0, lastRun: null });
    expect((await t.call(admin, 'cve.software', {})).rows).toEqual([]);
    expect((await t.call(admin, 'cve.byComputer', {})).rows).toEqual([]);
  });

  it('SNMP configuration names the missing table and the upgrade instead of a raw SQL error', async () => {
    const admin = await t.connect(t.session(ADMIN), db);
    const e = await failure(t.call(admin, 'snmp.config'));
    expect([e.code, e.params]).toEqual(['DB_TABLE_MISSING', { table: 'snmp_types_conditions' }]);
  });
});
