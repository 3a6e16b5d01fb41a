/**
 * Console benchmark on a big fleet (docs/performance.md): p50/p95 of the list, search, detail and TAG
 * count routes' services, each next to a naive query shape measured in the same run.
 *
 *   npm run bench:console                      # 100,000 computers in database ocsdesk_bench (kept for reuse)
 *   OCS_BENCH_COMPUTERS=2000 OCS_BENCH_DB=ocsdesk_bench_smoke OCS_BENCH_ITER=10 npm run bench:console
 *   OCS_BENCH_DB=ocsweb npm run bench:console   # an existing database as it is: no seeding
 *   OCS_BENCH_DB=ocsdesk_bench OCS_BENCH_AS_IS=1 npm run bench:console   # one phase, no index created or dropped
 *
 * Every run measures twice, as the database is without the optional ocsdesk_* indexes and with them
 * (created or dropped for the second phase, then put back as they were), prints the EXPLAIN of every
 * statement each measured service runs, and exits 1 when one of them is a full scan of a big table
 * while the indexes are there.
 *
 * Server: OCS_TEST_DB_HOST/PORT/USER/PASSWORD (default root@127.0.0.1:3306, empty password).
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { ListInput } from '../../shared/contract/computers';
import {
  computerDetail,
  countView,
  filteredPageIds,
  listColumns,
  listComputers,
  resolveColumns,
  resolveSort,
} from '../../src-main/computers/computers.service';
import { baseQuery, fetchRows } from '../../src-main/computers/computers.repo';
import { resolveSoftwareIds } from '../../src-main/computers/filter-sql';
import { getSchemaInfo } from '../../src-main/computers/schema-info';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { createPerfIndexes, dropPerfIndexes, perfIndexStatus } from '../../src-main/computers/perf-indexes';
import { tagRepartition } from '../../src-main/computers/tags.service';
import { invalidateTotals } from '../../src-main/computers/totals-cache';
import { dateOrdersRead, dropDateOrders } from '../../src-main/computers/date-order';
import { dropNameIds } from '../../src-main/computers/name-ids';
import { ensureFleet } from '../lib/fleet';
import { pct, time } from '../lib/measure';

const N = Number(process.env.OCS_BENCH_COMPUTERS ?? 100_000);
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench';
/** OCS_BENCH_DB alone names an existing database, measured as it is (never seeded). */
const EXISTING = !!process.env.OCS_BENCH_DB && !process.env.OCS_BENCH_COMPUTERS;
/** A plan row that reads more than this many rows with type ALL is a full scan of a big table. */
const BIG_SCAN_ROWS = 10_000;
const ITER = Number(process.env.OCS_BENCH_ITER ?? 40);
/** OCS_BENCH_AS_IS=1: measure the database in its current state only (never creates or drops an index). */
const AS_IS = process.env.OCS_BENCH_AS_IS === '1';
const NAIVE_ITER = Number(process.env.OCS_BENCH_NAIVE_ITER ?? Math.max(3, Math.floor(ITER / 4)));

interface Case {
  name: string;
  goal: number;
  ours: () => Promise<unknown>;
  naive: () => Promise<unknown>;
  naiveLabel: string;
  /** p95 goal without the optional indexes (issue 22: the console stays usable), if any. */
  goalWithout?: number;
  /** Untimed, after each run: waits for what the run started in the background. */
  settle?: () => Promise<unknown>;
}

interface Plan {
  sql: string;
  rows: Array<Record<string, unknown>>;
}

/** The EXPLAIN of every SELECT `fn` runs on `k` (captured from knex's query events). */
async function plansOf(k: Knex, fn: () => Promise<unknown>): Promise<Plan[]> {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
    if (/^\s*(\(\s*)?(SELECT|WITH)\b/i.test(q.sql)) seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
  };
  k.on('query', onQuery);
  try {
    await fn();
  } finally {
    k.off('query', onQuery);
  }
  const out: Plan[] = [];
  const unique = new Map(seen.map((q) => [q.sql + JSON.stringify(q.bindings), q]));
  for (const q of unique.values()) {
    const [rows] = (await k.raw(`EXPLAIN ${q.sql}`, q.bindings as readonly string[])) as [
      Array<Record<string, unknown>>,
    ];
    out.push({ sql: q.sql, rows });
  }
  return out;
}

/** Plan rows that scan a big table whole. */
function fullScans(plans: Plan[]): string[] {
  return plans.flatMap((p) =>
    p.rows
      .filter((r) => r.type === 'ALL' && Number(r.rows ?? 0) > BIG_SCAN_ROWS)
      .map((r) => `${String(r.table)} (~${String(r.rows)} rows) in: ${p.sql.slice(0, 160)}`),
  );
}

function printPlans(name: string, plans: Plan[]): void {
  process.stdout.write(`\nEXPLAIN ${name}\n`);
  for (const p of plans) {
    process.stdout.write(`  ${p.sql.replace(/\s+/g, ' ').slice(0, 240)}\n`);
    for (const r of p.rows) {
      process.stdout.write(
        `    ${String(r.select_type)} ${String(r.table)} type=${String(r.type)} key=${String(r.key)} rows=${String(r.rows)} ${String(r.Extra ?? '')}\n`,
      );
    }
  }
}

async function main(): Promise<void> {
  // A real fleet's software shape unless OCS_BENCH_SHAPE=compact (benchmarks.md).
  const shape = process.env.OCS_BENCH_SHAPE === 'compact' ? 'compact' : 'real';
  const k = await ensureFleet({ db: DB, computers: N, existing: EXISTING, poolMax: 6, shape });
  // A shared read-only database keeps its statistics as they are (ANALYZE TABLE writes them).
  if (!AS_IS)
    await k.raw('ANALYZE TABLE hardware, software, accountinfo, networks, bios, devices, software_name');
  const total = Number(((await k('hardware').count({ n: '*' }).first()) as { n: number }).n);
  const scope = await wholeFleetScope(k);
  const cols = [
    'hardware.NAME',
    'accountinfo.TAG',
    'hardware.USERID',
    'hardware.OSNAME',
    'hardware.MEMORY',
    'hardware.IPADDR',
    'hardware.LASTDATE',
  ];
  // Every timed call counts afresh (the totals cache only serves later pages of a view), except the
  // "next page" row, which shows what paging through a search costs once its total is known.
  const page = (o: Partial<ListInput>) => {
    invalidateTotals();
    return listComputers(k, scope, ListInput.parse({ columns: cols, limit: 50, ...o }));
  };
  // A search's rows without its total (what the virtual grid asks first; the total is its own call):
  // the page part of listComputers, no count.
  const rowsOnly = async (o: Partial<ListInput>) => {
    const input = ListInput.parse({ columns: cols, limit: 50, ...o });
    const s = await getSchemaInfo(k);
    const all = await listColumns(k);
    const { col, dir } = resolveSort(all, input.sort);
    const resolved = await resolveSoftwareIds(k, s, input.filter);
    const base = baseQuery(k, s, scope, input.filter, resolved);
    const { ids } = await filteredPageIds(k, s, scope, input, resolved, base, col, dir, false);
    return fetchRows(k, ids, resolveColumns(all, input.columns));
  };
  const lastPage = Math.max(0, Math.min(499, Math.floor(total / 50) - 1));
  const someId = Number(
    (
      (await k('hardware')
        .select('ID')
        .orderBy('ID')
        .offset(Math.floor(total / 2))
        .first()) as { ID: number }
    ).ID,
  );
  const search = {
    match: 'all' as const,
    criteria: [
      { field: 'software.NAME', op: 'HAS' as const, value: 'Google Chrome' },
      { field: 'accountinfo.TAG', op: 'EQUAL' as const, value: 'LYON-USINE' },
      { field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '8192' },
    ],
  };
  // Naive shapes: what a straightforward console does (wide SELECT with joins + OFFSET, count on the
  // same joins, no usable index for the sort, DISTINCT over a software join, one query after another).
  const wide =
    'SELECT h.ID, h.NAME, a.TAG, h.USERID, h.OSNAME, h.MEMORY, h.IPADDR, h.LASTDATE, h.LASTCOME FROM hardware h IGNORE INDEX (ocsdesk_lastdate, NAME) ' +
    "LEFT JOIN accountinfo a ON a.HARDWARE_ID = h.ID WHERE h.DEVICEID <> '_SYSTEMGROUP_' AND h.DEVICEID <> '_DOWNLOADGROUP_'";
  const naiveList = async (order: string, offset: number) => {
    await k.raw(`${wide} ORDER BY ${order} LIMIT 50 OFFSET ?`, [offset]);
    await k.raw(`SELECT COUNT(*) AS n FROM (${wide}) t`);
  };
  const naiveSearchFrom =
    'FROM hardware h IGNORE INDEX (ocsdesk_lastdate) JOIN accountinfo a ON a.HARDWARE_ID = h.ID JOIN software s IGNORE INDEX (ocsdesk_name_hw) ON s.HARDWARE_ID = h.ID ' +
    "JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE '%Google Chrome%' AND a.TAG = 'LYON-USINE' AND h.MEMORY > 8192";
  // The search shapes of issue 22 beyond one name: several names, a wildcard matching many names, has +
  // has not. Their naive shapes join software + software_name per criterion (LIKE '%..%'), NOT EXISTS
  // for has not, DISTINCT.
  type SoftCrit = { name: string; has: boolean };
  const softSearch = (soft: SoftCrit[], tag?: string) => ({
    match: 'all' as const,
    criteria: [
      ...soft.map((c) => ({
        field: 'software.NAME',
        op: c.has ? ('HAS' as const) : ('HAS_NOT' as const),
        value: c.name,
      })),
      ...(tag ? [{ field: 'accountinfo.TAG', op: 'EQUAL' as const, value: tag }] : []),
    ],
  });
  const naiveSoft = async (
    soft: SoftCrit[],
    tag?: string,
    withCount = true,
    order = 'h.LASTDATE DESC',
    offset = 0,
  ) => {
    const like = (n: string) => `%${n.replace(/\*/g, '%')}%`;
    const joins: string[] = [];
    const where: string[] = [];
    const b: string[] = [];
    soft.forEach((c, i) => {
      if (c.has) {
        joins.push(
          `JOIN software s${i} IGNORE INDEX (ocsdesk_name_hw) ON s${i}.HARDWARE_ID = h.ID JOIN software_name n${i} ON n${i}.ID = s${i}.NAME_ID`,
        );
        where.push(`n${i}.NAME LIKE ?`);
      } else
        where.push(
          `NOT EXISTS (SELECT 1 FROM software x IGNORE INDEX (ocsdesk_name_hw) JOIN software_name xn ON xn.ID = x.NAME_ID WHERE x.HARDWARE_ID = h.ID AND xn.NAME LIKE ?)`,
        );
      b.push(like(c.name));
    });
    if (tag) {
      where.push('a.TAG = ?');
      b.push(tag);
    }
    const from = `FROM hardware h IGNORE INDEX (ocsdesk_lastdate) JOIN accountinfo a ON a.HARDWARE_ID = h.ID ${joins.join(' ')} WHERE ${where.join(' AND ')}`;
    await k.raw(
      `SELECT DISTINCT h.ID, h.NAME, h.LASTDATE ${from} ORDER BY ${order} LIMIT 50 OFFSET ${offset}`,
      b,
    );
    if (withCount) await k.raw(`SELECT COUNT(DISTINCT h.ID) AS n ${from}`, b);
  };
  const softCase = (
    name: string,
    soft: SoftCrit[],
    tag?: string,
    sort?: ListInput['sort'],
    offset = 0,
  ): Case => ({
    name,
    goal: 200,
    goalWithout: 1000,
    ours: () => rowsOnly({ filter: softSearch(soft, tag), offset, ...(sort ? { sort } : {}) }),
    naive: () =>
      naiveSoft(soft, tag, false, sort ? `h.${sort.column.split('.')[1]} ${sort.dir}` : undefined, offset),
    naiveLabel: `page only: joins + LIKE '%..%'${soft.some((c) => !c.has) ? ' + NOT EXISTS' : ''} + DISTINCT`,
  });
  const sectionTables = [
    'cpus',
    'memories',
    'storages',
    'drives',
    'networks',
    'printers',
    'monitors',
    'videos',
    'controllers',
    'slots',
    'ports',
    'sounds',
    'modems',
    'inputs',
    'registry',
    'virtualmachines',
    'batteries',
    'usbdevices',
    'sim',
    'repository',
    'javainfo',
    'journallog',
    'download_history',
    'devices',
  ];

  const cases: Case[] = [
    {
      name: 'list: first page, sort by last inventory',
      goal: 50,
      goalWithout: 200,
      // The kept order read by the first (warm-up) run, as a user's next page would find it.
      settle: () => dateOrdersRead(k),
      ours: () => page({ sort: { column: 'hardware.LASTDATE', dir: 'desc' } }),
      naive: () => naiveList('h.LASTDATE DESC', 0),
      naiveLabel: 'wide join + filesort + count',
    },
    {
      // What a fleet that the comm server keeps writing gets on a first page without ocsdesk_lastdate: no
      // kept order (date-order.ts) that may serve, so the page comes from the sort of hardware and a new
      // read of the order starts in the background (waited for untimed). With the index: the index walk.
      name: 'list: first page by last inventory, no kept order',
      settle: () => dateOrdersRead(k),
      goal: 50,
      goalWithout: 200,
      ours: () => {
        dropDateOrders(k);
        return page({ sort: { column: 'hardware.LASTDATE', dir: 'desc' } });
      },
      naive: () => naiveList('h.LASTDATE DESC', 0),
      naiveLabel: 'wide join + filesort + count',
    },
    {
      name: `list: page ${lastPage + 1}, sort by last inventory`,
      goal: 50,
      goalWithout: 200,
      ours: () => page({ offset: lastPage * 50, sort: { column: 'hardware.LASTDATE', dir: 'desc' } }),
      naive: () => naiveList('h.LASTDATE DESC', lastPage * 50),
      naiveLabel: 'wide join + OFFSET + count',
    },
    {
      name: 'list: sort by name (page 100)',
      goal: 50,
      goalWithout: 200,
      ours: () => page({ offset: 99 * 50, sort: { column: 'hardware.NAME', dir: 'asc' } }),
      naive: () => naiveList('h.NAME', 99 * 50),
      naiveLabel: 'wide join + filesort + count',
    },
    {
      name: 'search: software + TAG + memory (rows, total later)',
      goal: 200,
      goalWithout: 1000,
      ours: () => rowsOnly({ filter: search }),
      naive: () =>
        k.raw(
          `SELECT DISTINCT h.ID, h.NAME, h.LASTDATE ${naiveSearchFrom} ORDER BY h.LASTDATE DESC LIMIT 50`,
        ),
      naiveLabel: 'page only: joins + LIKE + DISTINCT',
    },
    {
      name: 'search: software + TAG + memory, its count (countView)',
      goal: 200,
      ours: () => countView(k, scope, search),
      naive: () => k.raw(`SELECT COUNT(DISTINCT h.ID) AS n ${naiveSearchFrom}`),
      naiveLabel: 'COUNT(DISTINCT) over the joins',
    },
    {
      name: 'search: software + TAG + memory, rows + total in one answer',
      goal: 200,
      ours: () => page({ filter: search }),
      naive: async () => {
        await k.raw(
          `SELECT DISTINCT h.ID, h.NAME, h.LASTDATE ${naiveSearchFrom} ORDER BY h.LASTDATE DESC LIMIT 50`,
        );
        await k.raw(`SELECT COUNT(DISTINCT h.ID) AS n ${naiveSearchFrom}`);
      },
      naiveLabel: "joins + LIKE '%..%' + DISTINCT",
    },
    {
      name: 'search: next page (page 2, total of the view reused)',
      goal: 200,
      goalWithout: 1000,
      ours: () =>
        listComputers(k, scope, ListInput.parse({ columns: cols, limit: 50, offset: 50, filter: search })),
      naive: () =>
        k.raw(
          `SELECT DISTINCT h.ID, h.NAME, h.LASTDATE ${naiveSearchFrom} ORDER BY h.LASTDATE DESC LIMIT 50 OFFSET 50`,
        ),
      naiveLabel: 'the same joins, page only',
    },
    softCase(
      'search: two software names + TAG',
      [
        { name: 'Google Chrome', has: true },
        { name: 'VLC media player', has: true },
      ],
      'LYON-USINE',
    ),
    softCase('search: wildcard Microsoft* + TAG', [{ name: 'Microsoft*', has: true }], 'LYON-USINE'),
    // A TAG that the first computers in name order do not have, and a "has not" next to a TAG: the walk
    // checks the TAG on its candidates before any software probe (page-walk.ts cheapCriteria).
    softCase('search: Chrome + TAG, sorted by name', [{ name: 'Google Chrome', has: true }], 'LYON-USINE', {
      column: 'hardware.NAME',
      dir: 'asc',
    }),
    softCase('search: has not Microsoft Edge + TAG', [{ name: 'Microsoft Edge', has: false }], 'LYON-USINE'),
    // A block deep in the grid: 1,000 matches needed, more candidates than a walk's 10,000 budget unless
    // the budget counts the TAG's computers only.
    softCase(
      'search: Chrome + TAG, rows 951-1000',
      [{ name: 'Google Chrome', has: true }],
      'LYON-USINE',
      undefined,
      950,
    ),
    softCase('search: has Chrome, has not VLC* (no TAG)', [
      { name: 'Google Chrome', has: true },
      { name: 'VLC*', has: false },
    ]),
    {
      // The first such search on a fleet being written: names resolved again, no kept order (the walk
      // sorts hardware; the order's read starts in the background, waited for untimed).
      settle: () => dateOrdersRead(k),
      ...softCase('search: has Chrome, has not VLC*, no kept order or names', [
        { name: 'Google Chrome', has: true },
        { name: 'VLC*', has: false },
      ]),
      ours: () => {
        dropDateOrders(k);
        dropNameIds(k);
        return rowsOnly({
          filter: softSearch([
            { name: 'Google Chrome', has: true },
            { name: 'VLC*', has: false },
          ]),
        });
      },
    },
    {
      name: 'computer detail (every section)',
      goal: 50,
      ours: () => computerDetail(k, scope, someId),
      naive: async () => {
        await k.raw('SELECT * FROM hardware WHERE ID = ?', [someId]);
        await k.raw('SELECT * FROM bios WHERE HARDWARE_ID = ?', [someId]);
        await k.raw('SELECT * FROM accountinfo WHERE HARDWARE_ID = ?', [someId]);
        for (const t of sectionTables) await k.raw('SELECT * FROM ?? WHERE HARDWARE_ID = ?', [t, someId]);
        const [sw] = (await k.raw('SELECT * FROM software IGNORE INDEX (HARDWARE_ID) WHERE HARDWARE_ID = ?', [
          someId,
        ])) as [Array<Record<string, number>>];
        for (const r of sw.slice(0, 400)) {
          await k.raw('SELECT NAME FROM software_name WHERE ID = ?', [Number(r.NAME_ID)]);
        }
      },
      naiveLabel: 'sequential queries, software without its index, names one by one',
    },
    {
      name: 'TAG counts',
      goal: 25,
      ours: () => tagRepartition(k, scope, 'TAG'),
      naive: () =>
        k.raw(
          "SELECT a.TAG, COUNT(*) AS n FROM hardware h LEFT JOIN accountinfo a IGNORE INDEX (TAG) ON a.HARDWARE_ID = h.ID WHERE h.DEVICEID <> '_SYSTEMGROUP_' GROUP BY a.TAG ORDER BY n DESC",
        ),
      naiveLabel: 'hardware join + GROUP BY without the TAG index',
    },
  ];

  // Both phases in the same run: the database as it is first, then the other state; put back after.
  const initially = await perfIndexStatus(k);
  const hadAll = initially.every((i) => i.present);
  const signal = new AbortController().signal;
  const setIndexes = async (want: boolean) => {
    const t0 = Date.now();
    if (want) await createPerfIndexes(k, () => undefined, signal);
    else await dropPerfIndexes(k, () => undefined, signal);
    await k.raw('ANALYZE TABLE hardware, software, devices');
    process.stdout.write(
      `${want ? 'created' : 'dropped'} the optional indexes in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  };
  const results = new Map<string, { without?: [number, number]; with?: [number, number] }>();
  const bigScans: string[] = [];
  const phase = async (withIndexes: boolean) => {
    const label = withIndexes ? 'with the ocsdesk_* indexes' : 'without the ocsdesk_* indexes';
    process.stdout.write(`\n## ${total} computers in ${DB}, ${label}; ${ITER} runs (naive: ${NAIVE_ITER})\n`);
    for (const c of cases) {
      const plans = await plansOf(k, c.ours);
      printPlans(`${c.name} (${label})`, plans);
      const scans = fullScans(plans);
      for (const s of scans) process.stdout.write(`  FULL SCAN: ${s}\n`);
      if (withIndexes) bigScans.push(...scans.map((s) => `${c.name}: ${s}`));
    }
    process.stdout.write(
      '\n| measure | p50 ms | p95 ms | goal p95 | naive p50 ms | ratio (naive p50 / p50) |\n|---|---|---|---|---|---|\n',
    );
    for (const c of cases) {
      const ours = await time(c.ours, ITER, c.settle);
      const p50 = pct(ours, 50);
      const p95 = pct(ours, 95);
      const goal = withIndexes ? c.goal : c.goalWithout;
      const r = results.get(c.name) ?? {};
      r[withIndexes ? 'with' : 'without'] = [p50, p95];
      results.set(c.name, r);
      // The naive shapes name the optional indexes in IGNORE INDEX: only measurable where they exist.
      let naiveCol = '—';
      let ratio = '—';
      if (withIndexes) {
        const n50 = pct(await time(c.naive, NAIVE_ITER), 50);
        naiveCol = `${n50.toFixed(1)} (${c.naiveLabel})`;
        ratio = `${(n50 / p50).toFixed(1)}x`;
      }
      const verdict = goal === undefined ? '' : p95 <= goal ? ' ok' : ' OVER';
      process.stdout.write(
        `| ${c.name} | ${p50.toFixed(1)} | ${p95.toFixed(1)}${verdict} | ${goal === undefined ? '—' : `< ${goal}`} | ${naiveCol} | ${ratio} |\n`,
      );
    }
  };
  if (AS_IS) {
    // A shared database nobody may alter: its current state only, no index created or dropped.
    await phase(hadAll);
    process.stdout.write(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}\n`,
    );
    await k.destroy();
    if (bigScans.length) process.exit(1);
    return;
  }
  try {
    if (hadAll) {
      await phase(true);
      await setIndexes(false);
      await phase(false);
    } else {
      await phase(false);
      await setIndexes(true);
      await phase(true);
    }
  } finally {
    // Back to the state the database was in (a partly indexed database gets its indexes dropped), also
    // when creating them failed half-way (e.g. an ALTER interrupted while waiting for a metadata lock).
    const now = await perfIndexStatus(k);
    const back = hadAll ? !now.every((i) => i.present) : now.some((i) => i.present);
    if (back) await setIndexes(hadAll);
  }

  process.stdout.write(
    '\n## both columns (p50 / p95 ms)\n\n| measure | without the indexes | goal p95 | with the indexes | goal p95 | speed-up (p50) |\n|---|---|---|---|---|---|\n',
  );
  for (const c of cases) {
    const r = results.get(c.name)!;
    const [a50, a95] = r.without!;
    const [b50, b95] = r.with!;
    process.stdout.write(
      `| ${c.name} | ${a50.toFixed(1)} / ${a95.toFixed(1)} | ${c.goalWithout === undefined ? '—' : `< ${c.goalWithout}`} | ${b50.toFixed(1)} / ${b95.toFixed(1)} | < ${c.goal} | ${(a50 / b50).toFixed(1)}x |\n`,
    );
  }
  process.stdout.write(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}\n`,
  );
  process.stdout.write(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  await k.destroy();
  if (bigScans.length) {
    process.stderr.write(
      `\nFULL SCAN of a big table with the indexes present:\n  ${bigScans.join('\n  ')}\n`,
    );
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
