/**
 * Duplicates benchmark (docs/design benchmarks: "duplicates summary (all six criteria) p95 < 500 ms" on
 * 100k computers): p50/p95 of the summary as the route runs it, next to the naive shape (one plain
 * GROUP BY per criterion over the joined tables, no candidate prefilter) measured in the same run, plus
 * the EXPLAIN of the candidate queries (they must read an index only, never scan a table).
 *
 *   node scripts/run-ts.mjs bench/duplicates/duplicates.bench.ts
 *
 * Reads the fleet of `npm run bench:console` (database ocsdesk_bench, or OCS_BENCH_DB); writes nothing.
 */
import type { Knex } from 'knex';
import { DUPLICATE_CRITERIA } from '../../shared/contract/duplicates';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { countGroups, type Candidates } from '../../src-main/duplicates/duplicates.repo';
import { createPool } from '../../src-main/platform/db/connect';
import { benchServer, pct, time } from '../lib/measure';

const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench';
const ITER = Number(process.env.OCS_BENCH_ITER ?? 20);
const server = benchServer;

const NAIVE: Record<string, string> = {
  hostname_serial:
    'SELECT h.NAME, b.SSN FROM hardware h JOIN bios b ON b.HARDWARE_ID = h.ID WHERE h.NAME <> "" AND b.SSN <> "" AND b.SSN NOT IN (SELECT SERIAL FROM blacklist_serials) GROUP BY h.NAME, b.SSN HAVING COUNT(DISTINCT h.ID) > 1',
  hostname_macaddress:
    'SELECT h.NAME, n.MACADDR FROM hardware h JOIN networks n ON n.HARDWARE_ID = h.ID WHERE h.NAME <> "" AND n.MACADDR <> "" AND n.MACADDR NOT IN (SELECT MACADDRESS FROM blacklist_macaddresses) GROUP BY h.NAME, n.MACADDR HAVING COUNT(DISTINCT h.ID) > 1',
  macaddress_serial:
    'SELECT n.MACADDR, b.SSN FROM networks n JOIN bios b ON b.HARDWARE_ID = n.HARDWARE_ID WHERE n.MACADDR <> "" AND b.SSN <> "" AND n.MACADDR NOT IN (SELECT MACADDRESS FROM blacklist_macaddresses) AND b.SSN NOT IN (SELECT SERIAL FROM blacklist_serials) GROUP BY n.MACADDR, b.SSN HAVING COUNT(DISTINCT n.HARDWARE_ID) > 1',
  hostname:
    'SELECT h.NAME FROM hardware h WHERE h.NAME <> "" GROUP BY h.NAME HAVING COUNT(DISTINCT h.ID) > 1',
  ssn: 'SELECT b.SSN FROM bios b WHERE b.SSN <> "" AND b.SSN NOT IN (SELECT SERIAL FROM blacklist_serials) GROUP BY b.SSN HAVING COUNT(DISTINCT b.HARDWARE_ID) > 1',
  macaddress:
    'SELECT n.MACADDR FROM networks n WHERE n.MACADDR <> "" AND n.MACADDR NOT IN (SELECT MACADDRESS FROM blacklist_macaddresses) GROUP BY n.MACADDR HAVING COUNT(DISTINCT n.HARDWARE_ID) > 1',
};

async function main(): Promise<void> {
  const k: Knex = await createPool({ ...server, database: DB }, { max: 2 });
  try {
    const [[{ n }]] = (await k.raw('SELECT COUNT(*) AS n FROM hardware')) as [[{ n: number }]];
    const scope = await wholeFleetScope(k);
    const summary = async () => {
      const known: Candidates = new Map();
      const out = [];
      for (const c of DUPLICATE_CRITERIA) out.push({ c, ...(await countGroups(k, c, scope, known)) });
      return out;
    };
    console.log(`${DB}: ${n} hardware rows`);
    for (const r of await summary())
      console.log(`  ${r.c.padEnd(20)} ${r.groups} groups, ${r.computers} computers`);
    for (const [table, col] of [
      ['hardware', 'NAME'],
      ['bios', 'SSN'],
      ['networks', 'MACADDR'],
    ] as const) {
      const [plan] = (await k.raw(`EXPLAIN SELECT ?? FROM ?? GROUP BY ?? HAVING COUNT(*) > 1`, [
        col,
        table,
        col,
      ])) as [Array<{ type: string; key: string | null; Extra: string }>];
      const p = plan[0]!;
      const ok = p.key && /Using index/.test(p.Extra);
      console.log(
        `  EXPLAIN candidates ${table}.${col}: type=${p.type} key=${p.key} ${p.Extra} ${ok ? 'OK' : 'NOT INDEX-ONLY'}`,
      );
    }
    const ours = await time(summary, ITER);
    const naive = await time(
      async () => {
        for (const c of DUPLICATE_CRITERIA) await k.raw(`SELECT COUNT(*) FROM (${NAIVE[c]}) g`);
      },
      Math.max(3, Math.floor(ITER / 4)),
    );
    const p95 = pct(ours, 95);
    console.log(
      `summary (six criteria): p50 ${pct(ours, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (goal < 500 ms) ${p95 < 500 ? 'OK' : 'SLOW'}`,
    );
    console.log(
      `naive GROUP BY shape:   p50 ${pct(naive, 50).toFixed(1)} ms, p95 ${pct(naive, 95).toFixed(1)} ms`,
    );
    console.log(`ratio naive/ours (p50): ${(pct(naive, 50) / pct(ours, 50)).toFixed(1)}x`);
  } finally {
    await k.destroy();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
