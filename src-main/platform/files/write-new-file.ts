import { access, link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import { fsError, syncDir, tempName } from './atomic';

export interface WriteNewFileOptions {
  /** Permission bits of the final file (set exactly, whatever the umask): 0o600 for private keys. */
  mode?: number;
  /** Replace an existing file (default: refuse with CONFLICT). */
  overwrite?: boolean;
}

/**
 * Writes a file atomically with exact permissions: temp name in the same folder (created with
 * `mode` from the start, so a key is never readable by others, even briefly), fsync, then
 * rename (overwrite) or hard-link (no overwrite: fails if the name exists, with no race).
 */
export async function writeNewFile(
  file: string,
  data: string | Uint8Array,
  opts: WriteNewFileOptions = {},
): Promise<void> {
  const mode = opts.mode ?? 0o644;
  const tmp = path.join(path.dirname(file), tempName());
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.chmod(mode);
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.overwrite) {
      await rename(tmp, file);
    } else {
      await publishNoOverwrite(tmp, file);
    }
    await syncDir(path.dirname(file));
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if ((e as NodeJS.ErrnoException | null)?.code === 'EEXIST') throw existsError([file]);
    throw fsError(e, file);
  }
}

async function publishNoOverwrite(tmp: string, file: string): Promise<void> {
  try {
    await link(tmp, file);
    await rm(tmp, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // File systems without hard links (some shares): check, then rename (small race accepted).
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (await exists(file)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      await rename(tmp, file);
      return;
    }
    throw e;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function existsError(files: string[]): AppError {
  return new AppError('CONFLICT', {
    detail: `${files.join(', ')} already exist${files.length === 1 ? 's' : ''}; choose another folder or name, or allow overwriting`,
  });
}

/** Refuses (CONFLICT) when any of the files exists: checked before any work so no half set is written. */
export async function assertAbsent(files: string[]): Promise<void> {
  const found: string[] = [];
  for (const f of files) if (await exists(f)) found.push(f);
  if (found.length) throw existsError(found);
}
