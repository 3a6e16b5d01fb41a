/**
 * All software and Home's top software on a big fleet (issue 20), the database as it is (with or
 * without the optional index ocsdesk_name_hw; nothing is written, so the shared fleet can be measured):
 *
 *   OCS_BENCH_DB=ocsdesk_bench npm run bench:software
 *
 * Each run opens fresh pools, so no per-name counts are kept: it times the first page sorted by name
 * without them (what an admin sees first), the background count itself, then the pages and the top
 * software that read the kept counts, each next to the naive SQL of the same run (capped).
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { SoftwareListInput } from '../../shared/contract/software';
import { perfIndexStatus } from '../../src-main/computers/perf-indexes';
import { createPool } from '../../src-main/platform/db/connect';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { keptBytes, nameCountsNow } from '../../src-main/software/name-counts';
import { lastCountPhases } from '../../src-main/software/software.repo';
import { listSoftware, mostInstalled } from '../../src-main/software/software.service';
import { benchServer, pct, time } from '../lib/measure';

const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench';
const ITER = Number(process.env.OCS_BENCH_ITER ?? 10);
const NAIVE_CAP_S = Number(process.env.OCS_BENCH_NAIVE_CAP_S ?? 20);

const fmt = (ms: number) => ms.toFixed(0);
const row = (what: string, xs: number[], naive = '') =>
  process.stdout.write(`| ${what} | ${fmt(pct(xs, 50))} / ${fmt(pct(xs, 95))} | ${naive} |\n`);

async function naive(k: Knex, sql: string): Promise<string> {
  const t = performance.now();
  try {
    await k.raw(`SET STATEMENT max_statement_time = ${NAIVE_CAP_S} FOR ${sql}`);
    return `${fmt(performance.now() - t)} ms`;
  } catch {
    return `> ${NAIVE_CAP_S} s (stopped)`;
  }
}

async function main(): Promise<void> {
  const k = await createPool({ ...benchServer, database: DB }, { max: 4 });
  const idx = (await perfIndexStatus(k)).find((i) => i.name === 'ocsdesk_name_hw');
  const [[size]] = (await k.raw(
    "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'software'",
    [DB],
  )) as [[{ n: number }]];
  process.stdout.write(
    `${DB}: ~${Number(size.n).toLocaleString('en')} software rows, ocsdesk_name_hw ${idx?.present ? 'present' : 'absent'}, ${ITER} runs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n\n| case | p50 / p95 ms | naive SQL, same run |\n|---|---|---|\n`,
  );
  const byName = SoftwareListInput.parse({ limit: 100 });
  const byComputers = SoftwareListInput.parse({ sort: { column: 'computers', dir: 'desc' }, limit: 100 });
  // First page with no counts kept: a fresh pool each time, the page does not wait (0 ms budget); then
  // the count that page started, awaited before the next run (two counts never overlap).
  const firsts: number[] = [];
  const countMs: number[] = [];
  let names = 0;
  let triples = 0;
  let bytes = 0;
  for (let i = 0; i < Math.min(ITER, 3); i++) {
    const fresh = await createPool({ ...benchServer, database: DB }, { max: 4 });
    const scope = await wholeFleetScope(fresh);
    const t = performance.now();
    const page = await listSoftware(fresh, scope, byName, 0);
    firsts.push(performance.now() - t);
    if (page.total !== null) throw new Error('a fresh pool had counts');
    const kept = await nameCountsNow(fresh, scope);
    names = kept.byName.length;
    triples = kept.computers.length;
    bytes = keptBytes(kept);
    process.stderr.write(
      `count ${i + 1}: read ${lastCountPhases.rows} rows in ${fmt(lastCountPhases.scanMs)} ms, ${lastCountPhases.splitComputers} computers in several runs read again in ${fmt(lastCountPhases.correctMs)} ms, load ${loadavg()[0]!.toFixed(1)}\n`,
    );
    countMs.push(performance.now() - t);
    await fresh.destroy();
  }
  row(
    'All software, first page by name, no counts kept (total follows)',
    firsts,
    await naive(
      k,
      'SELECT COUNT(*) FROM software_name n WHERE EXISTS (SELECT 1 FROM software s WHERE s.NAME_ID = n.ID)',
    ),
  );
  // The statement the count was before 2026-12-07 (one GROUP BY … WITH ROLLUP, sorted by the server),
  // same run: OCS_BENCH_ROLLUP_CAP_S bounds it (0 leaves it out).
  const rollupCap = Number(process.env.OCS_BENCH_ROLLUP_CAP_S ?? 300);
  let before = '';
  if (rollupCap > 0) {
    const t = performance.now();
    try {
      await k.raw(
        `SET STATEMENT max_statement_time = ${rollupCap} FOR SELECT NAME_ID, PUBLISHER_ID, VERSION_ID,
           COUNT(DISTINCT HARDWARE_ID) FROM software GROUP BY NAME_ID, PUBLISHER_ID, VERSION_ID WITH ROLLUP`,
      );
      before = `GROUP BY … WITH ROLLUP (before): ${fmt(performance.now() - t)} ms, load ${loadavg()[0]!.toFixed(1)}`;
    } catch {
      before = `GROUP BY … WITH ROLLUP (before): > ${rollupCap} s (stopped)`;
    }
  }
  row(`background count (${names} names, ${triples} triples), from the page's start`, countMs, before);
  process.stdout.write(
    `\nkept counts: ~${(bytes / 1e6).toFixed(1)} MB (typed arrays + per-name figures); heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, array buffers ${(process.memoryUsage().arrayBuffers / 1e6).toFixed(0)} MB after the count\n\n`,
  );
  const scope = await wholeFleetScope(k);
  await nameCountsNow(k, scope);
  row(
    'All software, first page by name, counts kept',
    await time(() => listSoftware(k, scope, byName), ITER),
  );
  // Its figures come from the kept count too (before 2026-12-07 they read every row of the most
  // installed names: minutes at 100k without ocsdesk_name_hw); OCS_BENCH_BY_COMPUTERS=0 leaves it out.
  if (process.env.OCS_BENCH_BY_COMPUTERS !== '0')
    row(
      'All software, first page by computers, counts kept',
      await time(() => listSoftware(k, scope, byComputers), ITER),
      await naive(
        k,
        `SELECT n.ID, n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software_name n JOIN software s ON s.NAME_ID = n.ID
        GROUP BY n.ID, n.NAME ORDER BY c DESC LIMIT 100`,
      ),
    );
  row(
    'Home top software (10), counts kept',
    await time(() => mostInstalled(k, scope, 10, 0), ITER),
    await naive(
      k,
      'SELECT s.NAME_ID, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software s GROUP BY s.NAME_ID ORDER BY c DESC LIMIT 10',
    ),
  );
  process.stdout.write(
    `\nload at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  await k.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
