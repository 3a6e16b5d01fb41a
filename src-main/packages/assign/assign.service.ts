import type { Knex } from 'knex';
import type { AssignResult, ComputerPackage } from '../../../shared/contract/packages';
import { AppError } from '../../platform/errors';
import { ASSIGNMENT_NAMES, GROUP_DEVICEIDS, statusCategory } from '../status';

const CHUNK = 1000;

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

async function requireActivation(k: Knex, enableId: number): Promise<{ FILEID: string }> {
  const e = (await k('download_enable').where('ID', enableId).first('FILEID')) as
    { FILEID: string } | undefined;
  if (!e) throw new AppError('NOT_FOUND', { what: `activation ${enableId}` });
  return e;
}

/**
 * Assigns an activated package (download_enable.ID) to computers (hardware.ID): one devices row
 * NAME='DOWNLOAD', IVALUE=enableId, TVALUE NULL (= waiting for notification) per computer, plus
 * DOWNLOAD_FORCE '1' when `force`. Computers that already have the package keep their status
 * unless `reset`. Unknown ids (or group rows) are returned in `missing`. One transaction.
 *
 * For other capabilities: the computers search calls this with the ids of every result.
 */
export async function assignPackage(
  k: Knex,
  opts: { enableId: number; hardwareIds: number[]; force?: boolean; reset?: boolean },
): Promise<AssignResult> {
  await requireActivation(k, opts.enableId);
  const ids = [...new Set(opts.hardwareIds)];
  return k.transaction(async (trx) => {
    let assigned = 0;
    let alreadyAssigned = 0;
    const missing: number[] = [];
    for (const part of chunks(ids)) {
      const found = (await trx('hardware')
        .whereIn('ID', part)
        .whereNotIn('DEVICEID', GROUP_DEVICEIDS)
        .select('ID')) as Array<{ ID: number }>;
      const ok = new Set(found.map((r) => Number(r.ID)));
      for (const id of part) if (!ok.has(id)) missing.push(id);
      let targets = [...ok];
      if (!opts.reset) {
        const have = (await trx('devices')
          .where({ NAME: 'DOWNLOAD', IVALUE: opts.enableId })
          .whereIn('HARDWARE_ID', targets)
          .select('HARDWARE_ID')) as Array<{ HARDWARE_ID: number }>;
        const already = new Set(have.map((r) => Number(r.HARDWARE_ID)));
        alreadyAssigned += already.size;
        targets = targets.filter((id) => !already.has(id));
      }
      if (!targets.length) continue;
      await trx('devices')
        .whereIn('NAME', ASSIGNMENT_NAMES)
        .where('IVALUE', opts.enableId)
        .whereIn('HARDWARE_ID', targets)
        .del();
      const rows = targets.map((id) => ({
        HARDWARE_ID: id,
        NAME: 'DOWNLOAD',
        IVALUE: opts.enableId,
        TVALUE: null,
        COMMENTS: null,
      }));
      if (opts.force)
        rows.push(
          ...targets.map((id) => ({
            HARDWARE_ID: id,
            NAME: 'DOWNLOAD_FORCE',
            IVALUE: opts.enableId,
            TVALUE: '1' as never,
            COMMENTS: null,
          })),
        );
      await trx('devices').insert(rows);
      assigned += targets.length;
    }
    return { assigned, alreadyAssigned, missing };
  });
}

/** Removes the assignment rows (DOWNLOAD and its options) of these computers for one activation. */
export async function unassignPackage(
  k: Knex,
  opts: { enableId: number; hardwareIds: number[] },
): Promise<{ removed: number }> {
  await requireActivation(k, opts.enableId);
  return k.transaction(async (trx) => {
    let removed = 0;
    for (const part of chunks([...new Set(opts.hardwareIds)])) {
      const n = await trx('devices')
        .where({ NAME: 'DOWNLOAD', IVALUE: opts.enableId })
        .whereIn('HARDWARE_ID', part)
        .del();
      removed += n;
      await trx('devices')
        .whereIn('NAME', ASSIGNMENT_NAMES)
        .where('IVALUE', opts.enableId)
        .whereIn('HARDWARE_ID', part)
        .del();
    }
    return { removed };
  });
}

/** The packages assigned to one computer with their statuses (computer detail screen). */
export async function packagesForComputer(k: Knex, hardwareId: number): Promise<ComputerPackage[]> {
  const rows = (await k('devices as d')
    .join('download_enable as e', 'e.ID', 'd.IVALUE')
    .leftJoin('download_available as a', 'a.FILEID', 'e.FILEID')
    .leftJoin('devices as f', function () {
      this.on('f.HARDWARE_ID', '=', 'd.HARDWARE_ID')
        .andOn('f.IVALUE', '=', 'd.IVALUE')
        .andOn('f.NAME', '=', k.raw('?', ['DOWNLOAD_FORCE']));
    })
    .where('d.HARDWARE_ID', hardwareId)
    .where('d.NAME', 'DOWNLOAD')
    .orderBy('e.FILEID', 'desc')
    .select(
      'e.ID',
      'e.FILEID',
      'a.NAME',
      'a.OSNAME',
      'd.TVALUE',
      'd.COMMENTS',
      'e.INFO_LOC',
      'e.PACK_LOC',
      'f.TVALUE as FORCE',
    )) as Array<{
    ID: number;
    FILEID: string;
    NAME: string | null;
    OSNAME: string | null;
    TVALUE: string | null;
    COMMENTS: string | null;
    INFO_LOC: string;
    PACK_LOC: string;
    FORCE: string | null;
  }>;
  return rows.map((r) => ({
    enableId: Number(r.ID),
    fileId: r.FILEID,
    name: r.NAME,
    os: r.OSNAME,
    status: r.TVALUE,
    category: statusCategory(r.TVALUE),
    comments: r.COMMENTS,
    infoLoc: r.INFO_LOC,
    packLoc: r.PACK_LOC,
    forced: r.FORCE === '1',
  }));
}
