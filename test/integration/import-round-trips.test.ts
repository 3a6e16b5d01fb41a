import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { runImportBatch } from '../../src-main/import/import.service';
import { createOcsDb, dropDb, realSchemaAvailable } from '../helpers/db';
import { noCtl, withPool } from '../helpers/import-test';
import { MAKE_FLEET } from '../helpers/ocs-stack';

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-rt-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

/** The round trips of one batch: the statements knex sends (a multi-statement is one), by its query events. */
async function batchRoundTrips(k: Knex, dir: string): Promise<{ sql: string[]; imported: number }> {
  const sql: string[] = [];
  const onQuery = (q: { sql: string }) => sql.push(q.sql.trim());
  k.on('query', onQuery);
  try {
    const s = await runImportBatch(k, [dir], { mode: 'offline' }, noCtl());
    expect(s.files.filter((f) => f.status === 'failed')).toEqual([]);
    return { sql, imported: s.imported };
  } finally {
    k.off('query', onQuery);
  }
}

describe.skipIf(!realSchemaAvailable())('offline import round trips (docs/import.md "Round trips")', () => {
  it('sends BEGIN and COMMIT with the file statements, and the computer row and its lock with the first reads', async () => {
    const db = await createOcsDb();
    dbs.push(db);
    const dir = path.join(work, 'fleet');
    const files = 12;
    execFileSync('python3', [MAKE_FLEET, '--count', String(files), '--out', dir, '--seed', '11']);
    await withPool(db, async (k) => {
      // Fresh database: new computers, most files bring new dictionary texts.
      const fresh = await batchRoundTrips(k, dir);
      expect(fresh.imported).toBe(files);
      // BEGIN is never a round trip of its own (knex's transactions sent `BEGIN;` alone for every file).
      expect(fresh.sql.filter((s) => /^(BEGIN|START TRANSACTION);?$/i.test(s))).toEqual([]);
      const begins = fresh.sql.filter((s) => s.startsWith('START TRANSACTION;'));
      // One transaction per file (a retried deadlock would add one).
      expect(begins.length).toBeGreaterThanOrEqual(files);
      // The first round trip also creates the computer and takes its lock (was a round trip of its own).
      for (const s of begins) expect(s).toMatch(/INSERT IGNORE INTO locks[^;]*SELECT ID/);
      // A file with new dictionary texts sends its software rows and the COMMIT in one round trip.
      expect(
        fresh.sql.filter((s) => /^INSERT INTO `software`[\s\S]*;\s*COMMIT$/.test(s)).length,
      ).toBeGreaterThan(0);

      // Again: every computer and every text exists, so 3 round trips per file (first reads + lock,
      // writes + duplicate checks, COMMIT; 5 before), plus the batch's own setup (configuration, writer,
      // packet size).
      const again = await batchRoundTrips(k, dir);
      expect(again.imported).toBe(files);
      const perFile = again.sql.filter((s) => s.startsWith('START TRANSACTION;')).length;
      expect(perFile).toBe(files);
      const setup = again.sql.length - 3 * files;
      expect(setup).toBeGreaterThanOrEqual(0);
      expect(setup).toBeLessThanOrEqual(12);
      const [[locks]] = (await k.raw('SELECT COUNT(*) AS n FROM locks')) as [[{ n: number | string }]];
      expect(Number(locks.n)).toBe(0);
    });
  });
});
