import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { AppError } from '../platform/errors';
import { cleanStaleTemps, fsError, syncDir, tempName } from '../platform/files/atomic';

/**
 * The gzip file a backup writes: a hidden temp name in the target folder (mode 0600: a dump holds
 * password hashes), renamed to its final name only once complete and synced. A killed backup leaves
 * at most a `.ocsdesk-tmp-...-backup` file, never one with the chosen name; the next backup into the
 * same folder removes what dead processes left.
 */
export class BackupWriter {
  sqlBytes = 0;
  private failed: unknown = null;

  private constructor(
    readonly file: string,
    private readonly tmp: string,
    private readonly gzip: Gzip,
    private readonly done: Promise<void>,
  ) {}

  static async open(file: string): Promise<BackupWriter> {
    const dir = path.dirname(file);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      throw fsError(e, dir);
    }
    await cleanStaleTemps(dir);
    if (await exists(file)) {
      throw new AppError('CONFLICT', {
        detail: `${file} already exists; choose another name (a backup never replaces a file)`,
      });
    }
    const tmp = path.join(dir, tempName('backup'));
    // Level 5: close to gzip's default ratio at a good deal less CPU (the dump itself is CPU-bound).
    const gzip = createGzip({ level: 5 });
    // `flush`: fsync before close, so the rename below publishes data that is on disk.
    const out = createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true });
    try {
      await once(out, 'open');
    } catch (e) {
      throw fsError(e, file);
    }
    const done = pipeline(gzip, out);
    const w = new BackupWriter(file, tmp, gzip, done);
    done.catch((e: unknown) => (w.failed = e));
    return w;
  }

  /** Writes SQL, waiting while gzip or the disk is behind (memory stays flat). */
  async write(data: Buffer | string): Promise<void> {
    if (this.failed) throw fsError(this.failed, this.file);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.sqlBytes += buf.length;
    if (!this.gzip.write(buf)) {
      try {
        await Promise.race([once(this.gzip, 'drain'), this.done.then(() => undefined)]);
      } catch (e) {
        // The pipeline destroys gzip with the disk's error (ENOSPC…): `once` rejects with it.
        throw fsError(this.failed ?? e, this.file);
      }
      if (this.failed) throw fsError(this.failed, this.file);
    }
  }

  /** Ends the gzip stream, syncs, and publishes under the final name (refused if it appeared meanwhile). */
  async commit(): Promise<number> {
    this.gzip.end();
    try {
      await this.done;
      await link(this.tmp, this.file);
      await rm(this.tmp, { force: true });
      await syncDir(path.dirname(this.file));
      return (await stat(this.file)).size;
    } catch (e) {
      await this.abort();
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new AppError('CONFLICT', { detail: `${this.file} appeared while the backup ran` });
      }
      throw fsError(e, this.file);
    }
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
    await rm(this.tmp, { force: true }).catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
