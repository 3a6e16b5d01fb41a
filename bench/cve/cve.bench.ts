/**
 * CVE benchmark (docs/cve.md): the CVE routes' services on a big fleet with cve_search rows as
 * ocsreports' cron_cve.php would leave them, each next to the naive shape measured in the same run
 * (one GROUP BY over the cve_search × software join, ocsreports' own query shape).
 *
 *   npm run bench:cve                                          # 100,000 computers (ocsdesk_bench_cve)
 *   OCS_BENCH_COMPUTERS=20000 OCS_BENCH_DB=ocsdesk_bench_cve_20k OCS_BENCH_ITER=10 npm run bench:cve
 *
 * The cve_search rows are rebuilt at each run: 2,000 (name, publisher, version) triples taken from the
 * fleet's software (the 500 most installed and 1,500 others), 1 to 6 CVEs each, CVSS 0.0–10.0.
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import { CveSoftwareInput } from '../../shared/contract/cve';
import { affectedComputers, computerCves, vulnerableSoftware } from '../../src-main/cve/cve.service';
import { groupIds, scopeFromParts, wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { ensureFleet } from '../lib/fleet';
import { pct, time } from '../lib/measure';

const N = Number(process.env.OCS_BENCH_COMPUTERS ?? 100_000);
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench_cve';
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
  await k.raw('ANALYZE TABLE cve_search, software, accountinfo, hardware');
  process.stdout.write(`cve_search: ${rows.length} rows for ${chosen.length} triples\n`);
  return chosen[0]!;
}

async function main(): Promise<void> {
  const k = await ensureFleet({ db: DB, computers: N });
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
  const list = (sort: 'cvss' | 'computers', scope = fleet) =>
    vulnerableSoftware(k, scope, CveSoftwareInput.parse({ sort: { column: sort, dir: 'desc' }, limit: 50 }));
  // ocsreports' shape: every triple joined to every software row, grouped, then sorted.
  const naiveList = (order: string, tag?: string) =>
    k.raw(
      `SELECT c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID, MAX(c.CVSS) AS m, COUNT(DISTINCT c.CVE) AS nb,
              COUNT(DISTINCT s.HARDWARE_ID) AS pcs
         FROM cve_search c JOIN software s ON s.NAME_ID = c.NAME_ID AND s.PUBLISHER_ID = c.PUBLISHER_ID
          AND s.VERSION_ID = c.VERSION_ID
         ${tag ? "JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID AND a.TAG LIKE 'LYON-%'" : ''}
        GROUP BY c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID ORDER BY ${order} LIMIT 50`,
    );
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
    {
      name: `computers with the most installed vulnerable software (${top.n} rows), page 1`,
      ours: () => affectedComputers(k, fleet, key, 0, 50),
      naive: async () => {
        const from = `FROM hardware h JOIN software s ON s.HARDWARE_ID = h.ID
          WHERE s.NAME_ID = ? AND s.PUBLISHER_ID = ? AND s.VERSION_ID = ?`;
        const b = [key.nameId, key.publisherId, key.versionId];
        await k.raw(`SELECT DISTINCT h.ID, h.NAME ${from} ORDER BY h.NAME LIMIT 50`, b);
        await k.raw(`SELECT COUNT(DISTINCT h.ID) AS n ${from}`, b);
      },
    },
    {
      name: 'one computer: its CVE section',
      ours: () => computerCves(k, fleet, someId),
      naive: () =>
        k.raw(
          `SELECT c.CVE, c.CVSS, c.LINK FROM cve_search c JOIN software s ON s.NAME_ID = c.NAME_ID
             AND s.PUBLISHER_ID = c.PUBLISHER_ID AND s.VERSION_ID = c.VERSION_ID WHERE s.HARDWARE_ID = ?
           GROUP BY c.LINK, c.CVSS, c.NAME_ID, c.CVE`,
          [someId],
        ),
    },
  ];
  process.stdout.write(
    `\n${N} computers, ${ITER} runs (naive ${NAIVE_ITER}), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}\n\n| measure | p50 ms | p95 ms | naive p50 ms | ratio (naive p50 / p50) |\n|---|---|---|---|---|\n`,
  );
  for (const c of cases) {
    const ours = await time(c.ours, ITER);
    const naive = pct(await time(c.naive, NAIVE_ITER), 50);
    const p50 = pct(ours, 50);
    process.stdout.write(
      `| ${c.name} | ${p50.toFixed(1)} | ${pct(ours, 95).toFixed(1)} | ${naive.toFixed(1)} | ${(naive / p50).toFixed(1)}x |\n`,
    );
  }
  await k.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
