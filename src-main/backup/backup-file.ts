import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open as openFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TransformOptions } from 'node:stream';
import { createGzip, gzipSync, type Gzip, type ZlibOptions } from 'node:zlib';
import { AppError } from '../platform/errors';
import { cleanStaleTemps, fsError, syncDir, tempName } from '../platform/files/atomic';

/**
 * The gzip file a backup writes: a hidden temp name in the target folder (mode 0600: a dump holds
 * password hashes), renamed to its final name only once complete and synced. A killed backup leaves
 * at most a `.ocsdesk-tmp-...-backup` file, never one with the chosen name; the next backup into the
 * same folder removes what dead processes left.
 *
 * The file is two gzip members (gunzip and `mysql` read them as one stream): first the head, stored
 * uncompressed at a fixed size, then the dump. The head is written again at the end, same size, with
 * what is only known then (the largest statement): a restore reads it before sending anything.
 */
export class BackupWriter {
  sqlBytes = 0;
  private failed: unknown = null;

  private constructor(
    readonly file: string,
    private readonly tmp: string,
    private readonly gzip: Gzip,
    private readonly done: Promise<void>,
    private readonly headSize: number,
  ) {}

  /** `head`: the first bytes of the SQL (rewritten at `commit` with the same length). */
  static async open(file: string, head: Buffer): Promise<BackupWriter> {
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
    // Level 5: close to gzip's default ratio at a good deal less CPU. gzip works on the thread pool:
    // a 4 MiB input buffer lets it compress one statement while the next is being encoded (a 16 KiB
    // one made every 1 MiB statement wait for the previous to be compressed); 64 KiB output chunks
    // make four times fewer round trips to the pool than the default.
    const opts: ZlibOptions & TransformOptions = {
      level: 5,
      chunkSize: 64 * 1024,
      writableHighWaterMark: 4 * 1024 * 1024,
    };
    const gzip = createGzip(opts);
    // `flush`: fsync before close, so the rename below publishes data that is on disk.
    const out = createWriteStream(tmp, { flags: 'wx', mode: 0o600, flush: true });
    try {
      await once(out, 'open');
    } catch (e) {
      throw fsError(e, file);
    }
    const member = headMember(head);
    out.write(member);
    const done = pipeline(gzip, out);
    const w = new BackupWriter(file, tmp, gzip, done, member.length);
    w.sqlBytes = head.length;
    done.catch((e: unknown) => (w.failed = e));
    return w;
  }

  /** Queues SQL for gzip; false when gzip or the disk is behind: await `drained()` before more. */
  push(buf: Buffer): boolean {
    if (this.failed) throw fsError(this.failed, this.file);
    this.sqlBytes += buf.length;
    return this.gzip.write(buf);
  }

  /** Resolves when gzip has room again; rejects with the disk's error. */
  async drained(): Promise<void> {
    try {
      await Promise.race([once(this.gzip, 'drain'), this.done.then(() => undefined)]);
    } catch (e) {
      // The pipeline destroys gzip with the disk's error (ENOSPC…): `once` rejects with it.
      throw fsError(this.failed ?? e, this.file);
    }
    if (this.failed) throw fsError(this.failed, this.file);
  }

  /** Writes SQL, waiting while gzip or the disk is behind (memory stays flat). */
  async write(data: Buffer | string): Promise<void> {
    if (!this.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)) await this.drained();
  }

  /**
   * Ends the gzip stream, writes `head` (same length as the first) over the first member, syncs, and
   * publishes under the final name (refused if it appeared meanwhile).
   */
  async commit(head?: Buffer): Promise<number> {
    this.gzip.end();
    try {
      await this.done;
      if (head) await this.rewriteHead(head);
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

  private async rewriteHead(head: Buffer): Promise<void> {
    const member = headMember(head);
    if (member.length !== this.headSize) throw new Error('backup head changed size');
    const fh = await openFile(this.tmp, 'r+');
    try {
      await fh.write(member, 0, member.length, 0);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
    await rm(this.tmp, { force: true }).catch(() => undefined);
  }
}

/** A gzip member of stored (level 0) blocks: its size depends only on the input's length. */
function headMember(head: Buffer): Buffer {
  return gzipSync(head, { level: 0 });
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
