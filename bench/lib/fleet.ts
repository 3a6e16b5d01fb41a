import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { benchServer as server } from './measure';

const SCHEMA_SQL = '/usr/share/ocsinventory-reports/files/ocsbase_new.sql';
/** software's secondary keys in OCS's schema (one column each, named after it). */
const SOFTWARE_KEYS = ['HARDWARE_ID', 'NAME_ID', 'PUBLISHER_ID', 'VERSION_ID'];

/**
 * A benchmark's fleet database: created from ocsreports' schema when missing, then seeded up to
 * `computers` (a database that already has them is reused as it is). `existing`: the database must
 * exist and is never seeded (measuring a real one).
 */
export async function ensureFleet(opts: {
  db: string;
  computers: number;
  existing?: boolean;
  poolMax?: number;
  /** Software shape of a seeded fleet (seed-fleet.ts); default OCS_BENCH_SHAPE, else `compact`. */
  shape?: 'compact' | 'real';
}): Promise<Knex> {
  const { db, computers, existing = false } = opts;
  const root = await createPool({ ...server, database: 'mysql' }, { database: null, max: 1 });
  const [dbs] = (await root.raw('SHOW DATABASES LIKE ?', [db])) as [unknown[]];
  if (!dbs.length && existing) {
    await root.destroy();
    throw new Error(`OCS_BENCH_DB=${db}: no such database (set OCS_BENCH_COMPUTERS to seed one)`);
  }
  if (!dbs.length) {
    await root.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [db]);
    execFileSync('mariadb', ['-h', server.host, '-P', String(server.port), '-u', server.user, db], {
      input: readFileSync(SCHEMA_SQL, 'utf8'),
      env: { ...process.env, MYSQL_PWD: server.password },
      maxBuffer: 64 * 1024 * 1024,
    });
  }
  await root.destroy();
  const k = await createPool({ ...server, database: db }, { max: opts.poolMax ?? 4 });
  const have = Number(
    (
      (await k('hardware')
        .whereNotIn('DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'])
        .count({ n: '*' })
        .first()) as { n: number }
    ).n,
  );
  if (existing) process.stdout.write(`existing database ${db}: ${have} computers, not seeded\n`);
  else if (have < computers) {
    process.stdout.write(`seeding ${computers - have} computers into ${db} (has ${have})...\n`);
    // A fresh database's software keys are built once after the load (a sorted build) instead of row by
    // row: with the real shape's ~60,000 names, per-row NAME_ID/VERSION_ID/PUBLISHER_ID inserts land on
    // random pages far beyond a 128 MB buffer pool and the seed slows down as the table grows.
    const bulk = have === 0;
    if (bulk) await k.raw(`ALTER TABLE software ${SOFTWARE_KEYS.map((c) => `DROP KEY ${c}`).join(', ')}`);
    const r = await seedFleet(k, {
      computers: computers - have,
      shape: opts.shape ?? (process.env.OCS_BENCH_SHAPE === 'real' ? 'real' : 'compact'),
      progress: (d, t) => d % 10_000 === 0 && process.stdout.write(`  ${d}/${t}\n`),
    });
    process.stdout.write(`  seeded in ${(r.ms / 1000).toFixed(0)} s (${r.softwareRows} software rows)\n`);
    if (bulk) {
      const t0 = Date.now();
      await k.raw(`ALTER TABLE software ${SOFTWARE_KEYS.map((c) => `ADD KEY ${c} (${c})`).join(', ')}`);
      process.stdout.write(`  software keys built in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  } else process.stdout.write(`reusing ${db}: ${have} computers\n`);
  return k;
}
