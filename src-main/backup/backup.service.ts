import path from 'node:path';
import type { BackupSummary, BackupTool, BackupTools } from '../../shared/contract/backup';
import { createSiblingPool, poolParams, type DbHandle } from '../platform/db/connect';
import { holdCompactHeap } from '../platform/memory/heap-growth';
import { AppError } from '../platform/errors';
import { BackupWriter } from './backup-file';
import { assertRoom, estimateBackupBytes, freeBytesAt } from './backup-space';
import { dumpTables } from './dump-builtin';
import { preamble, trailer, type DumpHeader } from './dump-format';
import { dumpWithMysqldump, findMysqldump } from './dump-mysqldump';
import { HeldConnection } from './raw-connection';
import { ROW_HASH } from './tuple-encoder';
import { sourceFacts } from './source-tables';

export interface JobCtl {
  signal: AbortSignal;
  progress(done: number, total?: number | null, note?: string | null): void;
}

export function defaultBackupFolder(configDir: string): string {
  return path.join(configDir, 'backups');
}

export function defaultBackupFile(configDir: string, database: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
  return path.join(defaultBackupFolder(configDir), `${database}-${stamp}.sql.gz`);
}

export async function backupTools(db: DbHandle, configDir: string): Promise<BackupTools> {
  const found = await findMysqldump();
  return {
    mysqldump: found
      ? { ok: true, version: found.version, problem: null }
      : {
          ok: false,
          version: null,
          problem: 'mysqldump (or mariadb-dump) is not installed on this computer',
        },
    defaultFolder: defaultBackupFolder(configDir),
    database: db.target.database,
  };
}

/** Seams: tests give the free space a folder reports. */
export interface BackupDeps {
  freeBytes: (dir: string) => Promise<number>;
}
export const BACKUP_DEPS: BackupDeps = { freeBytes: freeBytesAt };

/**
 * A full (or `tables`-only) dump of the session's database into a gzip file, on ONE connection of
 * its own holding one transaction snapshot (no global lock: InnoDB tables are read as of the snapshot;
 * other engines are named in the summary). The file appears under its name only when complete.
 */
export async function createBackup(
  db: DbHandle,
  input: { file?: string; tool: BackupTool; tables?: string[]; reason?: string },
  ctl: JobCtl,
  configDir: string,
  deps: BackupDeps = BACKUP_DEPS,
): Promise<BackupSummary> {
  const started = Date.now();
  const file = path.resolve(input.file ?? defaultBackupFile(configDir, db.target.database));
  const pool = await createSiblingPool(db.jobs, { max: 1 });
  if (!pool) throw new AppError('DB_NOT_CONNECTED');
  let writer: BackupWriter | null = null;
  let held: HeldConnection | null = null;
  let ok = false;
  // Peak memory must not grow with the fleet: V8 would otherwise raise its heap limit as a long dump runs.
  const releaseHeap = holdCompactHeap();
  try {
    held = await HeldConnection.acquire(pool);
    await held.exec("SET SESSION time_zone = '+00:00'");
    await held.exec('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await held.exec('SET SESSION net_write_timeout = 3600');
    await held.exec('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const facts = await sourceFacts(held, input.tables);
    const total = facts.tables.reduce((n, t) => n + t.estimatedRows, 0);
    // Before a byte is written: a folder that clearly cannot hold the file is refused with the figures.
    assertRoom(
      path.dirname(file),
      estimateBackupBytes(facts.tables),
      await deps.freeBytes(path.dirname(file)),
    );
    ctl.progress(0, total || null, 'starting');
    const header: DumpHeader = {
      format: 1,
      database: facts.database,
      charset: facts.charset,
      collation: facts.collation,
      server: facts.server,
      tool: input.tool,
      startedAt: new Date(started).toISOString(),
      reason: input.reason ?? null,
      largestStatement: null,
    };
    // The head is written again at the end, with the largest statement (a restore reads it first).
    writer = await BackupWriter.open(file, Buffer.from(preamble(header)));
    const progress = (done: number, note: string) => ctl.progress(done, Math.max(total, done) || null, note);
    let toolVersion: string | null = null;
    let outcome;
    if (input.tool === 'mysqldump') {
      // mysqldump opens its own snapshot; ours only served to list the tables.
      await held.exec('ROLLBACK');
      const params = poolParams(db.jobs);
      if (!params) throw new AppError('DB_NOT_CONNECTED');
      const r = await dumpWithMysqldump(params, facts, input.tables, writer, ctl.signal, progress);
      toolVersion = r.version;
      outcome = r;
    } else {
      outcome = await dumpTables(held, facts, writer, ctl.signal, progress);
      await held.exec('ROLLBACK');
    }
    ctl.signal.throwIfAborted();
    await writer.write(
      trailer({
        format: 1,
        rowHash: ROW_HASH,
        tables: outcome.manifest,
        rows: outcome.rows,
        largestStatement: outcome.largestStatement,
        finishedAt: new Date().toISOString(),
      }),
    );
    const sqlBytes = writer.sqlBytes;
    const bytes = await writer.commit(
      Buffer.from(preamble({ ...header, largestStatement: outcome.largestStatement })),
    );
    writer = null;
    ok = true;
    return {
      file,
      tool: input.tool,
      toolVersion,
      database: facts.database,
      tables: outcome.manifest.filter((t) => t.kind === 'table').length,
      views: outcome.manifest.filter((t) => t.kind === 'view').length,
      rows: outcome.rows,
      bytes,
      sqlBytes,
      durationMs: Date.now() - started,
      nonTransactional: facts.nonTransactional,
      notCopied: facts.notCopied,
      largestStatement: outcome.largestStatement,
      manifest: outcome.manifest,
    };
  } catch (e) {
    if (ctl.signal.aborted) throw new AppError('JOB_CANCELLED');
    throw e;
  } finally {
    if (writer) await writer.abort();
    // The connection held a snapshot (and maybe a half-read result): it is closed, not reused.
    await held?.release(!ok).catch(() => undefined);
    await pool.destroy().catch(() => undefined);
    releaseHeap();
  }
}
