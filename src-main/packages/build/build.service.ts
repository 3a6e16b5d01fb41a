import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { BuildResult, PackageBuildInput } from '../../../shared/contract/packages';
import { PackageBuildInput as BuildSchema } from '../../../shared/contract/packages';
import { AppError } from '../../platform/errors';
import {
  cleanStaleTemps,
  fsError,
  makeTempDir,
  publishDir,
  removeDirAtomic,
  writeFileAtomic,
} from '../../platform/files/atomic';
import { log } from '../../platform/log/logger';
import { resolveDownloadDir } from '../download-dir';
import { archiveKind, checkArchiveForOs, packSource } from './archive';
import { fileIdTaken, insertAvailable } from './build.repo';
import { planFragments } from './fragments';
import { renderInfoFile } from './info-file';
import { splitArchive } from './split';

type Input = ReturnType<typeof BuildSchema.parse>;

export interface BuildControl {
  signal?: AbortSignal;
  progress?: (done: number, total?: number | null, note?: string | null) => void;
  /** fsync fragments before publishing (default true). */
  fsync?: boolean;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** FILEID = Unix time of the build (the console's convention); the next free second if taken. */
async function pickFileId(k: Knex, dir: string): Promise<string> {
  let id = Math.floor(Date.now() / 1000);
  for (let i = 0; i < 1000; i++, id++) {
    const s = String(id);
    if (!(await exists(path.join(dir, s))) && !(await fileIdTaken(k, s))) return s;
  }
  throw new AppError('CONFLICT', { detail: 'no free package id' });
}

/**
 * Builds a package: archive (given, or packed from a folder/file) → one streaming pass computing
 * MD5 and writing the fragments → info file, all in a temp folder beside the final one, then one
 * rename to `<downloadDir>/<FILEID>/` and the `download_available` row. A cancelled, killed or
 * disk-full build leaves no package folder and no row (at most a temp folder, cleaned by the next build).
 */
export async function buildPackage(
  k: Knex,
  raw: PackageBuildInput,
  ctl: BuildControl = {},
): Promise<BuildResult> {
  const input: Input = BuildSchema.parse(raw);
  const { dir } = await resolveDownloadDir(k, input.downloadDir);
  const cleaned = await cleanStaleTemps(dir);
  if (cleaned.length) log.info('removed temp folders left by interrupted builds', { dir, cleaned });

  // Check the source before taking an id.
  let given: { path: string; kind: 'zip' | 'tar.gz' } | null = null;
  if (input.source.kind === 'file') {
    const src = path.resolve(input.source.path);
    let st;
    try {
      st = await stat(src);
    } catch (e) {
      throw fsError(e, src);
    }
    if (st.isDirectory())
      throw new AppError('FILE_INVALID', { path: src, reason: 'this is a folder: choose "folder"' });
    const kind = await archiveKind(src);
    if (kind !== 'other') {
      await checkArchiveForOs(src, kind, input.os);
      given = { path: src, kind };
    }
  } else if (input.source.kind === 'folder') {
    const src = path.resolve(input.source.path);
    let st;
    try {
      st = await stat(src);
    } catch (e) {
      throw fsError(e, src);
    }
    if (!st.isDirectory()) throw new AppError('FILE_INVALID', { path: src, reason: 'not a folder' });
  }

  const fileId = await pickFileId(k, dir);
  const finalDir = path.join(dir, fileId);
  const tmp = await makeTempDir(dir, fileId);
  let published = false;
  try {
    let archive: string | null = null;
    let format: BuildResult['format'] = 'none';
    let packed: string | null = null;
    if (given) {
      archive = given.path;
      format = given.kind;
    } else if (input.source.kind !== 'none') {
      ctl.progress?.(0, null, 'packing');
      packed = path.join(tmp, '.archive');
      format = await packSource(path.resolve(input.source.path), input.os, packed);
      archive = packed;
    }
    ctl.signal?.throwIfAborted();

    let size = 0;
    if (archive) {
      try {
        size = (await stat(archive)).size;
      } catch (e) {
        throw fsError(e, archive);
      }
      if (size === 0) throw new AppError('FILE_INVALID', { path: archive, reason: 'the file is empty' });
    }
    const plan = planFragments(size, input.fragments);
    let digest = '';
    if (archive) {
      ctl.progress?.(0, size, 'fragments');
      digest = await splitArchive(archive, tmp, fileId, plan, {
        signal: ctl.signal,
        onProgress: (done) => ctl.progress?.(done, size, 'fragments'),
        fsync: ctl.fsync,
      });
    }
    if (packed) await rm(packed, { force: true });
    ctl.signal?.throwIfAborted();

    await writeFileAtomic(
      path.join(tmp, 'info'),
      renderInfoFile({
        id: fileId,
        priority: input.priority,
        action: input.action,
        digest,
        proto: input.proto,
        frags: plan.count,
        actionParam: input.actionParam,
        notify: input.notify,
        needDoneAction: input.needDoneAction,
      }),
    );
    ctl.signal?.throwIfAborted();
    await publishDir(tmp, finalDir);
    published = true;
    try {
      await insertAvailable(k, {
        FILEID: fileId,
        NAME: input.name,
        PRIORITY: input.priority,
        FRAGMENTS: plan.count,
        SIZE: size,
        OSNAME: input.os,
        COMMENT: input.description,
      });
    } catch (e) {
      await removeDirAtomic(finalDir).catch(() => undefined);
      throw e;
    }
    return { fileId, dir: finalDir, size, fragments: plan.count, digest, format };
  } catch (e) {
    if (!published) await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (ctl.signal?.aborted) throw new AppError('JOB_CANCELLED');
    throw e;
  }
}
