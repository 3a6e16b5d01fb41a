import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UPLOAD_LIMITS } from '../../shared/contract/import';
import { AppError } from '../platform/errors';

interface Upload {
  id: string;
  ownerSession: string;
  dir: string;
  bytes: number;
  files: Map<number, { name: string; path: string; size: number }>;
  expires: number;
}

const TTL_MS = 60 * 60_000;

/**
 * Files dropped in the web shell (the browser gives contents, not paths): written in chunks into a
 * temp dir owned by the main process, with per-file and per-upload size limits. Only the session
 * that began an upload may add to it or import it. Removed after the import or after an hour.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  begin(sessionId: string): string {
    this.prune();
    const id = randomUUID();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-upload-'));
    this.uploads.set(id, {
      id,
      ownerSession: sessionId,
      dir,
      bytes: 0,
      files: new Map(),
      expires: Date.now() + TTL_MS,
    });
    return id;
  }

  private get(sessionId: string, id: string): Upload {
    const u = this.uploads.get(id);
    if (!u || u.ownerSession !== sessionId) throw new AppError('NOT_FOUND', { what: 'upload', id });
    return u;
  }

  async chunk(
    sessionId: string,
    c: { uploadId: string; fileIndex: number; name: string; offset: number; base64: string },
  ): Promise<number> {
    const u = this.get(sessionId, c.uploadId);
    const data = Buffer.from(c.base64, 'base64');
    let f = u.files.get(c.fileIndex);
    if (!f) {
      if (u.files.size >= UPLOAD_LIMITS.maxFiles)
        throw new AppError('RANGE_TOO_LARGE', { what: 'files', max: UPLOAD_LIMITS.maxFiles });
      // Never trust the name for the path: index-based file name, original kept for the report.
      const safe =
        path
          .basename(c.name)
          .replace(/[^A-Za-z0-9._-]/g, '_')
          .slice(0, 120) || 'file';
      f = {
        name: path.basename(c.name),
        path: path.join(u.dir, `${String(c.fileIndex).padStart(5, '0')}-${safe}`),
        size: 0,
      };
      u.files.set(c.fileIndex, f);
    }
    if (c.offset !== f.size)
      throw new AppError('VALIDATION_FAILED', { field: 'offset', detail: `expected ${f.size}` });
    if (f.size + data.length > UPLOAD_LIMITS.maxFileBytes)
      throw new AppError('RANGE_TOO_LARGE', { what: 'file', max: UPLOAD_LIMITS.maxFileBytes });
    if (u.bytes + data.length > UPLOAD_LIMITS.maxUploadBytes)
      throw new AppError('RANGE_TOO_LARGE', { what: 'upload', max: UPLOAD_LIMITS.maxUploadBytes });
    const fh = await open(f.path, f.size === 0 ? 'w' : 'r+', 0o600);
    try {
      await fh.write(data, 0, data.length, f.size);
    } finally {
      await fh.close();
    }
    f.size += data.length;
    u.bytes += data.length;
    u.expires = Date.now() + TTL_MS;
    return f.size;
  }

  /** Paths to import and a path → original name map for the report. */
  take(sessionId: string, id: string): { paths: string[]; names: Map<string, string>; release: () => void } {
    const u = this.get(sessionId, id);
    const files = [...u.files.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
    return {
      paths: files.map((f) => f.path),
      names: new Map(files.map((f) => [f.path, f.name])),
      release: () => this.discard(sessionId, id),
    };
  }

  discard(sessionId: string, id: string): void {
    const u = this.uploads.get(id);
    if (!u || u.ownerSession !== sessionId) return;
    this.uploads.delete(id);
    rmSync(u.dir, { recursive: true, force: true });
  }

  private prune(): void {
    const now = Date.now();
    for (const u of this.uploads.values()) {
      if (u.expires < now) {
        this.uploads.delete(u.id);
        rmSync(u.dir, { recursive: true, force: true });
      }
    }
  }
}
