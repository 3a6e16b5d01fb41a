import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AgentFileName,
  maxAgentFileBytes,
  type AgentFile,
  type AgentFilesList,
} from '../../shared/contract/agentfiles';
import { UPLOAD_LIMITS } from '../../shared/contract/import';
import type { DbHandle } from '../platform/db/connect';
import { AppError } from '../platform/errors';
import { readConfigRows } from '../platform/ocs/config';
import type { UploadStore } from '../import/upload-store';
import * as repo from './agentfiles.repo';

/** Largest storable file for this connection: max_allowed_packet bound, and the upload bound. */
export function fileLimit(db: Pick<DbHandle, 'maxAllowedPacket'>): number {
  const byPacket = maxAgentFileBytes(db.maxAllowedPacket);
  return byPacket > 0 ? Math.min(byPacket, UPLOAD_LIMITS.maxFileBytes) : UPLOAD_LIMITS.maxFileBytes;
}

export async function listAgentFiles(db: DbHandle): Promise<AgentFilesList> {
  const [files, cfg] = await Promise.all([
    repo.listFiles(db.read),
    // The rows as set (null: no row), the screen explains the server's default.
    readConfigRows(db.read, ['DEPLOY', 'PROXY_REVALIDATE_DELAY']),
  ]);
  return {
    files,
    deployValue: cfg.get('DEPLOY')?.ivalue ?? null,
    revalidateDelay: cfg.get('PROXY_REVALIDATE_DELAY')?.ivalue ?? null,
    maxAllowedPacket: db.maxAllowedPacket,
    maxFileBytes: fileLimit(db),
  };
}

function checkName(name: string): string {
  const parsed = AgentFileName.safeParse(name);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'name',
      detail: parsed.error.issues[0]?.message ?? 'invalid name',
    });
  }
  return parsed.data;
}

/** Reads a local file after checking its size against the limit (never reads an oversized file). */
async function readChecked(file: string, limit: number): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new AppError('FILE_INVALID', { path: file, reason: 'not-a-file' });
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM')
      throw new AppError('FILE_ACCESS_DENIED', { path: file }, { cause: e });
    throw new AppError('FILE_NOT_FOUND', { path: file }, { cause: e });
  }
  if (size > limit) throw new AppError('DB_PACKET_TOO_LARGE', { size, max: limit });
  try {
    return await readFile(file);
  } catch (e) {
    throw new AppError('FILE_ACCESS_DENIED', { path: file }, { cause: e });
  }
}

export interface AddSource {
  name?: string;
  path?: string;
  uploadId?: string;
}

/** Stores a file under its name (replacing a file of the same name); the upload is released afterwards. */
export async function addAgentFile(
  db: DbHandle,
  src: AddSource,
  uploads: UploadStore,
  sessionId: string,
): Promise<AgentFile & { replaced: boolean }> {
  const limit = fileLimit(db);
  let file: string;
  let original: string;
  let release = () => {};
  if (src.uploadId) {
    const up = uploads.take(sessionId, src.uploadId);
    release = up.release;
    if (up.paths.length !== 1) {
      release();
      throw new AppError('VALIDATION_FAILED', {
        field: 'uploadId',
        detail: `expected one file, got ${up.paths.length}`,
      });
    }
    file = up.paths[0]!;
    original = up.names.get(file) ?? path.basename(file);
  } else {
    file = src.path!;
    original = path.basename(file);
  }
  try {
    const name = checkName(src.name ?? original);
    const content = await readChecked(file, limit);
    const replaced = await repo.putFile(db.knex, name, content);
    return { name, size: content.length, replaced };
  } finally {
    release();
  }
}

export async function deleteAgentFile(db: DbHandle, name: string): Promise<void> {
  if ((await repo.deleteFile(db.knex, name)) === 0)
    throw new AppError('NOT_FOUND', { what: 'agent file', name });
}
