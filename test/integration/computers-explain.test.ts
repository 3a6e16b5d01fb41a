import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { ListInput } from '../../shared/contract/computers';
import { ListInput as ListInputSchema } from '../../shared/contract/computers';
import { listColumns, listStatements } from '../../src-main/computers/computers.service';
import { resolveSoftwareIds } from '../../src-main/computers/filter-sql';
import { walkPageQuery } from '../../src-main/computers/page-walk';
import { getSchemaInfo } from '../../src-main/computers/schema-info';
import { createPerfIndexes } from '../../src-main/computers/perf-indexes';
import { scopeFromParts, groupIds } from '../../src-main/platform/ocs/scope';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';

/** Tables that must never be read in full by the list and the main search shapes. */
const BIG = new Set(['hardware', 'software', 'accountinfo', 'networks', 'h', 's', 'a', 'b', 'ta', 'x']);

interface PlanRow {
  id: number;
  select_type: string;
  table: string | null;
  type: string | null;
  key: string | null;
  rows: number | null;
  Extra: string | null;
}

describe.skipIf(!realSchemaAvailable())('EXPLAIN of the list and search shapes on a seeded fleet', () => {
  let db = '';
  let k: Knex;
  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 3000, seed: 5, batch: 500, concurrency: 2 });
    await createPerfIndexes(k, () => undefined, new AbortController().signal);
    await k.raw('ANALYZE TABLE hardware, software, accountinfo, networks, bios, devices, software_name');
  });
  afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  async function sortColumn(id: string) {
    const col = (await listColumns(k)).find((c) => c.id === id);
    if (!col) throw new Error(`no column ${id}`);
    return col;
  }

  async function explain(q: Knex.QueryBuilder): Promise<PlanRow[]> {
    const { sql, bindings } = q.toSQL();
    const [rows] = (await k.raw(`EXPLAIN ${sql}`, bindings as Knex.RawBinding[])) as [PlanRow[]];
    return rows;
  }

  async function check(
    name: string,
    input: Partial<ListInput>,
    scopeTags: string[] | null = null,
  ): Promise<void> {
    const parsed = ListInputSchema.parse(input);
    const st = await listStatements(k, scopeFromParts(scopeTags, await groupIds(k)), parsed);
    for (const [which, q] of [
      ['page', st.page],
      ['count', st.count],
      ['walk', st.walk],
    ] as const) {
      if (!q) continue;
      const plan = await explain(q);
      const scans = plan.filter((r) => r.type === 'ALL' && r.table && BIG.has(r.table));
      expect(scans, `${name} (${which}) full scan:\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
    }
  }

  it('list: first page by last inventory, deep page, sort by name, TAG sort', async () => {
    await check('first page', { limit: 50 });
    await check('page 40', { offset: 2000, limit: 50 });
    await check('by name', { sort: { column: 'hardware.NAME', dir: 'asc' }, offset: 500, limit: 50 });
    await check('by memory desc', { sort: { column: 'hardware.MEMORY', dir: 'desc' }, limit: 50 });
    await check('restricted operator', { limit: 50 }, ['LYON-USINE', 'LYON-BE']);
    await check('quick filter', { filter: { quick: 'PAR-LT', criteria: [], match: 'all' }, limit: 50 });
  });

  it('search: software + TAG + memory, software has-not, IP address, serial', async () => {
    await check('3 criteria', {
      filter: {
        match: 'all',
        criteria: [
          { field: 'software.NAME', op: 'HAS', value: 'Google Chrome' },
          { field: 'accountinfo.TAG', op: 'EQUAL', value: 'LYON-USINE' },
          { field: 'hardware.MEMORY', op: 'BIGGER', value: '8192' },
        ],
      },
    });
    await check('software has-not', {
      filter: {
        match: 'all',
        criteria: [
          { field: 'accountinfo.TAG', op: 'EQUAL', value: 'PARIS-RH' },
          { field: 'software.NAME', op: 'HAS_NOT', value: 'VLC media player' },
        ],
      },
    });
    await check('software wildcard with version, any of', {
      filter: {
        match: 'any',
        criteria: [
          { field: 'software.NAME', op: 'HAS', value: 'Mozilla*', qualifier: '1*' },
          { field: 'software.NAME', op: 'EQUAL', value: 'VLC media player' },
        ],
      },
    });
    // Issue 22's shapes: several names + TAG (probed per candidate), a wildcard + TAG, has + has not.
    await check('two software names + TAG', {
      filter: {
        match: 'all',
        criteria: [
          { field: 'software.NAME', op: 'HAS', value: 'Google Chrome' },
          { field: 'software.NAME', op: 'HAS', value: 'VLC media player' },
          { field: 'accountinfo.TAG', op: 'EQUAL', value: 'LYON-USINE' },
        ],
      },
    });
    await check('wildcard + TAG', {
      filter: {
        match: 'all',
        criteria: [
          { field: 'software.NAME', op: 'HAS', value: 'Microsoft*' },
          { field: 'accountinfo.TAG', op: 'EQUAL', value: 'LYON-USINE' },
        ],
      },
    });
    // Over MAX_INLINE_IDS names: the dictionary subquery, probed per candidate next to the TAG.
    await check('many-name wildcard + TAG', {
      filter: {
        match: 'all',
        criteria: [
          { field: 'software.NAME', op: 'HAS', value: '*e*' },
          { field: 'accountinfo.TAG', op: 'EQUAL', value: 'LYON-USINE' },
        ],
      },
    });
    await check('has + has not, no other criterion', {
      filter: {
        match: 'all',
        criteria: [
          { field: 'software.NAME', op: 'HAS', value: 'Google Chrome' },
          { field: 'software.NAME', op: 'HAS_NOT', value: 'VLC*' },
        ],
      },
    });
    await check('software name nobody has', {
      filter: {
        match: 'all',
        criteria: [{ field: 'software.NAME', op: 'HAS', value: 'No Such Software 1.0' }],
      },
    });
    await check('ip address', {
      filter: { match: 'all', criteria: [{ field: 'networks.IPADDRESS', op: 'EQUAL', value: '127.20.1.7' }] },
    });
    await check('serial', {
      filter: { match: 'all', criteria: [{ field: 'bios.SSN', op: 'EQUAL', value: 'DE12345' }] },
    });
    await check('os', {
      filter: {
        match: 'all',
        criteria: [{ field: 'hardware.OSNAME', op: 'EQUAL', value: 'Debian GNU/Linux 12' }],
      },
    });
  });

  it('the walk returns the same IDs as the optimizer plan, and proves nothing when its budget runs out', async () => {
    const ids = async (q: Knex.QueryBuilder) => ((await q) as Array<{ ID: number }>).map((r) => Number(r.ID));
    const filter = {
      match: 'all' as const,
      criteria: [
        { field: 'software.NAME', op: 'HAS' as const, value: 'Google Chrome' },
        { field: 'software.NAME', op: 'HAS' as const, value: 'Microsoft*' },
        { field: 'software.NAME', op: 'HAS_NOT' as const, value: 'VLC*' },
        { field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '8192' },
      ],
    };
    for (const [sort, offset, tags] of [
      [{ column: 'hardware.LASTDATE', dir: 'desc' }, 0, null],
      [{ column: 'hardware.NAME', dir: 'asc' }, 40, null],
      // A bios sort column: the candidates are sorted through the bios join.
      [{ column: 'bios.SSN', dir: 'asc' }, 10, null],
      // TAG-restricted operator: the scope is applied to the candidates.
      [{ column: 'hardware.LASTDATE', dir: 'desc' }, 5, ['LYON-*', 'DATACENTER']],
    ] as const) {
      const scope = scopeFromParts(tags ? [...tags] : null, await groupIds(k));
      const input = ListInputSchema.parse({ sort, offset, limit: 50, filter });
      const st = await listStatements(k, scope, input);
      expect(st.walk).not.toBeNull();
      const viaOptimizer = await ids(st.page);
      expect(viaOptimizer.length).toBe(50);
      expect(await ids(st.walk!), `${sort.column} ${offset}`).toEqual(viaOptimizer);
      // With a budget of 100 candidates it finds fewer than a page: the caller must fall back.
      const s = await getSchemaInfo(k);
      const resolved = await resolveSoftwareIds(k, s, input.filter);
      const small = walkPageQuery(
        k,
        s,
        scope,
        input.filter,
        resolved,
        await sortColumn(sort.column),
        sort.dir,
        offset,
        50,
        100,
      );
      const few = await ids(small);
      expect(few.length).toBeLessThan(50);
      expect(viaOptimizer.slice(0, few.length)).toEqual(few);
    }
  });

  it('detects a full scan (control: a contains-search on an unindexed column must show one)', async () => {
    await expect(
      check('control', {
        filter: { match: 'all', criteria: [{ field: 'hardware.DESCRIPTION', op: 'LIKE', value: 'poste' }] },
      }),
    ).rejects.toThrow(/full scan/);
  });
});
