import type { Knex } from 'knex';
import type { DbHandle } from '../platform/db/connect';
import { probeSchema } from '../platform/db/schema-probe';
import { AppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import { readDemoMarker, writeDemoMarker, type DemoMarkerRow } from '../platform/ocs/demo-marker';
import { seedFleet } from './seed-fleet';

/** The demo fleet is always the same one (same seed): what a tutorial or a bug report describes exists. */
const DEMO_SEED = 2026;

/**
 * Fills an empty OCS database with a generated demo fleet (computers, software, TAGs, networks), marked
 * as demo data first (`ocsdesk_demo`). Refuses a database that already holds computers: demo rows must
 * never mix with a real inventory. Streams small batches, so progress moves and a cancel stops between
 * two of them.
 */
export async function fillDemoFleet(
  k: Knex,
  database: string,
  opts: {
    computers: number;
    signal?: AbortSignal;
    progress?: (done: number, total: number) => void;
  },
): Promise<{ computers: number; softwareRows: number }> {
  const schema = await probeSchema(k, database);
  if (schema.state === 'missing' || schema.computers === null)
    throw new AppError('CONFLICT', { detail: `database "${database}" holds no OCS schema: create it first` });
  if (schema.computers > 0)
    throw new AppError('CONFLICT', {
      detail:
        `database "${database}" already holds ${schema.computers} computer(s): demo data only goes into ` +
        'an empty OCS database (create a new one for the demo)',
    });
  await writeDemoMarker(k, { computers: opts.computers, seed: DEMO_SEED });
  const r = await seedFleet(k, {
    computers: opts.computers,
    seed: DEMO_SEED,
    fixturesDir: null,
    batch: 25,
    concurrency: 1,
    signal: opts.signal,
    progress: opts.progress,
  });
  log.info('demo fleet generated', { database, computers: r.computers, softwareRows: r.softwareRows });
  return { computers: r.computers, softwareRows: r.softwareRows };
}

const markers = new WeakMap<DbHandle, Promise<DemoMarkerRow | null>>();

/** The connected database's demo marker, read once per connection (the header badge asks often). */
export function demoMarkerOf(db: DbHandle): Promise<DemoMarkerRow | null> {
  let m = markers.get(db);
  if (!m) {
    // An account that may not read the table, or a dropped connection: no badge rather than an error.
    m = readDemoMarker(db.knex).catch(() => {
      markers.delete(db);
      return null;
    });
    markers.set(db, m);
  }
  return m;
}
