import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Knex } from 'knex';
import { ListInput } from '../../shared/contract/computers';
import { listComputers } from '../../src-main/computers/computers.service';
import { dateOrdersRead, dropDateOrders } from '../../src-main/computers/date-order';
import { invalidateTotals } from '../../src-main/computers/totals-cache';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { groupIds, scopeFromParts, type Scope } from '../../src-main/platform/ocs/scope';
import { appParams, createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';

/**
 * The first page's statement budget (rowsWithin): `overrun`, the server stops it (null), as on a loaded
 * server; otherwise a budget no loaded test machine can exceed, so that the outcome never depends on time.
 */
const budget = vi.hoisted(() => ({ overrun: false }));
vi.mock('../../src-main/computers/bounded-count', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/computers/bounded-count')>();
  const rowsWithin: typeof real.rowsWithin = (k, q) =>
    budget.overrun ? Promise.resolve(null) : real.rowsWithin(k, q, 120_000);
  return { ...real, rowsWithin };
});

/**
 * Lists and searches sorted by an unindexed date (OCS has no LASTDATE index; date-order.ts keeps the
 * order in memory): the same rows as plain SQL, ties and NULL dates included, for a TAG-restricted
 * operator too, and a write is seen by the next first page (or, when the server cannot sort within the
 * first page's budget, the order as it was read).
 */
describe.skipIf(!realSchemaAvailable())('lists by last inventory without ocsdesk_lastdate', () => {
  let db = '';
  let root: Knex;
  let k: Knex;
  let all: Scope;
  let lyon: Scope;
  const N = 300;
  const LYON = "(a.TAG LIKE 'LYON-%' OR a.TAG = 'DATACENTER')";

  beforeAll(async () => {
    db = await createRealSchemaDb();
    root = await createPool(rootParams(db), { max: 2 });
    await seedFleet(root, { computers: N, seed: 11, batch: 100, concurrency: 1 });
    // Ties (one date for a seventh of the fleet), NULL dates and a zero date: the order must break
    // them by ID as ORDER BY does.
    await root.raw("UPDATE hardware SET LASTDATE = '2026-11-20 12:00:00' WHERE ID % 7 = 0");
    await root.raw('UPDATE hardware SET LASTDATE = NULL WHERE ID % 11 = 0');
    await root.raw("UPDATE hardware SET LASTCOME = '2026-11-21 08:00:00' WHERE ID % 5 = 0");
    k = await createPool(appParams(db), { max: 3 });
    all = scopeFromParts(null, await groupIds(k));
    lyon = scopeFromParts(['LYON-*', 'DATACENTER'], await groupIds(k));
  });
  afterAll(async () => {
    await k?.destroy();
    await root?.destroy();
    if (db) await dropDb(db);
  });

  async function plain(order: string, where = '', limit = 100_000, offset = 0): Promise<number[]> {
    const [rows] = (await root.raw(
      `SELECT h.ID FROM hardware h LEFT JOIN accountinfo a ON a.HARDWARE_ID = h.ID
        WHERE h.DEVICEID NOT IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_') ${where ? `AND ${where}` : ''}
        ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
    )) as [Array<{ ID: number }>];
    return rows.map((r) => Number(r.ID));
  }

  async function page(scope: Scope, input: Partial<ListInput>) {
    const p = await listComputers(k, scope, ListInput.parse({ columns: ['hardware.NAME'], ...input }));
    return { ids: p.rows.map((r) => r.id), total: p.total };
  }

  /**
   * Orders read afresh for these perimeters and columns: a second after the last write (UPDATE_TIME is
   * to the second, so they are exact), started by a first page each, then read.
   */
  async function freshOrders(views: Array<[Scope, string]>): Promise<void> {
    await new Promise((r) => setTimeout(r, 1100));
    dropDateOrders(k);
    for (const [scope, column] of views)
      await page(scope, { sort: { column: `hardware.${column}`, dir: 'asc' }, limit: 1 });
    await dateOrdersRead(k);
  }

  /** The statements the app pool ran during `fn`. */
  async function statementsOf(fn: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => seen.push(q.sql);
    k.on('query', onQuery);
    try {
      await fn();
    } finally {
      k.off('query', onQuery);
    }
    return seen;
  }

  /** SQL conditions on h (hardware) and a (accountinfo) for each perimeter. */
  const perimeters = (): Array<readonly [Scope, string]> => [
    [all, ''],
    [lyon, LYON],
  ];

  it('pages by LASTDATE and LASTCOME, both directions, as ORDER BY col, ID does (ties, NULLs)', async () => {
    await freshOrders(
      [all, lyon].flatMap((sc) => ['LASTDATE', 'LASTCOME'].map((c) => [sc, c] as [Scope, string])),
    );
    const seen = await statementsOf(async () => {
      for (const [scope, where] of perimeters()) {
        const expectedTotal = (await plain('h.ID', where)).length;
        expect(expectedTotal).toBeGreaterThan(20);
        for (const column of ['LASTDATE', 'LASTCOME']) {
          for (const dir of ['desc', 'asc'] as const) {
            const want = await plain(`h.${column} ${dir}, h.ID ${dir}`, where);
            for (const [offset, withTotal] of [
              [0, true],
              [37, false],
              [expectedTotal - 10, false],
              [expectedTotal + 5, true],
            ] as const) {
              const p = await page(scope, {
                sort: { column: `hardware.${column}`, dir },
                offset,
                limit: 25,
                withTotal,
              });
              const what = `${scope.tags ? 'restricted' : 'all'} ${column} ${dir} @${offset}`;
              expect(p.ids, what).toEqual(want.slice(offset, offset + 25));
              if (withTotal) expect(p.total, what).toBe(expectedTotal);
            }
          }
        }
      }
    });
    // Every page came from the kept orders: no sort of hardware by a date.
    expect(seen.filter((q) => /order by `h`\.`LAST(DATE|COME)`/i.test(q))).toEqual([]);
  });

  it('answers later pages from the kept order without sorting hardware again', async () => {
    dropDateOrders(k);
    // The first page comes from SQL and starts the read of the order, which no request waits for.
    expect((await page(all, { offset: 0, limit: 50 })).ids).toEqual(
      await plain('h.LASTDATE DESC, h.ID DESC', '', 50),
    );
    await dateOrdersRead(k);
    const want = await plain('h.LASTDATE DESC, h.ID DESC', '', 50, 100);
    const seen = await statementsOf(async () => {
      expect((await page(all, { offset: 100, limit: 50, withTotal: false })).ids).toEqual(want);
    });
    // Only the rows' columns (and the settings) are read: no ORDER BY over hardware, no COUNT.
    expect(seen.filter((q) => /order by/i.test(q) || /count\(/i.test(q))).toEqual([]);
  });

  it('sees a write of the comm server on the next first page (UPDATE_TIME) and a TAG change', async () => {
    await page(all, { offset: 0, limit: 10 });
    // A computer inventoried now goes to the top; it was elsewhere.
    const before = await plain('h.LASTDATE DESC, h.ID DESC');
    const moved = before[before.length - 1]!;
    await root.raw('UPDATE hardware SET LASTDATE = NOW() + INTERVAL 1 DAY WHERE ID = ?', [moved]);
    const p = await page(all, { offset: 0, limit: 10 });
    expect(p.ids[0]).toBe(moved);
    expect(p.ids).toEqual(await plain('h.LASTDATE DESC, h.ID DESC', '', 10));
    // A restricted operator: a TAG change (accountinfo) moves a computer out of the perimeter.
    const mine = await page(lyon, { offset: 0, limit: 500 });
    const leaving = mine.ids[0]!;
    await root.raw("UPDATE accountinfo SET TAG = 'PARIS-SIEGE' WHERE HARDWARE_ID = ?", [leaving]);
    const after = await page(lyon, { offset: 0, limit: 500 });
    expect(after.ids).not.toContain(leaving);
    expect(after.ids).toEqual(await plain('h.LASTDATE DESC, h.ID DESC', LYON, 500));
    expect(after.total).toBe(mine.total! - 1);
    // Even a later block, which may reuse a young order, never shows it: the perimeter is applied again.
    invalidateTotals();
    const block = await page(lyon, { offset: 0, limit: 500, withTotal: false });
    expect(block.ids).not.toContain(leaving);
  });

  it('pages a software search by last inventory from the kept order, restricted operator included', async () => {
    const software = [
      { field: 'software.NAME', op: 'HAS' as const, value: 'e' },
      { field: 'software.NAME', op: 'HAS_NOT' as const, value: 'VLC*' },
    ];
    const softwareSql = `h.ID IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE '%e%')
      AND h.ID NOT IN (SELECT s.HARDWARE_ID FROM software s JOIN software_name n ON n.ID = s.NAME_ID WHERE n.NAME LIKE 'VLC%')`;
    // Alone, and next to cheap criteria (a TAG, memory) that the walk checks first (cheapCriteria).
    const filters = [
      { criteria: software, sql: softwareSql },
      {
        criteria: [
          ...software,
          { field: 'accountinfo.TAG', op: 'DIFFERENT' as const, value: 'PARIS-SIEGE' },
          { field: 'hardware.MEMORY', op: 'BIGGER' as const, value: '2048' },
        ],
        sql: `${softwareSql} AND h.MEMORY > 2048
          AND h.ID NOT IN (SELECT x.HARDWARE_ID FROM accountinfo x WHERE x.TAG = 'PARIS-SIEGE')`,
      },
    ];
    await freshOrders([
      [all, 'LASTDATE'],
      [lyon, 'LASTDATE'],
    ]);
    const seen = await statementsOf(async () => {
      for (const [[scope, where], { criteria, sql }] of perimeters().flatMap((p) =>
        filters.map((f) => [p, f] as const),
      )) {
        const filter = { criteria, match: 'all' as const };
        for (const dir of ['desc', 'asc'] as const) {
          const want = await plain(
            `h.LASTDATE ${dir}, h.ID ${dir}`,
            `${where ? `${where} AND ` : ''} ${sql}`,
          );
          expect(want.length).toBeGreaterThan(20);
          for (const offset of [0, 15, want.length - 4]) {
            invalidateTotals();
            const p = await page(scope, {
              filter,
              sort: { column: 'hardware.LASTDATE', dir },
              offset,
              limit: 15,
            });
            const what = `${scope.tags ? 'restricted' : 'all'} ${criteria.length} criteria ${dir} @${offset}`;
            expect(p.ids, what).toEqual(want.slice(offset, offset + 15));
            expect(p.total, what).toBe(want.length);
          }
        }
      }
    });
    // Walked over the kept order (candidates by ID, no sort of hardware), never the derived sort.
    expect(seen.some((q) => /^select `h`\.`ID` from `hardware` as `h` where `h`\.`ID` in \(/i.test(q))).toBe(
      true,
    );
    // With cheap criteria, the candidates that pass them are found before any software probe.
    const walked = (q: string) => /^select `h`\.`ID` from `hardware` as `h` where `h`\.`ID` in \(/i.test(q);
    expect(seen.some((q) => walked(q) && /MEMORY/.test(q) && !/software/.test(q))).toBe(true);
    expect(seen.filter((q) => /order by `h`\.`LASTDATE`/i.test(q))).toEqual([]);
  });

  it('on a fleet others write, a first page is the server sort within its budget, else the order as read', async () => {
    await freshOrders([[all, 'LASTDATE']]);
    const asRead = await plain('h.LASTDATE DESC, h.ID DESC');
    // The comm server inventories the computer with the oldest date: the kept order is no longer exact.
    const moved = asRead.at(-1)!;
    await root.raw('UPDATE hardware SET LASTDATE = NOW() + INTERVAL 2 DAY WHERE ID = ?', [moved]);
    const now = await plain('h.LASTDATE DESC, h.ID DESC');
    expect(now[0]).toBe(moved);
    const first = { offset: 0, limit: 20 };
    // The server stopped at the budget: the page of the order as it was read, with the exact count.
    budget.overrun = true;
    try {
      const p = await page(all, first);
      expect(p.ids).toEqual(asRead.slice(0, 20));
      expect(p.total).toBe(asRead.length);
    } finally {
      budget.overrun = false;
    }
    // Within the budget: the server's sort, exact.
    expect((await page(all, first)).ids).toEqual(now.slice(0, 20));
    // OCS Desk's own write ends the old order: no fallback to it, the page waits for the sort.
    await dateOrdersRead(k);
    await root.raw('UPDATE hardware SET LASTDATE = NOW() + INTERVAL 3 DAY WHERE ID = ?', [asRead[5]!]);
    invalidateTotals();
    budget.overrun = true;
    try {
      expect((await page(all, first)).ids[0]).toBe(asRead[5]);
    } finally {
      budget.overrun = false;
    }
  });
});
