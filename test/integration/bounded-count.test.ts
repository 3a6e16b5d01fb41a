import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { countWithin } from '../../src-main/computers/bounded-count';
import { countView } from '../../src-main/computers/computers.service';
import { countMatching, baseQuery } from '../../src-main/computers/computers.repo';
import { resolveSoftwareIds } from '../../src-main/computers/filter-sql';
import { getSchemaInfo } from '../../src-main/computers/schema-info';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { groupIds, scopeFromParts } from '../../src-main/platform/ocs/scope';
import {
  appParams,
  createRealSchemaDb,
  dropDb,
  grantApp,
  realSchemaAvailable,
  rootParams,
} from '../helpers/db';

describe.skipIf(!realSchemaAvailable())('counts bounded by a time budget (bounded-count.ts)', () => {
  let db = '';
  let k: Knex;
  beforeAll(async () => {
    db = await createRealSchemaDb();
    const root = await createPool(rootParams(db), { max: 1 });
    await seedFleet(root, { computers: 300, seed: 9, batch: 100, concurrency: 1 });
    await root.destroy();
    await grantApp(db);
    k = await createPool(appParams(db), { max: 2 });
  });
  afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('answers null when the server stops the count at its budget, and the connection stays usable', async () => {
    expect(await countWithin(k, k.select(k.raw('SLEEP(2) AS n')), 100)).toBeNull();
    expect(await countWithin(k, k.select(k.raw('7 AS n')), 100)).toBe(7);
  });

  it('counts a search exactly within the budget, as the unbounded count, for a restricted operator too', async () => {
    const filter = {
      match: 'all' as const,
      criteria: [
        { field: 'software.NAME', op: 'HAS' as const, value: 'Google Chrome' },
        { field: 'software.NAME', op: 'HAS_NOT' as const, value: 'VLC*' },
      ],
    };
    const s = await getSchemaInfo(k);
    for (const tags of [null, ['LYON-*']]) {
      const scope = scopeFromParts(tags, await groupIds(k));
      const exact = await countMatching(
        baseQuery(k, s, scope, filter, await resolveSoftwareIds(k, s, filter)),
      );
      expect(exact).toBeGreaterThan(0);
      expect(await countView(k, scope, filter, 30_000)).toBe(exact);
    }
  });
});
