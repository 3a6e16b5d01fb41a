import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../shared/contract/computers';
import { selectiveRows, walkBudgets, WALK_BUDGET } from './page-walk';
import type { SchemaInfo } from './schema-info';

const schema = (hardwareRows: number): SchemaInfo => ({
  tables: new Set(['hardware']),
  columns: new Map(),
  types: new Map(),
  leadingIndexed: new Map(),
  indexNames: new Map(),
  leadingIndexName: new Map([['hardware', new Map([['NAME', 'NAME']])]]),
  hardwareRows,
  hardwareIdTables: [],
  adminFields: [],
  loadedAt: 0,
});
const col = (column: string) => ({ id: `hardware.${column}`, table: 'hardware', column }) as ColumnInfo;

describe('walk budgets (page-walk.ts)', () => {
  it('tries 40 candidates per row first when the sort column has an index, then the full budget', () => {
    expect(walkBudgets(schema(100_000), col('NAME'), 0, 50)).toEqual([
      { budget: 2_000, whole: false },
      { budget: WALK_BUDGET, whole: false },
    ]);
    // No index on the sort column: every walk sorts all of hardware, so one walk only.
    expect(walkBudgets(schema(100_000), col('LASTDATE'), 0, 50)).toEqual([
      { budget: WALK_BUDGET, whole: false },
    ]);
    // Deep pages: 10 candidates per row at least.
    expect(walkBudgets(schema(100_000), col('LASTDATE'), 4_950, 50)).toEqual([
      { budget: 50_000, whole: false },
    ]);
  });

  it('walks every computer of a small fleet (always conclusive, no fallback)', () => {
    const all = { budget: Number.MAX_SAFE_INTEGER, whole: true };
    expect(walkBudgets(schema(3_000), col('NAME'), 0, 50)).toEqual([all]);
    expect(walkBudgets(schema(100_000), col('LASTDATE'), 19_950, 50)).toEqual([all]);
  });

  it('calls a name selective below a tenth of the fleet in software rows, within 1,000-20,000', () => {
    expect(selectiveRows(schema(100_000))).toBe(10_000);
    expect(selectiveRows(schema(400))).toBe(1_000);
    expect(selectiveRows(schema(1_000_000))).toBe(20_000);
  });
});
