import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FragmentPlan } from '../../../shared/contract/packages';
import { AppError } from '../../platform/errors';
import { fsError } from '../../platform/files/atomic';
import { fragmentLength, fragmentName } from './fragments';

export interface SplitOptions {
  signal?: AbortSignal;
  onProgress?: (bytesDone: number) => void;
  /** Read size; three buffers of it are in use at once (memory stays flat whatever the size). */
  chunkSize?: number;
  /** fsync every fragment before the package is published (default true). */
  fsync?: boolean;
}

/**
 * ONE pass over the archive: each chunk read is fed to MD5 and written to the fragment(s) it
 * belongs to. Reads, hashing and writes overlap (three rotating buffers: read ahead in the thread
 * pool while the main thread hashes and the previous chunk is written). Returns the lower-case hex
 * MD5 of the whole archive.
 */
export async function splitArchive(
  archive: string,
  outDir: string,
  fileId: string,
  plan: FragmentPlan,
  opts: SplitOptions = {},
): Promise<string> {
  const chunk = opts.chunkSize ?? 4 * 1024 * 1024;
  const doSync = opts.fsync ?? true;
  const hash = createHash('md5');
  let input: FileHandle;
  try {
    input = await open(archive, 'r');
  } catch (e) {
    throw fsError(e, archive);
  }

  // Writer state (only touched inside the sequential write chain).
  let frag = 0;
  let fragLeft = 0;
  let fragPos = 0;
  let out: FileHandle | null = null;
  let currentPath = '';
  const closing: Promise<void>[] = [];
  const finishFragment = (fh: FileHandle) =>
    (doSync ? fh.sync() : Promise.resolve()).finally(() => fh.close());

  const writeChunk = async (buf: Buffer, len: number): Promise<void> => {
    let off = 0;
    while (off < len) {
      if (!out) {
        frag += 1;
        fragLeft = fragmentLength(plan, frag);
        fragPos = 0;
        currentPath = path.join(outDir, fragmentName(fileId, frag));
        out = await open(currentPath, 'wx', 0o644);
      }
      const n = Math.min(fragLeft, len - off);
      let written = 0;
      while (written < n) {
        const r = await out.write(buf, off + written, n - written, fragPos);
        written += r.bytesWritten;
        fragPos += r.bytesWritten;
      }
      off += n;
      fragLeft -= n;
      if (fragLeft === 0) {
        const p = finishFragment(out);
        p.catch(() => undefined);
        closing.push(p);
        out = null;
      }
    }
  };

  const SLOTS = 3;
  const bufs = Array.from({ length: SLOTS }, () => Buffer.allocUnsafe(chunk));
  const slotWrites: Array<Promise<void>> = Array.from({ length: SLOTS }, () => Promise.resolve());
  let chain: Promise<void> = Promise.resolve();
  let pos = 0;
  try {
    const readAt = (slot: number, at: number) =>
      input.read(bufs[slot]!, 0, Math.min(chunk, plan.size - at), at);
    let pending = plan.size > 0 ? readAt(0, 0) : null;
    for (let i = 0; pending; i++) {
      const slot = i % SLOTS;
      const { bytesRead } = await pending;
      if (bytesRead === 0) {
        throw new AppError('FILE_INVALID', { path: archive, reason: 'the file shrank while it was read' });
      }
      const next = pos + bytesRead;
      pending = null;
      if (next < plan.size) {
        const nextSlot = (i + 1) % SLOTS;
        await slotWrites[nextSlot]; // that buffer's previous write must be done before reuse
        if (opts.signal?.aborted) throw new AppError('JOB_CANCELLED');
        pending = readAt(nextSlot, next);
      }
      const buf = bufs[slot]!;
      hash.update(buf.subarray(0, bytesRead));
      chain = chain.then(() => writeChunk(buf, bytesRead));
      chain.catch(() => undefined);
      slotWrites[slot] = chain;
      pos = next;
      opts.onProgress?.(pos);
    }
    await chain;
    await Promise.all(closing);
    if (frag !== plan.count)
      throw new AppError('INTERNAL', { detail: `wrote ${frag} fragments of ${plan.count}` });
    return hash.digest('hex');
  } catch (e) {
    await chain.catch(() => undefined);
    const o = out as FileHandle | null;
    if (o) await o.close().catch(() => undefined);
    await Promise.allSettled(closing);
    throw fsError(e, currentPath || outDir);
  } finally {
    await input.close().catch(() => undefined);
  }
}
