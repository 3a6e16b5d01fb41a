/**
 * Console benchmark on a big fleet (docs/performance.md): p50/p95 of the list, search, detail and TAG
 * count routes' services, each next to a naive query shape measured in the same run.
 *
 *   npm run bench:console                      # 100,000 computers in database ocsdesk_bench (kept for reuse)
 *   OCS_BENCH_COMPUTERS=2000 OCS_BENCH_DB=ocsdesk_bench_smoke OCS_BENCH_ITER=10 npm run bench:console
 *
 * Server: OCS_TEST_DB_HOST/PORT/USER/PASSWORD (default root@127.0.0.1:3306, empty password).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { ListInput } from '../../shared/contract/computers';
import { computerDetail, listComputers } from '../../src-main/computers/computers.service';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { createPerfIndexes, perfIndexStatus } from '../../src-main/computers/perf-indexes';
import { tagRepartition } from '../../src-main/computers/tags.service';
import { invalidateTotals } from '../../src-main/computers/totals-cache';
import { seedFleet } from '../../src-main/dev/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { benchServer, pct, time } from '../lib/measure';

const N = Number(process.env.OCS_BENCH_COMPUTERS ?? 100_000);
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench';
const ITER = Number(process.env.OCS_BENCH_ITER ?? 40);
const NAIVE_ITER = Number(process.env.OCS_BENCH_NAIVE_ITER ?? Math.max(3, Math.floor(ITER / 4)));
const SCHEMA_SQL = '/usr/share/ocsinventory-reports/files/ocsbase_new.sql';
const server = benchServer;

async function ensureFleet(): Promise<Knex> {
  const root = await createPool({ ...server, database: 'mysql' }, { database: null, max: 1 });
  const [dbs] = (await root.raw('SHOW DATABASES LIKE ?', [DB])) as [unknown[]];
  if (!dbs.length) {
    await root.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [DB]);
    execFileSync('mariadb', ['-h', server.host, '-P', String(server.port), '-u', server.user, DB], {
      input: readFileSync(SCHEMA_SQL, 'utf8'),
      env: { ...process.env, MYSQL_PWD: server.password },
      maxBuffer: 64 * 1024 * 1024,
    });
  }
  await root.destroy();
  const k = await createPool({ ...server, database: DB }, { max: 6 });
  const have = Number(((await k('hardware').count({ n: '*' }).first()) as { n: number }).n);
  if (have < N) {
    process.stdout.write(`seeding ${N - have} computers into ${DB} (has ${have})...\n`);
    const r = await seedFleet(k, {
      computers: N - have,
      progress: (d, t) => d % 10_000 === 0 && process.stdout.write(`  ${d}/${t}\n`),
    });
    process.stdout.write(`  seeded in ${(r.ms / 1000).toFixed(0)} s (${r.softwareRows} software rows)\n`);
  } else process.stdout.write(`reusing ${DB}: ${have} computers\n`);
  const missing = (await perfIndexStatus(k)).filter((i) => !i.present);
  if (missing.length) {
    process.stdout.write(`creating performance indexes: ${missing.map((i) => i.name).join(', ')}\n`);
    await createPerfIndexes(k, () => undefined, new AbortController().signal);
  }
  await k.raw('ANALYZE TABLE hardware, software, accountinfo, networks, bios, devices, software_name');
  return k;
}

interface Case {
  name: string;
  goal: number;
  ours: () => Promise<unknown>;
  naive: () => Promise<unknown>;
  naiveLabel: string;
}

async function main(): Promise<void> {
  const k = await ensureFleet();
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
      ours: () => page({ sort: { column: 'hardware.LASTDATE', dir: 'desc' } }),
      naive: () => naiveList('h.LASTDATE DESC', 0),
      naiveLabel: 'wide join + filesort + count',
    },
    {
      name: `list: page ${lastPage + 1}, sort by last inventory`,
      goal: 50,
      ours: () => page({ offset: lastPage * 50, sort: { column: 'hardware.LASTDATE', dir: 'desc' } }),
      naive: () => naiveList('h.LASTDATE DESC', lastPage * 50),
      naiveLabel: 'wide join + OFFSET + count',
    },
    {
      name: 'list: sort by name (page 100)',
      goal: 50,
      ours: () => page({ offset: 99 * 50, sort: { column: 'hardware.NAME', dir: 'asc' } }),
      naive: () => naiveList('h.NAME', 99 * 50),
      naiveLabel: 'wide join + filesort + count',
    },
    {
      name: 'search: software + TAG + memory',
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
      ours: () =>
        listComputers(k, scope, ListInput.parse({ columns: cols, limit: 50, offset: 50, filter: search })),
      naive: () =>
        k.raw(
          `SELECT DISTINCT h.ID, h.NAME, h.LASTDATE ${naiveSearchFrom} ORDER BY h.LASTDATE DESC LIMIT 50 OFFSET 50`,
        ),
      naiveLabel: 'the same joins, page only',
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

  process.stdout.write(`\n${total} computers in ${DB}; ${ITER} runs (naive: ${NAIVE_ITER})\n\n`);
  process.stdout.write(
    '| measure | p50 ms | p95 ms | goal p95 | naive p50 ms | ratio (naive p50 / p50) |\n|---|---|---|---|---|---|\n',
  );
  for (const c of cases) {
    const ours = await time(c.ours, ITER);
    const naive = await time(c.naive, NAIVE_ITER);
    const p50 = pct(ours, 50);
    const p95 = pct(ours, 95);
    const n50 = pct(naive, 50);
    process.stdout.write(
      `| ${c.name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} ${p95 <= c.goal ? 'ok' : 'OVER'} | < ${c.goal} | ${n50.toFixed(1)} (${c.naiveLabel}) | ${(n50 / p50).toFixed(1)}x |\n`,
    );
  }
  process.stdout.write(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  await k.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
