/**
 * The computers list's first page by last inventory on a fleet that the comm server keeps writing
 * (issue 22; docs/performance.md "First page on a fleet being written"). OCS has no index on
 * hardware.LASTDATE: the page is a slice of the order kept in memory (date-order.ts) while hardware does
 * not change, and after any write the server's sort of all of hardware, bounded by FIRST_PAGE_BUDGET_MS
 * (computers.service.ts), over which the page is the kept order as it was read.
 *
 *   npm run bench:written     # copies the list's tables of ocsdesk_bench (read only) into its own database
 *
 * OCS_BENCH_SOURCE (default ocsdesk_bench) is only read: hardware, accountinfo and bios (the tables a plain
 * list reads) and config, accountinfo_config are copied into OCS_BENCH_DB (default ocsdesk_first_written;
 * every other table of the source created empty), which is dropped at the end unless OCS_BENCH_KEEP=1.
 * A writer updates one random computer's LASTDATE and LASTCOME OCS_BENCH_WRITES_PER_S times a second
 * (default 2), as the comm server's inventories and contacts do. Alternated in each of OCS_BENCH_ITER
 * rounds (12): the first page as the grid asks for it (rows, the total apart) 11 s after the last read
 * of the order (older than the 10 s a view's blocks accept despite writes), the same page's SQL sort
 * alone (what every such page cost before the budget: the baseline of the same run), and the first page
 * with the writer paused. It prints p50/p95, how many pages were the kept order rather than the server's
 * sort (those differ from a fresh ORDER BY by the computers written since the read) and the load average.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { ListInput } from '../../shared/contract/computers';
import { listColumns, listComputers } from '../../src-main/computers/computers.service';
import { baseQuery, pageIds } from '../../src-main/computers/computers.repo';
import { resolveSoftwareIds } from '../../src-main/computers/filter-sql';
import { getSchemaInfo } from '../../src-main/computers/schema-info';
import { dateOrdersRead } from '../../src-main/computers/date-order';
import { createPool } from '../../src-main/platform/db/connect';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { benchServer, pct } from '../lib/measure';

const SOURCE = process.env.OCS_BENCH_SOURCE ?? 'ocsdesk_bench';
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_first_written';
const ITER = Number(process.env.OCS_BENCH_ITER ?? 12);
const WRITES_PER_S = Number(process.env.OCS_BENCH_WRITES_PER_S ?? 2);
const COPIED = ['hardware', 'accountinfo', 'bios', 'config', 'accountinfo_config'];
const GAP_MS = 1200;
/** Older than the 10 s during which a view's blocks accept a kept order despite writes (date-order.ts). */
const OLD_MS = 11_000;

const log = (s: string) => process.stdout.write(s + '\n');
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function copyFleet(): Promise<void> {
  if (SOURCE === DB) throw new Error('OCS_BENCH_DB must differ from the read-only OCS_BENCH_SOURCE');
  const root = await createPool({ ...benchServer, database: 'mysql' }, { database: null, max: 1 });
  try {
    await root.raw('DROP DATABASE IF EXISTS ??', [DB]);
    await root.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [DB]);
    const [tables] = (await root.raw(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [SOURCE],
    )) as [Array<{ t: string }>];
    if (!tables.some((x) => x.t === 'hardware')) throw new Error(`${SOURCE}: no hardware table`);
    for (const { t } of tables) {
      await root.raw('CREATE TABLE ??.?? LIKE ??.??', [DB, t, SOURCE, t]);
      if (COPIED.includes(t)) await root.raw('INSERT INTO ??.?? SELECT * FROM ??.??', [DB, t, SOURCE, t]);
    }
    await root.raw('ANALYZE TABLE ??.hardware', [DB]);
  } finally {
    await root.destroy();
  }
}

/** One random computer inventoried now, every 1000 / WRITES_PER_S ms, until stopped. */
function startWriter(w: Knex, maxId: number): { pause(on: boolean): void; stop(): Promise<number> } {
  let paused = false;
  let stopped = false;
  let writes = 0;
  const loop = (async () => {
    while (!stopped) {
      if (!paused) {
        const id = 1 + Math.floor(Math.random() * maxId);
        await w.raw('UPDATE hardware SET LASTDATE = NOW(), LASTCOME = NOW() WHERE ID = ?', [id]);
        writes++;
      }
      await sleep(1000 / WRITES_PER_S);
    }
  })();
  return {
    pause: (on) => {
      paused = on;
    },
    stop: async () => {
      stopped = true;
      await loop;
      return writes;
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function main(): Promise<void> {
  log(`copying the list's tables of ${SOURCE} into ${DB} (load ${load()})`);
  await copyFleet();
  const k = await createPool({ ...benchServer, database: DB }, { max: 4 });
  const w = await createPool({ ...benchServer, database: DB }, { max: 1 });
  try {
    const scope = await wholeFleetScope(k);
    const s = await getSchemaInfo(k);
    const all = await listColumns(k);
    const col = all.find((c) => c.id === 'hardware.LASTDATE')!;
    const [[{ n, maxId }]] = (await k.raw('SELECT COUNT(*) AS n, MAX(ID) AS maxId FROM hardware')) as [
      [{ n: number; maxId: number }],
    ];
    log(
      `${n} computers; ocsdesk_lastdate ${s.indexNames.get('hardware')?.has('ocsdesk_lastdate') ? 'present' : 'absent'}; writer ${WRITES_PER_S}/s; ${ITER} rounds; load ${load()}`,
    );
    // As the grid asks for it (Pages and the one list alike): rows without the count, the total apart.
    const page = ListInput.parse({
      sort: { column: col.id, dir: 'desc' },
      offset: 0,
      limit: 50,
      withTotal: false,
    });
    const base = baseQuery(k, s, scope, page.filter, await resolveSoftwareIds(k, s, page.filter));
    const fresh = () => pageIds(k, base, col, 'desc', 0, 50);
    // Warm-up: the pool, the buffer pool, the first kept order.
    await listComputers(k, scope, page);
    await dateOrdersRead(k);
    const writer = startWriter(w, maxId);
    const samples = { page: [] as number[], sql: [] as number[], quiet: [] as number[] };
    let keptAnswers = 0;
    const loads: string[] = [];
    for (let i = 0; i < ITER; i++) {
      // A first visit: the kept order older than the 10 s a view's blocks accept, the fleet written since.
      await sleep(OLD_MS);
      const [ms, p] = await timed(() => listComputers(k, scope, page));
      samples.page.push(ms);
      // A page that differs from the server's order right now came from the kept order.
      const now = await fresh();
      if (p.rows.some((r, j) => r.id !== now[j])) keptAnswers++;
      await dateOrdersRead(k);
      await sleep(GAP_MS);
      samples.sql.push((await timed(fresh))[0]);
      // Quiet: the writer paused, its last write older than the order read next.
      writer.pause(true);
      await sleep(GAP_MS);
      await listComputers(k, scope, { ...page, withTotal: true });
      await dateOrdersRead(k);
      samples.quiet.push((await timed(() => listComputers(k, scope, page)))[0]);
      writer.pause(false);
      if (i % 4 === 3) loads.push(load());
    }
    const writes = await writer.stop();
    const row = (what: string, xs: number[]) =>
      log(`  ${what.padEnd(66)} p50/p95 ${fmt(pct(xs, 50))} / ${fmt(pct(xs, 95))} ms`);
    log(
      `\nfirst page by last inventory, ${writes} writes during the run (load every 4 rounds: ${loads.join(' | ')})`,
    );
    row(`first page, order ${OLD_MS / 1000} s old and the fleet written since (listComputers)`, samples.page);
    row('  baseline: its SQL sort of hardware alone (every such page before)', samples.sql);
    row('first page, writer paused (kept order exact)', samples.quiet);
    log(`  pages answered from the kept order (not the server's sort): ${keptAnswers} of ${ITER}`);
  } finally {
    await k.destroy();
    await w.destroy();
    if (process.env.OCS_BENCH_KEEP !== '1') {
      const root = await createPool({ ...benchServer, database: 'mysql' }, { database: null, max: 1 });
      await root.raw('DROP DATABASE IF EXISTS ??', [DB]);
      await root.destroy();
    }
  }
  log(`\nload average at end ${load()}; ${execFileSync('uptime').toString().trim()}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
