/**
 * CVE benchmark (docs/cve.md): the CVE routes' services on a big fleet with cve_search rows as
 * ocsreports' cron_cve.php would leave them, each next to the naive shape measured in the same run
 * (one GROUP BY over the cve_search × software join, ocsreports' own query shape).
 *
 *   npm run bench:cve                                   # on the shared fleet ocsdesk_bench, read-only
 *   OCS_BENCH_FLEET= OCS_BENCH_COMPUTERS=20000 OCS_BENCH_DB=ocsdesk_bench_cve_20k npm run bench:cve   # own fleet
 *
 * With OCS_BENCH_FLEET (default `ocsdesk_bench`, the 100k fleet engineer "perf" seeds), that fleet is
 * never written: two databases of views over its tables hold the benchmark's own `cve_search` table,
 * `ocsdesk_cve_bench` (software as it is, with the optional indexes present) and
 * `ocsdesk_cve_bench_noidx` (software's view ignores ocsdesk_triple_hw and ocsdesk_name_hw), so both
 * columns are measured in the same run. The cve_search rows are rebuilt at each run: 2,000 (name,
 * publisher, version) triples taken from the fleet's software (the 500 most installed and 1,500 others),
 * 1 to 6 CVEs each, CVSS 0.0–10.0. All software (issue 20) is measured beside it. OCS_BENCH_ONLY
 * (comma-separated parts of case names) runs only those cases.
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { CveByComputerInput, CveSoftwareInput } from '../../shared/contract/cve';
import { SoftwareListInput } from '../../shared/contract/software';
import { perfIndexStatus } from '../../src-main/computers/perf-indexes';
import { buildTally, readVulnerable, walkByName } from '../../src-main/cve/computer-tally';
import { affectedComputers, computerCves, vulnerableSoftware } from '../../src-main/cve/cve.service';
import { createPool } from '../../src-main/platform/db/connect';
import { groupIds, scopeFromParts, wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { nameCountsNow } from '../../src-main/software/name-counts';
import { listSoftware } from '../../src-main/software/software.service';
import { ensureFleet } from '../lib/fleet';
import { benchServer, pct, time } from '../lib/measure';

const N = Number(process.env.OCS_BENCH_COMPUTERS ?? 100_000);
const FLEET = process.env.OCS_BENCH_FLEET ?? 'ocsdesk_bench';
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench_cve';
/** The view databases' names (OCS_BENCH_VIEWS: a helper's own prefix on a shared server). */
const VIEWS = process.env.OCS_BENCH_VIEWS ?? 'ocsdesk_cve_bench';
/** The naive shapes read the whole software table: each statement is stopped after this many seconds. */
const NAIVE_CAP_S = Number(process.env.OCS_BENCH_NAIVE_CAP_S ?? 20);
const VIEWS_NOIDX = `${VIEWS}_noidx`;
const ITER = Number(process.env.OCS_BENCH_ITER ?? 20);
const NAIVE_ITER = Number(process.env.OCS_BENCH_NAIVE_ITER ?? Math.max(3, Math.floor(ITER / 4)));

type Triple = { NAME_ID: number; PUBLISHER_ID: number; VERSION_ID: number; n: number };

/** A small deterministic generator, so two runs store the same rows. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedCves(k: Knex): Promise<Triple> {
  const [triples] = (await k.raw(
    'SELECT NAME_ID, PUBLISHER_ID, VERSION_ID, COUNT(*) AS n FROM software GROUP BY NAME_ID, PUBLISHER_ID, VERSION_ID ORDER BY n DESC',
  )) as [Triple[]];
  const rnd = rng(7);
  const rest = triples.slice(500).filter(() => rnd() < 1500 / Math.max(1, triples.length - 500));
  const chosen = [...triples.slice(0, 500), ...rest];
  await k('cve_search').truncate();
  const rows = chosen.flatMap((t, i) =>
    Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, j) => ({
      PUBLISHER_ID: t.PUBLISHER_ID,
      NAME_ID: t.NAME_ID,
      VERSION_ID: t.VERSION_ID,
      CVSS: Math.round(rnd() * 100) / 10,
      CVE: `CVE-2025-${String(i * 10 + j).padStart(5, '0')}`,
      LINK: `https://cve.example.invalid/${i}/${j}`,
    })),
  );
  for (let i = 0; i < rows.length; i += 2000) await k('cve_search').insert(rows.slice(i, i + 2000));
  // Views over the read-only fleet: only our own table is analysed (the fleet's were, by its seeder).
  await k.raw(
    FLEET ? 'ANALYZE TABLE cve_search' : 'ANALYZE TABLE cve_search, software, accountinfo, hardware',
  );
  process.stdout.write(`cve_search: ${rows.length} rows for ${chosen.length} triples\n`);
  return chosen[0]!;
}

/**
 * A database of views over every table of the read-only fleet but cve_search (its own table, or a view
 * of `cveFrom`'s); `ignore` lists software indexes its software view ignores.
 */
async function viewDb(name: string, ignore: string[], cveFrom?: string): Promise<Knex> {
  const root = await createPool({ ...benchServer, database: 'mysql' }, { database: null, max: 1 });
  try {
    await root.raw('DROP DATABASE IF EXISTS ??', [name]);
    await root.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [name]);
    const [tables] = (await root.raw(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [FLEET],
    )) as [Array<{ t: string }>];
    for (const { t } of tables) {
      if (t === 'cve_search') continue;
      const hint = t === 'software' && ignore.length ? ` IGNORE INDEX (${ignore.join(', ')})` : '';
      await root.raw(`CREATE VIEW ??.?? AS SELECT * FROM ??.??${hint}`, [name, t, FLEET, t]);
    }
    if (cveFrom) await root.raw('CREATE VIEW ??.cve_search AS SELECT * FROM ??.cve_search', [name, cveFrom]);
    else await root.raw('CREATE TABLE ??.cve_search LIKE ??.cve_search', [name, FLEET]);
  } finally {
    await root.destroy();
  }
  return createPool({ ...benchServer, database: name }, { max: 4 });
}

async function main(): Promise<void> {
  let k: Knex;
  let noIdx: Knex | null = null;
  if (FLEET) {
    const fleetDb = await createPool({ ...benchServer, database: FLEET }, { max: 1 });
    const idx = await perfIndexStatus(fleetDb);
    process.stdout.write(
      `fleet ${FLEET} (read-only); optional indexes: ${idx.map((i) => `${i.name} ${i.present ? 'present' : 'MISSING'}`).join(', ')}\n`,
    );
    await fleetDb.destroy();
    k = await viewDb(VIEWS, []);
    // A fleet without them (as a real OCS database) is measured once, as it is.
    const present = idx
      .filter((i) => i.present && ['ocsdesk_triple_hw', 'ocsdesk_name_hw'].includes(i.name))
      .map((i) => i.name);
    if (present.length) noIdx = await viewDb(VIEWS_NOIDX, present, VIEWS);
  } else k = await ensureFleet({ db: DB, computers: N });
  const top = await seedCves(k);
  const fleet = await wholeFleetScope(k);
  const lyon = scopeFromParts(['LYON-*'], await groupIds(k));
  const someId = Number(
    (
      (await k('software').select('HARDWARE_ID').where({ NAME_ID: top.NAME_ID }).first()) as {
        HARDWARE_ID: number;
      }
    ).HARDWARE_ID,
  );
  const list = (sort: 'cvss' | 'computers', scope = fleet, db = k) =>
    vulnerableSoftware(db, scope, CveSoftwareInput.parse({ sort: { column: sort, dir: 'desc' }, limit: 50 }));
  // By computer sorted by name: the page walked first (computer-tally.ts), no tally kept or waited for.
  const byComputer = async (db: Knex, offset = 0, scope = fleet) =>
    walkByName(
      db,
      scope,
      await readVulnerable(db),
      CveByComputerInput.parse({ sort: { column: 'name', dir: 'asc' }, limit: 50, offset }),
    );
  const allSoftware = (sort: 'name' | 'computers', scope = fleet, db = k) =>
    listSoftware(
      db,
      scope,
      SoftwareListInput.parse({ sort: { column: sort, dir: sort === 'name' ? 'asc' : 'desc' }, limit: 100 }),
    );
  // All software's naive shape: every software row of the fleet grouped by name, then the page.
  const naiveAll = (order: string) =>
    naiveRaw(
      `SELECT n.ID, n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS pcs FROM software_name n JOIN software s ON s.NAME_ID = n.ID
        GROUP BY n.ID, n.NAME ORDER BY ${order} LIMIT 100`,
    );
  // ocsreports' shape: every triple joined to every software row, grouped, then sorted.
  const naiveList = (order: string, tag?: string) =>
    naiveRaw(
      `SELECT c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID, MAX(c.CVSS) AS m, COUNT(DISTINCT c.CVE) AS nb,
              COUNT(DISTINCT s.HARDWARE_ID) AS pcs
         FROM cve_search c JOIN software s ON s.NAME_ID = c.NAME_ID AND s.PUBLISHER_ID = c.PUBLISHER_ID
          AND s.VERSION_ID = c.VERSION_ID
         ${tag ? "JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID AND a.TAG LIKE 'LYON-%'" : ''}
        GROUP BY c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID ORDER BY ${order} LIMIT 50`,
    );
  // A naive statement past the cap fails (max_statement_time): its time is then reported as "> cap".
  const naiveRaw = (sql: string, b: Knex.RawBinding[] = []) =>
    k.raw(`SET STATEMENT max_statement_time = ${NAIVE_CAP_S} FOR ${sql}`, b);
  const key = { nameId: top.NAME_ID, publisherId: top.PUBLISHER_ID, versionId: top.VERSION_ID };
  const cases: Array<{ name: string; ours: () => Promise<unknown>; naive: () => Promise<unknown> }> = [
    {
      name: 'vulnerable software, first page by CVSS',
      ours: () => list('cvss'),
      naive: () => naiveList('m DESC'),
    },
    {
      name: 'vulnerable software, first page by computers',
      ours: () => list('computers'),
      naive: () => naiveList('pcs DESC'),
    },
    {
      name: 'vulnerable software by CVSS, TAG LYON-*',
      ours: () => list('cvss', lyon),
      naive: () => naiveList('m DESC', 'LYON'),
    },
    ...(noIdx
      ? [
          {
            name: 'vulnerable software by CVSS, WITHOUT the optional software indexes',
            ours: () => list('cvss', fleet, noIdx),
            naive: () => naiveList('m DESC'),
          },
        ]
      : []),
    {
      name: 'vulnerable computers (by computer), first page by name, walked',
      ours: () => byComputer(k),
      naive: () =>
        naiveRaw(`SELECT s.HARDWARE_ID, COUNT(DISTINCT c.CVE) AS nb, MAX(c.CVSS) AS m FROM cve_search c JOIN software s
          ON s.NAME_ID = c.NAME_ID AND s.PUBLISHER_ID = c.PUBLISHER_ID AND s.VERSION_ID = c.VERSION_ID
          GROUP BY s.HARDWARE_ID ORDER BY m DESC LIMIT 50`),
    },
    {
      name: 'by computer, offset 5,000 by name, walked',
      ours: () => byComputer(k, 5_000),
      naive: () => Promise.resolve(),
    },
    {
      name: 'by computer, first page by name, TAG LYON-*, walked',
      ours: () => byComputer(k, 0, lyon),
      naive: () => Promise.resolve(),
    },
    ...(noIdx
      ? [
          {
            name: 'by computer, first page by name, walked, WITHOUT the optional software indexes',
            ours: () => byComputer(noIdx),
            naive: () => Promise.resolve(),
          },
          {
            name: 'by computer: tally of every computer (background), WITHOUT the optional software indexes',
            ours: () => buildTally(noIdx, fleet),
            naive: () => Promise.resolve(),
          },
        ]
      : []),
    {
      name: 'by computer: tally of every computer (background)',
      ours: () => buildTally(k, fleet),
      naive: () => Promise.resolve(),
    },
    {
      name: 'All software, first page by name',
      ours: () => allSoftware('name'),
      naive: () => naiveAll('n.NAME'),
    },
    {
      name: 'All software by name, TAG LYON-*',
      ours: () => allSoftware('name', lyon),
      naive: () => naiveAll('n.NAME'),
    },
    ...(noIdx
      ? [
          {
            name: 'All software by name, WITHOUT the optional software indexes',
            ours: () => allSoftware('name', fleet, noIdx),
            naive: () => naiveAll('n.NAME'),
          },
        ]
      : []),
    {
      name: 'All software, first page by computers',
      ours: () => allSoftware('computers'),
      naive: () => naiveAll('pcs DESC'),
    },
    {
      name: `computers with the most installed vulnerable software (${top.n} rows), page 1`,
      ours: () => affectedComputers(k, fleet, key, 0, 50),
      naive: async () => {
        const from = `FROM hardware h JOIN software s ON s.HARDWARE_ID = h.ID
          WHERE s.NAME_ID = ? AND s.PUBLISHER_ID = ? AND s.VERSION_ID = ?`;
        const b = [key.nameId, key.publisherId, key.versionId];
        await naiveRaw(`SELECT DISTINCT h.ID, h.NAME ${from} ORDER BY h.NAME LIMIT 50`, b);
        await naiveRaw(`SELECT COUNT(DISTINCT h.ID) AS n ${from}`, b);
      },
    },
    {
      name: 'one computer: its CVE section',
      ours: () => computerCves(k, fleet, someId),
      naive: () =>
        naiveRaw(
          `SELECT c.CVE, c.CVSS, c.LINK FROM cve_search c JOIN software s ON s.NAME_ID = c.NAME_ID
             AND s.PUBLISHER_ID = c.PUBLISHER_ID AND s.VERSION_ID = c.VERSION_ID WHERE s.HARDWARE_ID = ?
           GROUP BY c.LINK, c.CVSS, c.NAME_ID, c.CVE`,
          [someId],
        ),
    },
  ];
  // The list (and All software) read the perimeter's background count (name-counts.ts): counted once
  // per perimeter and pool here, each timed as its own row, then every case reads it kept.
  const counted: string[] = [];
  const perimeters: Array<[string, Knex, typeof fleet]> = [
    ['whole fleet', k, fleet],
    ['TAG LYON-*', k, lyon],
    ...(noIdx
      ? [['whole fleet, WITHOUT the optional software indexes', noIdx, fleet] as [string, Knex, typeof fleet]]
      : []),
  ];
  for (const [what, db, scope] of perimeters) {
    const t0 = performance.now();
    await nameCountsNow(db, scope);
    counted.push(`| background count (once), ${what} | ${(performance.now() - t0).toFixed(0)} | | | |\n`);
  }
  process.stdout.write(
    `\n${N} computers, ${ITER} runs (naive ${NAIVE_ITER}), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}\n\n| measure | p50 ms | p95 ms | naive p50 ms | ratio (naive p50 / p50) |\n|---|---|---|---|---|\n`,
  );
  process.stdout.write(counted.join(''));
  // OCS_BENCH_ONLY: comma-separated parts of case names to run (the others can take minutes at 100k).
  const only = (process.env.OCS_BENCH_ONLY ?? '').split(',').filter(Boolean);
  for (const c of cases) {
    if (only.length && !only.some((o) => c.name.includes(o))) continue;
    const ours = await time(c.ours, ITER);
    const naive = await time(c.naive, NAIVE_ITER).then(
      (xs) => pct(xs, 50),
      () => null,
    );
    const p50 = pct(ours, 50);
    const naiveText = naive === null ? `> ${NAIVE_CAP_S * 1000}` : naive.toFixed(1);
    const ratio =
      naive === null ? `> ${((NAIVE_CAP_S * 1000) / p50).toFixed(1)}x` : `${(naive / p50).toFixed(1)}x`;
    process.stdout.write(
      `| ${c.name} | ${p50.toFixed(1)} | ${pct(ours, 95).toFixed(1)} | ${naiveText} | ${ratio} |\n`,
    );
  }
  // A software's computers by the hardware walk (cve.repo.ts walkHolders): it needs the fleet's own
  // indexes (the view databases have none, so above they read the name's rows, as before), so it is
  // timed on a pool of the fleet itself, its count kept, for the same triple, with its EXPLAIN.
  if (FLEET && (!only.length || only.some((o) => 'most installed'.includes(o)))) {
    const own = await createPool({ ...benchServer, database: FLEET }, { max: 4 });
    const seen: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    own.on('query', (q: { sql: string; bindings: Knex.RawBinding[] }) => seen.push(q));
    const scope = await wholeFleetScope(own);
    const t0 = performance.now();
    await nameCountsNow(own, scope);
    const countMs = performance.now() - t0;
    const ours = await time(() => affectedComputers(own, scope, key, 0, 50), ITER);
    const deep = await time(() => affectedComputers(own, scope, key, 5000, 50), ITER);
    process.stdout.write(
      `| same, page 1, hardware walk on the fleet's own indexes (count kept, ${countMs.toFixed(0)} ms) | ${pct(ours, 50).toFixed(1)} | ${pct(ours, 95).toFixed(1)} | | |\n` +
        `| same, offset 5,000, hardware walk | ${pct(deep, 50).toFixed(1)} | ${pct(deep, 95).toFixed(1)} | | |\n`,
    );
    const walk = seen.find((q) => q.sql.startsWith('SET STATEMENT'));
    if (walk) {
      const conn: unknown = await own.client.acquireConnection();
      await own.raw("SET SESSION optimizer_switch = 'exists_to_in=off'").connection(conn);
      const [plan] = (await own
        .raw(`EXPLAIN ${walk.sql.replace(/^SET STATEMENT .*? FOR /s, '')}`, walk.bindings)
        .connection(conn)) as [Array<Record<string, unknown>>];
      await own.client.releaseConnection(conn);
      process.stdout.write('\nEXPLAIN of the walk:\n');
      for (const p of plan)
        process.stdout.write(
          `  ${p.select_type} ${p.table} ${p.type} key=${p.key} rows=${p.rows} ${p.Extra ?? ''}\n`,
        );
    } else process.stdout.write('\nthe walk was not chosen\n');
    await own.destroy();
  }
  process.stdout.write(
    `\nload at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  await k.destroy();
  await noIdx?.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
