/**
 * Backup and restore benchmark (issue 21): `ocs-desk backup` (built-in dumper) and `ocs-desk restore`
 * of a seeded fleet, each in its own process under GNU time (wall time, peak RSS), next to
 * `mariadb-dump --single-transaction --quick | gzip -5` and `gunzip -c | mariadb` in the same run.
 * MB/s are of table data (information_schema DATA_LENGTH of the source, the same figure for all), so
 * the ratios compare like with like; file and SQL sizes are printed beside them.
 *
 *   npm run bench:backup
 *   OCS_BENCH_DB=ocsdesk_bench npm run bench:backup      # the shared 100k fleet, read-only
 *   OCS_BENCH_COMPUTERS=2000 OCS_BENCH_DB=ocsdesk_backup_2k npm run bench:backup
 *
 * Seeds (or reuses) its own source database (default ocsdesk_bench_backup, 100k computers). The shared
 * fleet `ocsdesk_bench` (or any database with OCS_BENCH_EXISTING=1) is only read: not seeded, not
 * analysed (its seeder did). The restore targets (ocsdesk_backup_rs_<pid>_*) and the files are removed
 * at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { ensureFleet } from '../lib/fleet';
import { benchServer } from '../lib/measure';

const N = Number(process.env.OCS_BENCH_COMPUTERS ?? 100_000);
const DB = process.env.OCS_BENCH_DB ?? 'ocsdesk_bench_backup';
/** A database this bench does not own: read as it is, never seeded or analysed. */
const READ_ONLY = DB === 'ocsdesk_bench' || process.env.OCS_BENCH_EXISTING === '1';
const server = benchServer;
/** npm runs benches from the repository's root (run-ts bundles this file elsewhere). */
const REPO = process.cwd();
const env = {
  ...process.env,
  NODE_PATH: path.join(REPO, 'node_modules'),
  OCS_DB_HOST: server.host,
  OCS_DB_PORT: String(server.port),
  OCS_DB_USER: server.user,
  OCS_DB_PASSWORD: server.password,
  MYSQL_PWD: server.password,
};
const conn = ['-h', server.host, '-P', String(server.port), '-u', server.user];

async function dataBytes(k: Knex, db: string): Promise<number> {
  const [[r]] = (await k.raw(
    'SELECT SUM(DATA_LENGTH) AS d, SUM(TABLE_ROWS) AS r FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [db],
  )) as [[{ d: string | number }]];
  return Number(r.d);
}

interface Run {
  seconds: number;
  rssMb: number;
  stdout: string;
}

/** One command under GNU time: wall seconds and the peak RSS of the largest process it waited for. */
function timed(what: string, cmd: string, args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCH_TIME %e %M', cmd, ...args], {
    env,
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const m = /BENCH_TIME ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const run = { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024, stdout: r.stdout };
  // As it goes: a 100k run takes long, and a later failure must not lose the figures already measured.
  console.log(`  ${what}: ${run.seconds} s, peak RSS ${run.rssMb.toFixed(0)} MB; load ${load()}`);
  return run;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const sh = (script: string): [string, string[]] => ['bash', ['-o', 'pipefail', '-c', script]];

async function main() {
  await (await ensureFleet({ db: DB, computers: N, existing: READ_ONLY })).destroy();
  const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-bench-backup-'));
  const cli = path.join(work, 'cli.cjs');
  await build({
    entryPoints: [path.join(REPO, 'src-main/cli/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: cli,
    logLevel: 'warning',
  });
  const root = await createPool({ ...server, database: 'mysql' }, { database: null, max: 1 });
  const targets = [`ocsdesk_backup_rs_${process.pid}_desk`, `ocsdesk_backup_rs_${process.pid}_mysql`];
  try {
    if (!READ_ONLY)
      await root.raw(`ANALYZE TABLE ${['hardware', 'software', 'devices'].map(() => '??.??').join(', ')}`, [
        DB,
        'hardware',
        DB,
        'software',
        DB,
        'devices',
      ]);
    const data = await dataBytes(root, DB);
    const mb = data / 1e6;
    console.log(
      `source ${DB}${READ_ONLY ? ' (read-only)' : ''}: ${mb.toFixed(0)} MB of table data; load ${load()}`,
    );
    const deskFile = path.join(work, 'desk.sql.gz');
    const dumpFile = path.join(work, 'mysqldump.sql.gz');

    const deskBackup = timed('ocs-desk backup', process.execPath, [
      cli,
      'backup',
      '--out',
      deskFile,
      '--database',
      DB,
      '--json',
    ]);
    const summary = JSON.parse(deskBackup.stdout) as { rows: number; sqlBytes: number; bytes: number };
    const dumpBackup = timed(
      'mariadb-dump | gzip',
      ...sh(
        `mariadb-dump ${conn.join(' ')} --single-transaction --quick --skip-lock-tables --no-tablespaces ${DB} | gzip -5 > ${dumpFile}`,
      ),
    );
    const deskRestore = timed('ocs-desk restore', process.execPath, [
      cli,
      'restore',
      '--in',
      deskFile,
      '--database',
      targets[0]!,
      '--json',
    ]);
    const restored = JSON.parse(deskRestore.stdout) as {
      complete: boolean;
      rows: number;
      check: { compared: string };
    };
    await root.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [targets[1]!]);
    const mysqlRestore = timed(
      'gunzip | mariadb',
      ...sh(`gunzip -c ${dumpFile} | mariadb ${conn.join(' ')} ${targets[1]}`),
    );

    const row = (what: string, r: Run, base: Run | null, file?: string) =>
      console.log(
        `${what.padEnd(34)} ${r.seconds.toFixed(1).padStart(7)} s ${(mb / r.seconds).toFixed(1).padStart(7)} MB/s` +
          `${base ? ` ${(base.seconds / r.seconds).toFixed(2).padStart(5)}x` : '       '}` +
          ` peak RSS ${r.rssMb.toFixed(0).padStart(5)} MB${file ? `  file ${(statSync(file).size / 1e6).toFixed(0)} MB` : ''}`,
      );
    console.log(
      `\n${N} computers; MB/s of table data; ratio = baseline time / OCS Desk time (>1: OCS Desk faster)`,
    );
    row('mariadb-dump | gzip -5', dumpBackup, null, dumpFile);
    row('ocs-desk backup (built-in)', deskBackup, dumpBackup, deskFile);
    row('gunzip -c | mariadb', mysqlRestore, null);
    row('ocs-desk restore (with its check)', deskRestore, mysqlRestore);
    console.log(
      `\nbackup: ${summary.rows} rows, ${(summary.sqlBytes / 1e6).toFixed(0)} MB of SQL; restore: ${restored.rows} rows, ` +
        `check ${restored.check.compared}, complete ${restored.complete}; load at the end ${load()}`,
    );
    if (!restored.complete) process.exitCode = 1;
  } finally {
    for (const t of targets) await root.raw('DROP DATABASE IF EXISTS ??', [t]).catch(() => undefined);
    await root.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
