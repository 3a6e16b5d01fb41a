import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOcsFile } from '../../src-main/import/ocs-reader';
import { createOfflineSession } from '../../src-main/import/offline-import';
import { revalidateCaches } from '../../src-main/import/offline-writer';
import { readDbFacts } from '../../src-main/import/server-config';
import { createRealSchemaDb, dropDb, realSchemaAvailable } from '../helpers/db';
import { withPool } from '../helpers/import-test';
import { MAKE_FLEET } from '../helpers/ocs-stack';

/**
 * The inventory caches' rebuild (INVENTORY_CACHE_REVALIDATE) happens once, as when the comm server is
 * fed serially, however many files of an offline batch find the caches stale at once. Found by the
 * equality test at concurrency 16: engine_mutex is a MEMORY table, freed by the rebuilding file before
 * its COMMIT, so a file that had read the age before that COMMIT took the mutex and rebuilt the caches
 * again from the rows it could see, dropping the NULL row of the first rebuild.
 */
const dbs: string[] = [];
const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-cache-revalidate-'));
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

const CACHE_CONFIG =
  "INSERT INTO config (NAME, IVALUE) VALUES ('INVENTORY_CACHE_ENABLED', 1), ('INVENTORY_CACHE_REVALIDATE', 7) ON DUPLICATE KEY UPDATE IVALUE = VALUES(IVALUE)";

describe.skipIf(!realSchemaAvailable())('inventory cache revalidation under concurrent files', () => {
  it('a file that read a stale age while another rebuilt the caches does not rebuild them again', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    await withPool(db, async (k) => {
      await k.raw(CACHE_CONFIG);
      await k.raw("DELETE FROM engine_persistent WHERE NAME = 'INVENTORY_CACHE_CLEAN_DATE'");
      await k.raw("INSERT INTO hardware (DEVICEID, OSNAME) VALUES ('a', 'Linux'), ('b', 'Windows')");
      const facts = await readDbFacts(k);
      expect(facts.options).toMatchObject({ cacheEnabled: true, cacheRevalidateDays: 7 });

      // File X: a new computer (its hardware row has no OSNAME yet) finds no clean date and rebuilds.
      const x = await k.transaction();
      await x.raw("INSERT INTO hardware (DEVICEID) VALUES ('x')");
      await revalidateCaches(x, facts, []);
      // File W read the age before X's COMMIT (no clean date either), and takes the mutex X has freed.
      const w = await k.transaction();
      let wDone = false;
      const wRun = revalidateCaches(w, facts, []).finally(() => {
        wDone = true;
      });
      await new Promise((r) => setTimeout(r, 500));
      // X goes on as the writer does: its OSNAME, its cache entry, COMMIT.
      await x.raw("UPDATE hardware SET OSNAME = 'Mac' WHERE DEVICEID = 'x'");
      await x.raw("INSERT IGNORE INTO hardware_osname_cache (OSNAME) VALUES ('Mac')");
      expect(wDone, 'W waits for X before deciding').toBe(false);
      await x.commit();
      await wRun;
      await w.commit();

      const [rows] = (await k.raw('SELECT OSNAME FROM hardware_osname_cache ORDER BY OSNAME')) as [
        Array<{ OSNAME: string | null }>,
      ];
      // What the serial comm server leaves: one rebuild (with the new computer's NULL), then 'Mac' added.
      expect(rows.map((r) => r.OSNAME)).toEqual([null, 'Linux', 'Mac', 'Windows']);
      const [[m]] = (await k.raw('SELECT COUNT(*) AS n FROM engine_mutex')) as [[{ n: number }]];
      expect(Number(m.n)).toBe(0);
    });
  });

  it('a batch whose caches are due goes one file at a time until the first file has rebuilt them', async () => {
    const db = await createRealSchemaDb();
    dbs.push(db);
    const dir = path.join(work, 'two');
    execFileSync('python3', [MAKE_FLEET, '--count', '2', '--out', dir, '--seed', '5', '--jobs', '1']);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ocs'))
      .sort()
      .map((f) => path.join(dir, f));
    const [one, two] = await Promise.all(files.map((f) => readOcsFile(f)));
    await withPool(db, async (k) => {
      await k.raw(CACHE_CONFIG);
      await k.raw(
        "INSERT INTO engine_persistent (NAME, IVALUE) VALUES ('INVENTORY_CACHE_CLEAN_DATE', UNIX_TIMESTAMP(NOW()) - 30 * 86400) ON DUPLICATE KEY UPDATE IVALUE = VALUES(IVALUE)",
      );
      const facts = await readDbFacts(k);
      const session = await createOfflineSession(k, facts, 4);
      // Another writer holds the clean date: the first file's rebuild waits for it, under the mutex.
      const other = await k.transaction();
      await other.raw("SELECT * FROM engine_persistent WHERE NAME = 'INVENTORY_CACHE_CLEAN_DATE' FOR UPDATE");
      const settled: string[] = [];
      const first = session.importFile(one!, files[0]!).finally(() => settled.push('first'));
      const second = session.importFile(two!, files[1]!).finally(() => settled.push('second'));
      let meanwhile: string[];
      try {
        await new Promise((r) => setTimeout(r, 1500));
        meanwhile = [...settled];
      } finally {
        // Whatever happens, the files can finish (and the database be dropped).
        await other.commit();
        await Promise.allSettled([first, second]);
        await session.close();
      }
      // Before: the second file found the mutex taken, skipped the rebuild and was written meanwhile.
      expect(meanwhile, 'nothing is written while the first file rebuilds the caches').toEqual([]);
      await Promise.all([first, second]);
      expect(settled).toEqual(['first', 'second']);
      const [hw] = (await k.raw('SELECT DISTINCT OSNAME FROM hardware WHERE OSNAME IS NOT NULL')) as [
        Array<{ OSNAME: string }>,
      ];
      const [cache] = (await k.raw('SELECT OSNAME FROM hardware_osname_cache WHERE OSNAME IS NOT NULL')) as [
        Array<{ OSNAME: string }>,
      ];
      expect(cache.map((r) => r.OSNAME).sort()).toEqual(hw.map((r) => r.OSNAME).sort());
    });
  });
});
