import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../platform/errors';
import { fsError } from '../platform/files/atomic';

/** Free bytes an unprivileged writer may use in `dir`, or in its nearest existing parent (a backup creates the folder). */
export async function freeBytesAt(dir: string): Promise<number> {
  let d = path.resolve(dir);
  for (;;) {
    try {
      const s = await statfs(d);
      return s.bavail * s.bsize;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const parent = path.dirname(d);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && parent !== d) d = parent;
      else throw fsError(e, dir);
    }
  }
}

/**
 * Compressed backup bytes per byte of table data (information_schema DATA_LENGTH beyond each table's
 * first 16 KiB page, which an empty InnoDB table holds too). Seeded fleets measured 0.09 (300
 * computers) to 0.15 (3,000; `mysqldump | gzip -5` alike): InnoDB pages are partly empty and the
 * dump's SQL gzips about 6:1. The estimate takes about half of that, so only a clear shortfall
 * stops a backup; a disk that fills anyway still fails cleanly (DISK_FULL, the temp file removed).
 */
export const COMPRESSED_PER_DATA_BYTE = 0.08;
const EMPTY_TABLE_BYTES = 16 * 1024;

export function estimateBackupBytes(tables: ReadonlyArray<{ dataBytes: number }>): number {
  const data = tables.reduce((s, t) => s + Math.max(0, t.dataBytes - EMPTY_TABLE_BYTES), 0);
  return Math.round(data * COMPRESSED_PER_DATA_BYTE);
}

const MiB = 1024 * 1024;
function human(n: number): string {
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

/** Refuses before anything is written when the folder clearly cannot hold the backup (DISK_FULL, with the figures). */
export function assertRoom(folder: string, estimated: number, free: number): void {
  if (free >= estimated) return;
  throw new AppError('DISK_FULL', {
    context: 'estimate',
    path: folder,
    needed: human(estimated),
    free: human(free),
  });
}
