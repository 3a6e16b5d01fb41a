import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Fragmentation, PackageRow } from '../../shared/contract/packages';
import { AppError } from '../platform/errors';
import { fsError, removeDirAtomic } from '../platform/files/atomic';
import { planFragments } from './build/fragments';
import { resolveDownloadDir } from './download-dir';
import { requireUnrestricted, scoped, type Scope } from '../platform/ocs/scope';
import * as repo from './packages.repo';
import { ASSIGNMENT_NAMES, GROUP_DEVICEIDS } from './status';

/** Content size of a folder (an estimate of its archive size: compression makes it smaller). */
async function folderSize(dir: string, budget = { entries: 200_000 }): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (--budget.entries < 0) break;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await folderSize(p, budget);
    else if (e.isFile()) total += (await stat(p)).size;
  }
  return total;
}

export async function previewFragments(q: { size?: number; path?: string; fragments: Fragmentation }) {
  let size = q.size;
  let estimated = false;
  if (size === undefined) {
    if (!q.path) throw new AppError('VALIDATION_FAILED', { field: 'size', detail: 'give a size or a path' });
    try {
      const st = await stat(q.path);
      if (st.isDirectory()) {
        size = await folderSize(q.path);
        estimated = true;
      } else size = st.size;
    } catch (e) {
      throw fsError(e, q.path);
    }
  }
  return { ...planFragments(size, q.fragments), estimated };
}

export async function downloadDir(k: Knex) {
  const r = await resolveDownloadDir(k);
  return { dir: r.dir, source: r.source === 'input' ? ('default' as const) : r.source };
}

/** Packages with their activation count and status counts (one query each, grouped). */
export async function listPackages(k: Knex, scope: Scope, includeDeleted: boolean): Promise<PackageRow[]> {
  const q = k('download_available as a').orderBy('a.FILEID', 'desc');
  if (!includeDeleted) q.where((w) => w.whereNull('a.DELETED').orWhere('a.DELETED', 0));
  const rows = (await q.select(
    'a.FILEID',
    'a.NAME',
    'a.PRIORITY',
    'a.FRAGMENTS',
    'a.SIZE',
    'a.OSNAME',
    'a.COMMENT',
    'a.DELETED',
  )) as Array<{
    FILEID: string;
    NAME: string;
    PRIORITY: number;
    FRAGMENTS: number;
    SIZE: number;
    OSNAME: string;
    COMMENT: string | null;
    DELETED: number | null;
  }>;
  const act = (await k('download_enable')
    .groupBy('FILEID')
    .select('FILEID', k.raw('COUNT(*) AS n'))) as Array<{ FILEID: string; n: number }>;
  const counts = (await scoped(k, k('devices as d'), 'h.ID', scope)
    .join('download_enable as e', 'e.ID', 'd.IVALUE')
    .join('hardware as h', 'h.ID', 'd.HARDWARE_ID')
    .where('d.NAME', 'DOWNLOAD')
    .whereNotIn('h.DEVICEID', GROUP_DEVICEIDS)
    .groupBy('e.FILEID')
    .select(
      'e.FILEID',
      k.raw('SUM(d.TVALUE IS NULL) AS waiting'),
      k.raw("SUM(d.TVALUE LIKE 'NOTI%') AS notified"),
      k.raw("SUM(d.TVALUE LIKE 'SUCCESS%') AS success"),
      k.raw("SUM(d.TVALUE LIKE 'ERR%' OR d.TVALUE LIKE 'EXIT_CODE%') AS errors"),
    )) as Array<{ FILEID: string; waiting: string; notified: string; success: string; errors: string }>;
  const actBy = new Map(act.map((r) => [r.FILEID, Number(r.n)]));
  const cBy = new Map(counts.map((r) => [r.FILEID, r]));
  return rows.map((r) => {
    const c = cBy.get(r.FILEID);
    return {
      fileId: r.FILEID,
      name: r.NAME,
      priority: Number(r.PRIORITY),
      fragments: Number(r.FRAGMENTS),
      size: Number(r.SIZE),
      os: r.OSNAME,
      comment: r.COMMENT,
      deleted: Number(r.DELETED) === 1,
      activations: actBy.get(r.FILEID) ?? 0,
      waiting: Number(c?.waiting ?? 0),
      notified: Number(c?.notified ?? 0),
      success: Number(c?.success ?? 0),
      errors: Number(c?.errors ?? 0),
    };
  });
}

/** Removes one activation and every assignment row pointing at it (trap 20: explicitly). */
export async function deactivate(k: Knex, scope: Scope, enableId: number): Promise<{ unassigned: number }> {
  // Every computer's assignment goes with the activation: a whole-fleet change.
  requireUnrestricted(scope, 'packages.deactivate');
  return k.transaction(async (trx) => {
    const e = await trx('download_enable').where('ID', enableId).first('ID');
    if (!e) throw new AppError('NOT_FOUND', { what: `activation ${enableId}` });
    const unassigned = await trx('devices').where({ NAME: 'DOWNLOAD', IVALUE: enableId }).del();
    await trx('devices').whereIn('NAME', ASSIGNMENT_NAMES).where('IVALUE', enableId).del();
    await trx('download_enable').where('ID', enableId).del();
    return { unassigned };
  });
}

/**
 * Deletes a package the way the console does (every activation and assignment, download_available
 * marked DELETED=1, the folder removed); `purge` also removes download_available and the
 * download_history rows (the console's definitive removal). Refused while computers are assigned
 * unless `confirm`. The folder is renamed away first, so agents never see a half-deleted package;
 * if the DB step fails it is put back.
 */
export async function deletePackage(
  k: Knex,
  scope: Scope,
  q: { fileId: string; confirm: boolean; purge: boolean; downloadDir?: string },
): Promise<{ unassigned: number; filesRemoved: boolean }> {
  // Every computer's assignment goes with the package: a whole-fleet change.
  requireUnrestricted(scope, 'packages.delete');
  const known =
    (await k('download_available').where('FILEID', q.fileId).first('FILEID')) ??
    (await k('download_enable').where('FILEID', q.fileId).first('ID'));
  const { dir } = await resolveDownloadDir(k, q.downloadDir);
  const folder = path.join(dir, q.fileId);
  const folderExists = await stat(folder).then(
    () => true,
    () => false,
  );
  if (!known && !folderExists) throw new AppError('NOT_FOUND', { what: `package ${q.fileId}` });
  const enableIds = (
    (await k('download_enable').where('FILEID', q.fileId).select('ID')) as Array<{ ID: number }>
  ).map((r) => Number(r.ID));
  const assignedRow = enableIds.length
    ? ((await k('devices')
        .where('NAME', 'DOWNLOAD')
        .whereIn('IVALUE', enableIds)
        .count({ n: '*' })
        .first()) as { n: number | string })
    : { n: 0 };
  const assigned = Number(assignedRow.n);
  if (assigned > 0 && !q.confirm) {
    throw new AppError('CONFLICT', {
      detail: `package ${q.fileId} is assigned to ${assigned} computer(s); confirm to unassign them and delete it`,
      assigned,
    });
  }
  const unassigned = await k.transaction(async (trx) => {
    let n = 0;
    if (enableIds.length) {
      n = await trx('devices').where('NAME', 'DOWNLOAD').whereIn('IVALUE', enableIds).del();
      await trx('devices').whereIn('NAME', ASSIGNMENT_NAMES).whereIn('IVALUE', enableIds).del();
    }
    await trx('download_enable').where('FILEID', q.fileId).del();
    if (q.purge) {
      await trx('download_available').where('FILEID', q.fileId).del();
      await trx('download_history').where('PKG_ID', Number(q.fileId)).del();
    } else {
      await trx('download_available').where('FILEID', q.fileId).update({ DELETED: 1 });
    }
    return n;
  });
  const filesRemoved = folderExists ? await removeDirAtomic(folder) : false;
  return { unassigned, filesRemoved };
}

/** Assigns to the given computers; those outside the scope are reported `missing`, like unknown ids. */
export function assignPackage(
  k: Knex,
  scope: Scope,
  opts: { enableId: number; hardwareIds: number[]; force?: boolean; reset?: boolean },
) {
  return repo.assignPackage(k, scope, opts);
}

/** Removes the assignment from the given computers of the scope. */
export function unassignPackage(k: Knex, scope: Scope, opts: { enableId: number; hardwareIds: number[] }) {
  return repo.unassignPackage(k, scope, opts);
}

/** A computer's packages; a computer outside the scope has none to show. */
export function packagesForComputer(k: Knex, scope: Scope, hardwareId: number) {
  return repo.packagesForComputer(k, scope, hardwareId);
}

export function packageStats(k: Knex, scope: Scope, fileId: string) {
  return repo.packageStats(k, scope, fileId);
}

export function statusComputers(k: Knex, scope: Scope, q: Parameters<typeof repo.statusComputers>[2]) {
  return repo.statusComputers(k, scope, q);
}

export function validatePackage(
  k: Knex,
  scope: Scope,
  fileId: string,
  action: 'success' | 'notNotified' | 'all',
) {
  return repo.validatePackage(k, scope, fileId, action);
}
