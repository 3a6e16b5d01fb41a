import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';

/**
 * Helpers for "all or nothing" files: work in a temporary folder or file in the SAME parent
 * (so the final step is a rename on one file system), and clean what a killed process left.
 *
 * Temporary names: `.ocsdesk-tmp-<host>-<pid>-<random>[-label]`. They start with a dot and are
 * never all digits, so OCS agents and web servers listing a download folder ignore them.
 */
export const TEMP_PREFIX = '.ocsdesk-tmp-';
const HOST =
  hostname()
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 32) || 'host';
/** A temp entry older than this is stale even when its owner cannot be checked (another host). */
const STALE_AFTER_MS = 24 * 3600_000;

/** Turns a Node file-system error into the AppError the admin can act on. */
export function fsError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('DISK_FULL', { path: file }, { cause: e });
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('FILE_NOT_FOUND', { path: file }, { cause: e });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('FILE_ACCESS_DENIED', { path: file }, { cause: e });
    default:
      return new AppError('INTERNAL', {}, { cause: e });
  }
}

export function tempName(label = ''): string {
  return `${TEMP_PREFIX}${HOST}-${process.pid}-${randomBytes(4).toString('hex')}${label ? '-' + label : ''}`;
}

/** Creates a fresh temp folder inside `parent` (created if needed). */
export async function makeTempDir(parent: string, label = ''): Promise<string> {
  const dir = path.join(parent, tempName(label));
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(dir, { mode: 0o755 });
  } catch (e) {
    throw fsError(e, dir);
  }
  return dir;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp entries a dead process left in `parent`: same host and the pid is gone, or older
 * than a day. Returns the names removed. Never throws (cleaning is best effort).
 */
export async function cleanStaleTemps(parent: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const m = /^\.ocsdesk-tmp-([A-Za-z0-9]+)-(\d+)-/.exec(name);
    const full = path.join(parent, name);
    let stale = false;
    if (m && m[1] === HOST) stale = Number(m[2]) !== process.pid && !pidAlive(Number(m[2]));
    if (!stale) {
      try {
        stale = Date.now() - (await stat(full)).mtimeMs > STALE_AFTER_MS;
      } catch {
        continue;
      }
    }
    if (stale) {
      await rm(full, { recursive: true, force: true }).catch(() => undefined);
      removed.push(name);
    }
  }
  return removed;
}

/** fsync a folder so a rename inside it survives a power loss (no-op where not supported). */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported on every platform / share */
  }
}

/** Writes a file through a temp name in the same folder, fsync and rename. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), tempName());
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw fsError(e, file);
  }
}

/**
 * Publishes a finished temp folder under its final name (one rename). Refuses (CONFLICT) when the
 * final name exists, so a concurrent writer is never overwritten.
 */
export async function publishDir(tempDir: string, finalDir: string): Promise<void> {
  try {
    await stat(finalDir);
    throw new AppError('CONFLICT', { detail: `${finalDir} already exists` });
  } catch (e) {
    if (e instanceof AppError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(e, finalDir);
  }
  try {
    await rename(tempDir, finalDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY')
      throw new AppError('CONFLICT', { detail: `${finalDir} already exists` });
    throw fsError(e, finalDir);
  }
  await syncDir(path.dirname(finalDir));
}

/** Removes a folder by renaming it to a temp name first (atomic disappearance), then deleting it. */
export async function removeDirAtomic(dir: string): Promise<boolean> {
  const trash = path.join(path.dirname(dir), tempName('trash'));
  try {
    await rename(dir, trash);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fsError(e, dir);
  }
  await rm(trash, { recursive: true, force: true }).catch(() => undefined);
  return true;
}
