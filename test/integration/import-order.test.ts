import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { runImportBatch, SERVER_MAX_CONCURRENCY } from '../../src-main/import/import.service';
import { createRealSchemaDb, dropDb, grantApp, realSchemaAvailable } from '../helpers/db';
import { MAKE_FLEET, STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';
import { noCtl, withPool, withSoftware } from '../helpers/import-test';

/**
 * Defects 2 and 3 of issue 16: the order in which a batch applies files of one computer, and duplicate
 * merges, must not depend on the concurrency (each test failed before apply-order.ts).
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-order-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

function makeFleet(out: string, count: number, extra: string[] = []): string[] {
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(count),
    '--out',
    out,
    '--seed',
    '16',
    '--jobs',
    '1',
    ...extra,
  ]);
  return readdirSync(out)
    .filter((f) => f.endsWith('.ocs'))
    .sort();
}

async function softwareOf(k: Knex, deviceId: string): Promise<{ n: number; names: string[] }> {
  const [rows] = (await k.raw(
    `SELECT n.NAME FROM software s JOIN hardware h ON h.ID = s.HARDWARE_ID JOIN software_name n ON n.ID = s.NAME_ID
      WHERE h.DEVICEID = ? ORDER BY n.NAME LIMIT 3`,
    [deviceId],
  )) as [Array<{ NAME: string }>];
  const [[c]] = (await k.raw(
    'SELECT COUNT(*) AS n FROM software s JOIN hardware h ON h.ID = s.HARDWARE_ID WHERE h.DEVICEID = ?',
    [deviceId],
  )) as [[{ n: number }]];
  return { n: Number(c.n), names: rows.map((r) => r.NAME) };
}

/** Two files of one computer: a big one then its small update (`a-…` before `b-…`), and the reverse. */
function updatePairs(
  dir: string,
  bigCount: number,
): { deviceId: string; dir: string; last: 'old' | 'new' }[] {
  const src = path.join(work, 'src-' + path.basename(dir));
  const files = makeFleet(src, 2, ['--compress', 'none']);
  const out: { deviceId: string; dir: string; last: 'old' | 'new' }[] = [];
  files.forEach((f, i) => {
    const xml = readFileSync(path.join(src, f), 'utf8');
    const deviceId = f.replace(/\.ocs$/, '');
    const big = withSoftware(xml, bigCount, 'old', true);
    const small = withSoftware(xml, 50, 'new');
    const d = path.join(dir, `pair${i}`);
    mkdirSync(d, { recursive: true });
    // pair0: big first, then the update; pair1: the update first, then the big one.
    writeFileSync(path.join(d, 'a.ocs'), i === 0 ? big : small);
    writeFileSync(path.join(d, 'b.ocs'), i === 0 ? small : big);
    out.push({ deviceId, dir: d, last: i === 0 ? 'new' : 'old' });
  });
  return out;
}

describe.skipIf(!realSchemaAvailable())('files of one computer are applied in input order (defect 2)', () => {
  it('offline at the default and the highest concurrency: the last file wins', async () => {
    const pairs = updatePairs(path.join(work, 'offline-pairs'), 20_000);
    for (const concurrency of [undefined, 16]) {
      const db = await createRealSchemaDb();
      dbs.push(db);
      await withPool(db, async (k) => {
        const s = await runImportBatch(
          k,
          pairs.map((p) => p.dir),
          { mode: 'offline', concurrency },
          noCtl(),
        );
        expect(s.failed, JSON.stringify(s.files.filter((f) => f.status === 'failed'))).toBe(0);
        for (const p of pairs) {
          const got = await softwareOf(k, p.deviceId);
          expect({ concurrency, ...got, dir: p.dir }).toMatchObject(
            p.last === 'new'
              ? { n: 50, names: ['new product 0', 'new product 1', 'new product 10'] }
              : { n: 20_000, names: ['old product 0', 'old product 1', 'old product 10'] },
          );
        }
      });
    }
  });

  const stackReason = stackUnavailableReason();
  it.skipIf(!!stackReason)(
    `server mode at its highest allowed concurrency (${SERVER_MAX_CONCURRENCY}): the last file wins`,
    async () => {
      const pairs = updatePairs(path.join(work, 'server-pairs'), 2_000);
      const db = `ocsdesk_it_ord_${process.pid}`;
      dbs.push(db);
      await withStackLock(async () => {
        await stack('reset-db', db);
        await grantApp(db);
        await stack('use-db', db);
        try {
          await withPool(db, async (k) => {
            const s = await runImportBatch(
              k,
              pairs.map((p) => p.dir),
              { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency: SERVER_MAX_CONCURRENCY },
              noCtl(),
            );
            expect(s.failed, JSON.stringify(s.files.filter((f) => f.status === 'failed'))).toBe(0);
            for (const p of pairs) {
              const got = await softwareOf(k, p.deviceId);
              expect(got.n, p.dir).toBe(p.last === 'new' ? 50 : 2_000);
            }
          });
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
    },
  );
});

describe.skipIf(!realSchemaAvailable())(
  'duplicate merges do not depend on the concurrency (defect 3)',
  () => {
    it('AUTO_DUPLICATE_LVL hostname, TRACE_DELETED=1: 80 files, 6 groups of 3 → 74 computers, 6 traces at 1, 4 and 16', async () => {
      const fleet = path.join(work, 'dups');
      makeFleet(fleet, 80, ['--duplicates', '6', '--dup-size', '3']);
      const results: Array<{ concurrency: number; computers: string[]; traces: number }> = [];
      for (const concurrency of [1, 4, 16]) {
        const db = await createRealSchemaDb();
        dbs.push(db);
        await withPool(db, async (k) => {
          await k.raw(
            `INSERT INTO config (NAME, IVALUE) VALUES ('AUTO_DUPLICATE_LVL', 1), ('TRACE_DELETED', 1)
             ON DUPLICATE KEY UPDATE IVALUE = VALUES(IVALUE)`,
          );
          const s = await runImportBatch(k, [fleet], { mode: 'offline', concurrency }, noCtl());
          expect(s.failed).toBe(0);
          const [hw] = (await k.raw('SELECT DEVICEID FROM hardware ORDER BY DEVICEID')) as [
            Array<{ DEVICEID: string }>,
          ];
          const [[t]] = (await k.raw('SELECT COUNT(*) AS n FROM deleted_equiv')) as [[{ n: number }]];
          results.push({ concurrency, computers: hw.map((r) => r.DEVICEID), traces: Number(t.n) });
        });
      }
      const serial = results[0]!;
      expect(serial.computers).toHaveLength(74);
      expect(serial.traces).toBe(6);
      for (const r of results.slice(1)) {
        expect({ concurrency: r.concurrency, traces: r.traces, computers: r.computers }).toEqual({
          concurrency: r.concurrency,
          traces: serial.traces,
          computers: serial.computers,
        });
      }
    });
  },
);
