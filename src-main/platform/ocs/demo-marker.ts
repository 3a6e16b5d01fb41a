import type { Knex } from 'knex';
import { DEMO_TABLE, ensureConsoleTable } from './console-tables';

/*
 * The marker of a generated demo fleet (OCS Desk's own table). In the platform layer because more than
 * the demo capability reads it: IP discovery never scans the made-up networks of demo data.
 */

export interface DemoMarkerRow {
  computers: number;
  createdAt: string;
}

/** The demo marker of the database, null when it holds no generated demo fleet. */
export async function readDemoMarker(k: Knex): Promise<DemoMarkerRow | null> {
  if (!(await k.schema.hasTable(DEMO_TABLE))) return null;
  const row = (await k(DEMO_TABLE).orderBy('ID').first('COMPUTERS', 'CREATED')) as
    { COMPUTERS: number; CREATED: Date | string } | undefined;
  if (!row) return null;
  const created = row.CREATED instanceof Date ? row.CREATED.toISOString() : String(row.CREATED);
  return { computers: Number(row.COMPUTERS), createdAt: created };
}

/** Marks the database as demo data (before the first generated row, so no demo row is ever unmarked). */
export async function writeDemoMarker(k: Knex, row: { computers: number; seed: number }): Promise<void> {
  await ensureConsoleTable(k, DEMO_TABLE);
  await k(DEMO_TABLE).insert({ COMPUTERS: row.computers, SEED: row.seed });
}
