/**
 * Groups benchmark (issue 18): member counts of 50 groups (25 static, 25 dynamic, some exclusions) on a
 * 100k fleet, as the Groups list computes them (one grouped pass over groups_cache, whole fleet and a
 * TAG perimeter), next to two naive shapes measured in the same run: one COUNT per group joined to
 * hardware (what a per-group page does) and ocsreports' list query (one GROUP BY joined to hardware).
 *
 *   npm run bench:groups
 *   OCS_BENCH_COMPUTERS=5000 OCS_BENCH_DB=ocsdesk_bench_groups_smoke OCS_BENCH_ITER=10 npm run bench:groups
 *
 * Seeds (or reuses) its own database (default ocsdesk_bench_groups); the 50 groups are rebuilt at each run.
 */
import { loadavg } from 'node:os';
import type { Knex } from 'knex';
import type { Criterion } from '../../shared/contract/computers';
import { countsByGroup } from '../../src-main/groups/groups.repo';
import { createGroup, deleteGroup } from '../../src-main/groups/groups.service';
import { scopeFromParts, wholeFleetScope, type Scope } from '../../src-main/platform/ocs/scope';
import { ensureFleet } from '../lib/fleet';
import { pct, time } from '../lib/measure';

const N = Number(process.env.OCS_BENCH_COMPUTERS ?? 100_000);
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench_groups';
const ITER = Number(process.env.OCS_BENCH_ITER ?? 30);
const NAIVE_ITER = Number(process.env.OCS_BENCH_NAIVE_ITER ?? Math.max(3, Math.floor(ITER / 5)));

/** 25 static groups (every m-th computer) and 25 dynamic ones (OS, TAG, memory criteria). */
async function makeGroups(k: Knex, scope: Scope): Promise<number[]> {
  for (const r of (await k('hardware')
    .where('DEVICEID', '_SYSTEMGROUP_')
    .where('NAME', 'like', 'bench-%')
    .select('ID')) as Array<{
    ID: number;
  }>)
    await deleteGroup(k, { scope, admin: true }, Number(r.ID));
  const ids: number[] = [];
  const caller = { scope, admin: true };
  const filterIds = () => Promise.resolve([] as number[]);
  for (let i = 0; i < 25; i++) {
    const g = await createGroup(
      k,
      caller,
      { kind: 'static', name: `bench-static-${i}`, description: 'bench', visible: true },
      filterIds,
    );
    await k.raw(
      'INSERT INTO groups_cache (HARDWARE_ID, GROUP_ID, STATIC) SELECT ID, ?, 1 FROM hardware WHERE DEVICEID <> ? AND MOD(ID, ?) = 0',
      [g.id, '_SYSTEMGROUP_', 2 + i],
    );
    ids.push(g.id);
  }
  const tags = (
    (await k('accountinfo').distinct('TAG').whereNotNull('TAG').limit(10)) as Array<{ TAG: string }>
  ).map((r) => r.TAG);
  const criteria: Criterion[] = [
    { field: 'hardware.OSNAME', op: 'LIKE', value: 'Windows' },
    { field: 'hardware.OSNAME', op: 'LIKE', value: 'Linux' },
    { field: 'hardware.MEMORY', op: 'BIGGER', value: '8000' },
    ...tags.map((t): Criterion => ({ field: 'accountinfo.TAG', op: 'EQUAL', value: t })),
  ];
  for (let i = 0; i < 25; i++) {
    const c = criteria[i % criteria.length]!;
    const g = await createGroup(
      k,
      caller,
      {
        kind: 'dynamic',
        name: `bench-dynamic-${i}`,
        description: 'bench',
        visible: true,
        definition: { filter: { criteria: [{ ...c }], match: 'all' }, parentId: null, memberOf: [] },
      },
      filterIds,
    );
    // a few exclusions, as admins make them
    await k.raw('UPDATE groups_cache SET STATIC = 2 WHERE GROUP_ID = ? AND MOD(HARDWARE_ID, 50) = 0', [g.id]);
    ids.push(g.id);
  }
  return ids;
}

async function main(): Promise<void> {
  const k = await ensureFleet({ db: DB, computers: N });
  try {
    const fleet = await wholeFleetScope(k);
    const t0 = Date.now();
    const ids = await makeGroups(k, fleet);
    await k.raw('ANALYZE TABLE groups_cache, hardware, accountinfo');
    const [[{ n: rows }]] = (await k.raw('SELECT COUNT(*) AS n FROM groups_cache')) as [[{ n: number }]];
    console.log(
      `${ids.length} groups made in ${((Date.now() - t0) / 1000).toFixed(0)} s; groups_cache: ${rows} rows`,
    );
    const tag = ((await k('accountinfo').whereNotNull('TAG').first('TAG')) as { TAG: string }).TAG;
    const perimeter = scopeFromParts([tag], fleet.groupIds);

    const check = await countsByGroup(k, fleet, ids);
    const naiveOne = async () => {
      const out = new Map<number, number>();
      for (const id of ids) {
        const [[r]] = (await k.raw(
          'SELECT COUNT(*) AS n FROM groups_cache gc JOIN hardware h ON h.ID = gc.HARDWARE_ID WHERE gc.GROUP_ID = ? AND gc.STATIC IN (0, 1)',
          [id],
        )) as [[{ n: number }]];
        out.set(id, Number(r.n));
      }
      return out;
    };
    const naive = await naiveOne();
    const same = ids.every((id) => (check.get(id)?.members ?? 0) === naive.get(id));
    console.log(`counts agree with the naive query: ${same ? 'yes' : 'NO'}`);

    const cases: Array<[string, () => Promise<unknown>, number]> = [
      ['OCS Desk list counts (whole fleet, 1 grouped pass)', () => countsByGroup(k, fleet, ids), ITER],
      [`OCS Desk list counts (TAG perimeter ${tag})`, () => countsByGroup(k, perimeter, ids), ITER],
      [
        "ocsreports' list query (GROUP BY joined to hardware)",
        () =>
          k.raw(
            'SELECT count(*) nb, group_id FROM groups_cache gc, hardware h WHERE h.id = gc.hardware_id GROUP BY group_id',
          ),
        ITER,
      ],
      ['naive: one COUNT per group joined to hardware (50 queries)', naiveOne, NAIVE_ITER],
    ];
    for (const [name, fn, iter] of cases) {
      const xs = await time(fn, iter);
      console.log(
        `${name.padEnd(62)} p50 ${pct(xs, 50).toFixed(1).padStart(8)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(8)} ms  (${iter} runs)`,
      );
    }
    console.log(
      `load average: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
    );
  } finally {
    await k.destroy();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
