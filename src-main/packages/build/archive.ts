import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';
import * as tar from 'tar';
import type { PackageOs } from '../../../shared/contract/packages';
import { AppError } from '../../platform/errors';
import { fsError } from '../../platform/files/atomic';

export type ArchiveKind = 'zip' | 'tar.gz' | 'other';

/** Looks at the magic bytes: zip (PK\3\4, or PK\5\6 for an empty zip) or gzip (1f 8b). */
export async function archiveKind(file: string): Promise<ArchiveKind> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw fsError(e, file);
  }
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    if (bytesRead >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5)) return 'zip';
    if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'tar.gz';
    return 'other';
  } finally {
    await fh.close();
  }
}

/**
 * Number of members of a zip, from its end-of-central-directory record (reads only the tail,
 * whatever the size). ZIP64 archives report 0xffff: many members.
 */
export async function zipMemberCount(file: string): Promise<number> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, 65_535 + 22);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    for (let i = len - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x06054b50) return buf.readUInt16LE(i + 10);
    }
    throw new AppError('FILE_INVALID', {
      path: file,
      reason: 'not a valid zip archive (no central directory)',
    });
  } finally {
    await fh.close();
  }
}

/**
 * Checks an archive given as is. Unix agents run `tar -xzf` then `unzip`: a zip with a single
 * member "extracts" to nothing on them (DEPLOYMENT-NOTES §1), so it is refused for Linux/macOS.
 */
export async function checkArchiveForOs(file: string, kind: ArchiveKind, os: PackageOs): Promise<void> {
  if (kind !== 'zip') return;
  const members = await zipMemberCount(file);
  if (members === 0) throw new AppError('FILE_INVALID', { path: file, reason: 'the zip archive is empty' });
  if (os !== 'WINDOWS' && members === 1) {
    throw new AppError('FILE_INVALID', {
      path: file,
      reason:
        'a zip with a single member extracts to nothing on Unix agents: use a tar.gz (or give the folder)',
    });
  }
}

/**
 * Packs a folder's content (or one plain file) into `outFile`: zip for Windows targets (adm-zip),
 * tar.gz for Linux/macOS (the `tar` package, streamed). The folder's entries are at the archive root.
 */
export async function packSource(src: string, os: PackageOs, outFile: string): Promise<'zip' | 'tar.gz'> {
  let st;
  try {
    st = await stat(src);
  } catch (e) {
    throw fsError(e, src);
  }
  const cwd = st.isDirectory() ? src : path.dirname(src);
  let entries: string[];
  try {
    entries = st.isDirectory() ? (await readdir(src)).sort() : [path.basename(src)];
  } catch (e) {
    throw fsError(e, src);
  }
  if (entries.length === 0) throw new AppError('FILE_INVALID', { path: src, reason: 'the folder is empty' });
  try {
    if (os === 'WINDOWS') {
      const zip = new AdmZip();
      for (const e of entries) {
        const full = path.join(cwd, e);
        if ((await stat(full)).isDirectory()) zip.addLocalFolder(full, e);
        else zip.addLocalFile(full);
      }
      await zip.writeZipPromise(outFile, { overwrite: true });
      return 'zip';
    }
    await tar.create({ gzip: true, file: outFile, cwd, portable: true }, entries);
    return 'tar.gz';
  } catch (e) {
    throw fsError(e, outFile);
  }
}
