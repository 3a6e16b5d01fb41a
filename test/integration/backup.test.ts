import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupSummary, RestoreResult } from '../../shared/contract/backup';
import type { JobInfo } from '../../shared/contract/jobs';
import { formatErrorEn } from '../../shared/i18n/format-error';
import { estimateBackupBytes } from '../../src-main/backup/backup-space';
import { createBackup } from '../../src-main/backup/backup.service';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { AppError } from '../../src-main/platform/errors';
import { createPool } from '../../src-main/platform/db/connect';
import { ADMIN, operatorOf, testApp, unchecked } from '../helpers/app';
import { APP_ACCOUNT, createOcsDb, dropDb, grantApp, ROOT, rootParams, uniqueDbName } from '../helpers/db';

/**
 * Backup and restore on the real MariaDB, connected as the password-protected application account
 * (ALL on its databases: SELECT, SHOW VIEW, LOCK TABLES for a backup; CREATE on the target of a
 * restore). Equality is judged by the server's own CHECKSUM TABLE on source and copy (independent of
 * OCS Desk's manifest hashes), table by table.
 */
const t = testApp();
const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-backup-'));
const dbs: string[] = [];
let source = '';
let root: Knex;

async function newTarget(): Promise<string> {
  const name = uniqueDbName('ocsdesk_rs');
  dbs.push(name);
  await grantApp(name); // the grant may precede the database: restore then creates it
  return name;
}

async function session(db: string, op = ADMIN) {
  return t.connect(t.session(op), db);
}

async function runJob<T>(
  s: Awaited<ReturnType<typeof session>>,
  route: 'backup.create' | 'backup.restore',
  input: unknown,
) {
  const { jobId } = (await t.call(s, route, unchecked(input))) as { jobId: string };
  const info = await t.app.jobs.wait(jobId);
  return info as JobInfo & { result: T };
}

/** The base tables of `db` but the restore's unfinished marker, by name. */
async function baseTables(db: string): Promise<string[]> {
  const [tables] = (await root.raw(
    "SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'ocsdesk_restore_incomplete' ORDER BY 1",
    [db],
  )) as [Array<{ n: string }>];
  return tables.map((t) => t.n);
}

/** The server's CHECKSUM TABLE of every base table (the independent check). */
async function checksums(db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of await baseTables(db)) {
    const [[r]] = (await root.raw(`CHECKSUM TABLE ??.??`, [db, n])) as [[{ Checksum: string | number }]];
    const [[c]] = (await root.raw('SELECT COUNT(*) AS c FROM ??.??', [db, n])) as [[{ c: number }]];
    out[n] = `${c.c}:${r.Checksum}`;
  }
  return out;
}

/** Every base table's definition (keys included: a restore adds the secondary keys after the rows). */
async function definitions(db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of await baseTables(db)) {
    const [[r]] = (await root.raw('SHOW CREATE TABLE ??.??', [db, n])) as [[Record<string, string>]];
    out[n] = r['Create Table']!.replace(/ AUTO_INCREMENT=\d+/, '');
  }
  return out;
}

async function hasMarker(db: string): Promise<boolean> {
  const [rows] = (await root.raw(
    "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'ocsdesk_restore_incomplete'",
    [db],
  )) as [unknown[]];
  return rows.length > 0;
}

beforeAll(async () => {
  root = await createPool(ROOT, { database: null, max: 2 });
  source = await createOcsDb();
  dbs.push(source);
  const k = await createPool(rootParams(source), { max: 2 });
  try {
    await seedFleet(k, { computers: 300, seed: 5, batch: 300, concurrency: 1 });
    // Values a dumper gets wrong: every byte in a blob, NULL vs '' vs 'NULL', quotes and backslashes,
    // 4-byte UTF-8, zero dates, bits, decimals, floats, a generated column, a MyISAM table and a view.
    await k.raw(`CREATE TABLE ocsdesk_it_tricky (
      id INT AUTO_INCREMENT PRIMARY KEY, b LONGBLOB, vb VARBINARY(64), t TEXT CHARACTER SET utf8mb4,
      d DATE, dt DATETIME, ts TIMESTAMP NULL, bits BIT(10), dec1 DECIMAL(20,6), f FLOAT, dbl DOUBLE,
      e ENUM('a','b''c'), gen INT AS (id * 2) VIRTUAL) ENGINE=InnoDB`);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await k.raw(
      `INSERT INTO ocsdesk_it_tricky (b, vb, t, d, dt, ts, bits, dec1, f, dbl, e) VALUES
        (?, ?, ?, '0000-00-00', '2024-02-29 23:59:59', '2024-06-01 12:00:00', b'1010101010', -12345678901234.123456, 1.25, 3.141592653589793, 'b''c'),
        (NULL, '', 'NULL', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (?, ?, ?, '2001-01-01', '1970-01-01 00:00:01', NULL, b'0', 0, -0.5, 1e300, 'a')`,
      [
        Buffer.concat([all, all, Buffer.from("';DROP TABLE x;--")]),
        Buffer.from([0, 0x27, 0x5c, 0x22, 0x1a, 0x0a, 0x0d]),
        'quote \' dquote " back \\ semi ; dash -- hash # nul \u0000 emoji 😀 é',
        Buffer.alloc(300_000, 0x5c),
        Buffer.from('\\'),
        '/* not a comment */ -- still text\n; ',
      ],
    );
    await k.raw('CREATE TABLE ocsdesk_it_myisam (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=MyISAM');
    await k.raw("INSERT INTO ocsdesk_it_myisam VALUES (1, 'x'), (2, NULL)");
    await k.raw('CREATE VIEW ocsdesk_it_view AS SELECT ID, NAME FROM hardware');
  } finally {
    await k.destroy();
  }
});

afterAll(async () => {
  t.app.jobs.cancelAll();
  for (const db of dbs) await dropDb(db).catch(() => undefined);
  await root?.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('backup with the built-in dumper, restore into a new database', () => {
  let summary: BackupSummary;
  const file = path.join(work, 'full.sql.gz');

  it('writes a complete gzip dump (mode 0600) with a manifest and an honest summary', async () => {
    const s = await session(source);
    const job = await runJob<BackupSummary>(s, 'backup.create', { file });
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('succeeded');
    summary = job.result;
    expect(summary.tool).toBe('builtin');
    expect(summary.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(summary.bytes).toBe(statSync(file).size);
    expect(summary.rows).toBe(summary.manifest.reduce((n, x) => n + x.rows, 0));
    expect(summary.views).toBe(1);
    expect(summary.nonTransactional).toContain('ocsdesk_it_myisam (MyISAM)');
    const hw = summary.manifest.find((x) => x.name === 'hardware');
    expect(hw?.rows).toBeGreaterThanOrEqual(300);
    expect(hw?.hash).toMatch(/^[0-9a-f]{16}$/);
    // Nothing but the final file in the folder: no temp file left behind.
    expect(readdirSync(work)).toEqual(['full.sql.gz']);
    const sql = gunzipSync(readFileSync(file)).toString('latin1');
    expect(sql.trimEnd().endsWith('-- OCS Desk backup complete')).toBe(true);
    expect(sql).not.toMatch(/LOCK TABLES|FLUSH TABLES/);
    await s.dispose();
  });

  it('restores into a new database: equal CHECKSUM TABLE, row counts and table definitions (keys added after the rows) everywhere, marker gone', async () => {
    const target = await newTarget();
    const s = await session(source);
    const job = await runJob<RestoreResult>(s, 'backup.restore', { file, database: target });
    expect(job.error).toBeUndefined();
    const r = job.result;
    expect(r.origin).toBe('ocsdesk');
    expect(r.check.compared).toBe('rows-and-hashes');
    expect(r.check.ok).toBe(true);
    expect(r.complete).toBe(true);
    expect(await hasMarker(target)).toBe(false);
    expect(await checksums(target)).toEqual(await checksums(source));
    expect(await definitions(target)).toEqual(await definitions(source));
    // Keys after the rows for InnoDB tables with secondary keys only (and the definitions above are equal).
    const [keyed] = (await root.raw(
      `SELECT DISTINCT s.TABLE_NAME AS n FROM information_schema.STATISTICS s
         JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
        WHERE s.TABLE_SCHEMA = ? AND s.INDEX_NAME <> 'PRIMARY' AND t.ENGINE = 'InnoDB'`,
      [source],
    )) as [Array<{ n: string }>];
    expect(r.keysAfterRows).toContain('software');
    expect(r.keysAfterRows.length).toBeGreaterThan(10);
    for (const n of r.keysAfterRows) expect(keyed.map((k) => k.n)).toContain(n);
    const [[v]] = (await root.raw('SELECT COUNT(*) AS c FROM ??.ocsdesk_it_view', [target])) as [
      [{ c: number }],
    ];
    expect(Number(v.c)).toBeGreaterThanOrEqual(300);
    await s.dispose();
  });

  it('restores with the stock mysql client too (gunzip | mariadb)', async () => {
    const target = await newTarget();
    await root.raw('CREATE DATABASE ??', [target]);
    execFileSync('sh', ['-c', `gunzip -c "${file}" | mariadb -h 127.0.0.1 -u root ${target}`]);
    expect(await checksums(target)).toEqual(await checksums(source));
  });

  it('refuses a non-empty target without the typed name, and replaces it with it', async () => {
    const target = await newTarget();
    await root.raw('CREATE DATABASE ??', [target]);
    await root.raw('CREATE TABLE ??.precious (id INT)', [target]);
    const s = await session(source);
    const refused = await runJob(s, 'backup.restore', { file, database: target });
    expect(refused.state).toBe('failed');
    expect(refused.error?.code).toBe('VALIDATION_FAILED');
    expect(refused.error?.params.field).toBe('confirmOverwrite');
    const wrong = await runJob(s, 'backup.restore', { file, database: target, confirmOverwrite: 'ocsweb' });
    expect(wrong.error?.code).toBe('VALIDATION_FAILED');
    const [still] = (await root.raw('SHOW TABLES FROM ??', [target])) as [unknown[]];
    expect(still).toHaveLength(1);
    const ok = await runJob<RestoreResult>(s, 'backup.restore', {
      file,
      database: target,
      confirmOverwrite: target,
    });
    expect(ok.result.complete).toBe(true);
    const [after] = (await root.raw("SHOW TABLES FROM ?? LIKE 'precious'", [target])) as [unknown[]];
    expect(after).toHaveLength(0);
    expect(await checksums(target)).toEqual(await checksums(source));
    await s.dispose();
  });

  it('a check that finds a difference keeps the marker and says which table', async () => {
    // A dump edited after the fact (one row less in ocsdesk_it_myisam): the manifest disagrees.
    const sql = gunzipSync(readFileSync(file))
      .toString('latin1')
      .replace(
        "INSERT INTO `ocsdesk_it_myisam` (`id`,`v`) VALUES (1,'x'),(2,NULL);",
        "INSERT INTO `ocsdesk_it_myisam` (`id`,`v`) VALUES (1,'x');",
      );
    const edited = path.join(work, 'edited.sql');
    writeFileSync(edited, Buffer.from(sql, 'latin1'));
    const target = await newTarget();
    const s = await session(source);
    const job = await runJob<RestoreResult>(s, 'backup.restore', { file: edited, database: target });
    expect(job.result.complete).toBe(false);
    expect(job.result.check.tables.filter((x) => !x.ok).map((x) => x.name)).toEqual(['ocsdesk_it_myisam']);
    expect(await hasMarker(target)).toBe(true);
    await s.dispose();
  });
});

describe('mysqldump', () => {
  it('a file written by mysqldump itself restores in OCS Desk (row counts checked)', async () => {
    const dump = path.join(work, 'plain-mysqldump.sql');
    execFileSync('sh', [
      '-c',
      `mariadb-dump -h 127.0.0.1 -u root --single-transaction --skip-triggers ${source} > "${dump}"`,
    ]);
    const target = await newTarget();
    const s = await session(source);
    const job = await runJob<RestoreResult>(s, 'backup.restore', { file: dump, database: target });
    expect(job.error).toBeUndefined();
    expect(job.result.origin).toBe('mysqldump');
    expect(job.result.check.compared).toBe('rows');
    expect(job.result.check.ok).toBe(true);
    expect(await checksums(target)).toEqual(await checksums(source));
    expect(await definitions(target)).toEqual(await definitions(source));
    await s.dispose();
  });

  it('tool mysqldump: the summary says so, and the backup round-trips', async () => {
    const file = path.join(work, 'by-mysqldump.sql.gz');
    const s = await session(source);
    const job = await runJob<BackupSummary>(s, 'backup.create', { file, tool: 'mysqldump' });
    expect(job.error).toBeUndefined();
    expect(job.result.tool).toBe('mysqldump');
    expect(job.result.toolVersion).toMatch(/Distrib|Ver/);
    expect(job.result.manifest.find((x) => x.name === 'hardware')?.rows).toBeGreaterThanOrEqual(300);
    const target = await newTarget();
    const r = await runJob<RestoreResult>(s, 'backup.restore', { file, database: target });
    expect(r.error).toBeUndefined();
    expect(r.result.origin).toBe('ocsdesk');
    expect(r.result.check).toMatchObject({ compared: 'rows', ok: true });
    expect(await checksums(target)).toEqual(await checksums(source));
    await s.dispose();
  });
});

describe('back up first, before a destructive job', () => {
  it('plans the tables a merge or delete changes, and a backup of only those round-trips them', async () => {
    const s = await session(source);
    const plan = (await t.call(s, 'backup.plan', { purpose: 'duplicates.merge' })) as {
      tables: string[] | null;
      count: number;
      estimatedBytes: number;
    };
    // Every HARDWARE_ID table the comm server's delete/replace touches, plus hardware and its trace.
    expect(plan.tables).toEqual(expect.arrayContaining(['hardware', 'accountinfo', 'software', 'networks']));
    expect(plan.tables).toEqual(expect.arrayContaining(['deleted_equiv', 'devices', 'groups_cache']));
    expect(plan.tables).not.toContain('operators');
    expect(plan.tables).not.toContain('config');
    expect(plan.count).toBe(plan.tables!.length);
    expect(plan.estimatedBytes).toBeGreaterThan(0);
    const upgrade = (await t.call(s, 'backup.plan', { purpose: 'database.upgrade' })) as {
      tables: string[] | null;
      count: number;
    };
    expect(upgrade.tables).toBeNull();
    expect(upgrade.count).toBeGreaterThan(plan.count);

    const file = path.join(work, 'before-merge.sql.gz');
    const done = await runJob<BackupSummary>(s, 'backup.create', {
      file,
      tables: plan.tables,
      reason: 'before duplicates.merge',
    });
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.result.manifest.map((m) => m.name).sort()).toEqual([...plan.tables!].sort());
    const target = await newTarget();
    const restored = await runJob<RestoreResult>(s, 'backup.restore', { file, database: target });
    expect(restored.state, JSON.stringify(restored.error)).toBe('succeeded');
    const [src, copy] = [await checksums(source), await checksums(target)];
    for (const name of plan.tables!) expect(copy[name], name).toBe(src[name]);
  });
});

describe('who may', () => {
  it('a TAG-restricted operator with configure is refused (a backup holds every computer)', async () => {
    const restricted = { ...operatorOf('sadmin', 'test-tagged'), tags: ['PARIS'] };
    const s = await session(source, restricted);
    const job = await runJob(s, 'backup.create', { file: path.join(work, 'never.sql.gz') });
    expect(job.error?.code).toBe('FORBIDDEN');
    await expect(t.call(s, 'backup.target', { database: source })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await s.dispose();
  });

  it('backup.target says whether a restore target is new, empty, holds tables, or is unfinished', async () => {
    const s = await session(source);
    const fresh = uniqueDbName('ocsdesk_rs');
    expect(await t.call(s, 'backup.target', { database: fresh })).toEqual({
      database: fresh,
      exists: false,
      tables: 0,
      incomplete: false,
    });
    const src = await t.call(s, 'backup.target', { database: source });
    expect(src.exists).toBe(true);
    expect(src.tables).toBeGreaterThan(50);
    expect(src.incomplete).toBe(false);
    await s.dispose();
  });
});

/** Builds the CLI into the work folder (node_modules resolved through NODE_PATH). */
async function buildCli(): Promise<string> {
  const out = path.join(work, 'cli', 'cli.cjs');
  await build({
    entryPoints: [path.resolve(__dirname, '../../src-main/cli/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

function cliEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_PATH: path.resolve(__dirname, '../../node_modules'),
    OCS_DB_PASSWORD: APP_ACCOUNT.password,
    OCS_DB_HOST: '127.0.0.1',
    OCS_DB_USER: APP_ACCOUNT.user,
  };
}

async function until(what: () => Promise<boolean> | boolean, tries = 3000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition never met');
}

describe('kill -9', () => {
  let cli = '';
  let big = '';
  beforeAll(async () => {
    cli = await buildCli();
    big = await createOcsDb();
    dbs.push(big);
    const k = await createPool(rootParams(big), { max: 2 });
    try {
      await seedFleet(k, { computers: 3000, seed: 9, batch: 500, concurrency: 1 });
    } finally {
      await k.destroy();
    }
  });

  it('during a backup leaves no file under the chosen name; the next backup clears the leftover', async () => {
    const dir = path.join(work, 'killed');
    const out = path.join(dir, 'killed.sql.gz');
    const child = spawn(process.execPath, [cli, 'backup', '--out', out, '--database', big], {
      env: cliEnv(),
      stdio: 'ignore',
    });
    // Kill once the temp file has real content (the dump is under way).
    await until(() => {
      try {
        return readdirSync(dir).some(
          (n) => n.startsWith('.ocsdesk-tmp-') && statSync(path.join(dir, n)).size > 64 * 1024,
        );
      } catch {
        return false;
      }
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const left = readdirSync(dir);
    expect(left).not.toContain('killed.sql.gz');
    expect(left.every((n) => n.startsWith('.ocsdesk-tmp-'))).toBe(true);
    // What is left is visibly unfinished: a cut gzip stream, no manifest.
    const partial = readFileSync(path.join(dir, left[0]!));
    expect(() => gunzipSync(partial)).toThrow();
    // A later backup into the same folder removes the dead process's temp file.
    const s = await session(big);
    const job = await runJob<BackupSummary>(s, 'backup.create', { file: path.join(dir, 'next.sql.gz') });
    expect(job.state).toBe('succeeded');
    expect(readdirSync(dir)).toEqual(['next.sql.gz']);
    await s.dispose();
  });

  it('during a restore leaves the target marked incomplete', async () => {
    const s = await session(big);
    const file = path.join(work, 'big.sql.gz');
    const job = await runJob<BackupSummary>(s, 'backup.create', { file });
    expect(job.state).toBe('succeeded');
    await s.dispose();
    const target = await newTarget();
    const child = spawn(process.execPath, [cli, 'restore', '--in', file, '--database', target], {
      env: cliEnv(),
      stdio: 'ignore',
    });
    const k = await createPool(rootParams('mysql'), { database: null, max: 1 });
    try {
      await until(async () => {
        const [rows] = (await k.raw(
          "SELECT COUNT(*) AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('hardware', 'software')",
          [target],
        )) as [[{ c: number }]];
        return rows[0]!.c >= 2;
      });
    } finally {
      await k.destroy();
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await hasMarker(target)).toBe(true);
    // The screen's view of it: unfinished, holding tables (so a new restore needs the typed name).
    const s2 = await session(big);
    const seen = await t.call(s2, 'backup.target', { database: target });
    expect(seen).toMatchObject({ exists: true, incomplete: true });
    expect(seen.tables).toBeGreaterThan(0);
    // A re-run with the typed name replaces it: checksums equal to the source, marker gone.
    const again = await runJob<RestoreResult>(s2, 'backup.restore', {
      file,
      database: target,
      confirmOverwrite: target,
    });
    expect(again.error).toBeUndefined();
    expect(again.result.complete).toBe(true);
    expect(await hasMarker(target)).toBe(false);
    expect(await checksums(target)).toEqual(await checksums(big));
    await s2.dispose();
  });

  it('the CLI round-trip: backup, restore, exit 0', async () => {
    const file = path.join(work, 'cli.sql.gz');
    execFileSync(process.execPath, [cli, 'backup', '--out', file, '--database', source, '--json'], {
      env: cliEnv(),
    });
    const target = await newTarget();
    const out = execFileSync(
      process.execPath,
      [cli, 'restore', '--in', file, '--database', target, '--json'],
      {
        env: cliEnv(),
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toMatchObject({ complete: true, check: { ok: true } });
    expect(await checksums(target)).toEqual(await checksums(source));
  });
});

describe('pre-checks: free space before a backup, max_allowed_packet during a restore', () => {
  const here = mkdtempSync(path.join(tmpdir(), 'ocsdesk-backup-pre-'));
  const ctl = () => ({ signal: new AbortController().signal, progress: () => undefined });
  afterAll(() => rmSync(here, { recursive: true, force: true }));
  beforeAll(async () => {
    // The estimate reads information_schema's sizes, which InnoDB refreshes in the background: settle them.
    const [tables] = (await root.raw(
      "SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [source],
    )) as [Array<{ n: string }>];
    await root.raw(
      `ANALYZE TABLE ${tables.map(() => '??.??').join(', ')}`,
      tables.flatMap((x) => [source, x.n]),
    );
  });

  async function estimateOf(db: string): Promise<number> {
    const [rows] = (await root.raw(
      'SELECT DATA_LENGTH AS d FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [db],
    )) as [Array<{ d: number | null }>];
    return estimateBackupBytes(rows.map((r) => ({ dataBytes: Number(r.d ?? 0) })));
  }

  it('refuses before writing anything when the folder clearly lacks room, with both figures; the estimate never exceeds the real file', async () => {
    const s = await session(source);
    const estimate = await estimateOf(source);
    expect(estimate).toBeGreaterThan(0);
    const dir = path.join(here, 'short');
    const e = await createBackup(s.db!, { tool: 'builtin', file: path.join(dir, 'x.sql.gz') }, ctl(), here, {
      freeBytes: async () => Math.floor(estimate / 3),
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'DISK_FULL', params: { context: 'estimate', path: dir } });
    const { message } = formatErrorEn('DISK_FULL', (e as AppError).params);
    expect(message).toMatch(
      /^Not enough free space in .* for this backup: about [\d.]+ [KMG]i?B needed .*, [\d.]+ [KMG]i?B free\.$/,
    );
    expect(existsSync(dir)).toBe(false);
    // Exactly the estimate free: it runs, and the file it writes is at least that big (low estimate).
    const ok = await createBackup(s.db!, { tool: 'builtin', file: path.join(dir, 'y.sql.gz') }, ctl(), here, {
      freeBytes: async () => estimate,
    });
    expect(ok.bytes).toBeGreaterThanOrEqual(estimate);
    await s.dispose();
  });

  const mountReason = tmpfsUnavailableReason();
  it.skipIf(!!mountReason)(
    'on a real 128 KiB tmpfs: refused by the estimate; told there is room, the write meets ENOSPC and leaves nothing',
    async () => {
      const mnt = path.join(here, 'tmpfs');
      mkdirSync(mnt);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k,mode=0700', 'tmpfs', mnt]);
      const s = await session(source);
      try {
        expect(await estimateOf(source)).toBeGreaterThan(128 * 1024);
        const refused = await createBackup(
          s.db!,
          { tool: 'builtin', file: path.join(mnt, 'a.sql.gz') },
          ctl(),
          here,
        ).catch((x: unknown) => x);
        expect(refused).toMatchObject({ code: 'DISK_FULL', params: { context: 'estimate', path: mnt } });
        expect(readdirSync(mnt)).toEqual([]);
        // The estimate is only a guard: a full disk mid-write still fails cleanly.
        const full = await createBackup(
          s.db!,
          { tool: 'builtin', file: path.join(mnt, 'b.sql.gz') },
          ctl(),
          here,
          { freeBytes: async () => Number.MAX_SAFE_INTEGER },
        ).catch((x: unknown) => x);
        expect(full).toMatchObject({ code: 'DISK_FULL', params: { path: path.join(mnt, 'b.sql.gz') } });
        expect((full as AppError).params.context).toBeUndefined();
        expect(readdirSync(mnt)).toEqual([]);
      } finally {
        await s.dispose();
        execFileSync('umount', [mnt]);
      }
    },
  );

  it('a statement larger than the server max_allowed_packet is never sent: the error names the size to set from the largest statement in the file', async () => {
    const [[v]] = (await root.raw('SELECT @@GLOBAL.max_allowed_packet AS p')) as [[{ p: number }]];
    const packet = Number(v.p);
    // Hex literals: 2 bytes of SQL per byte of data, so half the packet plus a little is too large.
    const first = Math.floor(packet / 2) + 64 * 1024;
    const second = Math.floor(packet / 2) + 3 * 1024 * 1024;
    const file = path.join(here, 'huge.sql');
    writeFileSync(
      file,
      [
        'CREATE TABLE small (id INT PRIMARY KEY);',
        'INSERT INTO small VALUES (1),(2);',
        'CREATE TABLE big (id INT PRIMARY KEY, b LONGBLOB);',
        `INSERT INTO big VALUES (1, 0x${Buffer.alloc(first, 0xab).toString('hex')});`,
        `INSERT INTO big VALUES (2, 0x${Buffer.alloc(second, 0xcd).toString('hex')});`,
        'INSERT INTO small VALUES (3);',
        '',
      ].join('\n'),
    );
    const target = await newTarget();
    const s = await session(source);
    const job = await runJob<RestoreResult>(s, 'backup.restore', { file, database: target });
    await s.dispose();
    expect(job.state).toBe('failed');
    // The largest statement of the file (the second INSERT), measured after the stop.
    const largest = Number(job.error?.params.largest);
    expect(largest).toBeGreaterThanOrEqual(2 * second);
    expect(largest).toBeLessThan(2 * second + 64);
    const need = Math.max(16, Math.ceil((largest + 64 * 1024) / (1024 * 1024)));
    expect(job.error).toMatchObject({
      code: 'DB_PACKET_TOO_LARGE',
      params: {
        context: 'restore',
        table: 'big',
        need: `${need}M`,
        sql: `SET GLOBAL max_allowed_packet = ${need * 1024 * 1024}`,
      },
    });
    expect(need * 1024 * 1024).toBeGreaterThan(packet);
    const { message, hint } = formatErrorEn('DB_PACKET_TOO_LARGE', job.error!.params);
    expect(message).toContain('table big');
    expect(hint).toContain(`at least ${need}M (SET GLOBAL max_allowed_packet = ${need * 1024 * 1024}`);
    // Statements before it were applied, none after; the target says it is unfinished.
    expect(await hasMarker(target)).toBe(true);
    const [[c]] = (await root.raw('SELECT COUNT(*) AS n FROM ??.small', [target])) as [[{ n: number }]];
    expect(Number(c.n)).toBe(2);
    const [[b]] = (await root.raw('SELECT COUNT(*) AS n FROM ??.big', [target])) as [[{ n: number }]];
    expect(Number(b.n)).toBe(0);
  });

  it('a backup whose largest statement exceeds the server max_allowed_packet is refused before anything is created (the size is in its head)', async () => {
    const [[v]] = (await root.raw('SELECT @@GLOBAL.max_allowed_packet AS p')) as [[{ p: number }]];
    const packet = Number(v.p);
    // A row of backslashes just over half the packet: the row fits the packet, its escaped INSERT (x2) does not.
    const half = Math.ceil((packet * 0.55) / 2);
    await root.raw('CREATE TABLE ??.ocsdesk_it_big (id INT PRIMARY KEY, b LONGBLOB)', [source]);
    try {
      await root.raw(`INSERT INTO ??.ocsdesk_it_big VALUES (1, 0x${'5c'.repeat(half)})`, [source]);
      await root.raw('UPDATE ??.ocsdesk_it_big SET b = CONCAT(b, b)', [source]);
      const s = await session(source);
      const file = path.join(here, 'big.sql.gz');
      const sum = await createBackup(
        s.db!,
        { tool: 'builtin', file, tables: ['ocsdesk_it_big'] },
        ctl(),
        here,
      );
      expect(sum.largestStatement).toBeGreaterThan(packet);
      // The head, rewritten once the dump was done, says it (the manifest at the end says it too).
      const head = gunzipSync(readFileSync(file)).subarray(0, 4096).toString('utf8');
      expect(head).toContain(`"largestStatement":${sum.largestStatement}}`);
      const target = await newTarget();
      const job = await runJob<RestoreResult>(s, 'backup.restore', { file, database: target });
      await s.dispose();
      expect(job.state).toBe('failed');
      const need = Math.max(16, Math.ceil((sum.largestStatement + 64 * 1024) / (1024 * 1024)));
      expect(job.error).toMatchObject({
        code: 'DB_PACKET_TOO_LARGE',
        params: {
          context: 'restore_file',
          largest: sum.largestStatement,
          need: `${need}M`,
          sql: `SET GLOBAL max_allowed_packet = ${need * 1024 * 1024}`,
        },
      });
      const { message, hint } = formatErrorEn('DB_PACKET_TOO_LARGE', job.error!.params);
      expect(message).toContain('nothing was restored');
      expect(hint).toContain(`at least ${need}M`);
      // Refused before it started: the target was not even created.
      const [schemas] = (await root.raw('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
        target,
      ])) as [unknown[]];
      expect(schemas).toHaveLength(0);
    } finally {
      await root.raw('DROP TABLE IF EXISTS ??.ocsdesk_it_big', [source]);
    }
  });
});

/** A tmpfs can be mounted here (root in a namespace that allows it); the probe mounts and unmounts one. */
function tmpfsUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = mkdtempSync(path.join(tmpdir(), 'ocsdesk-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return null;
  } catch {
    return 'mount -t tmpfs is not permitted here';
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
