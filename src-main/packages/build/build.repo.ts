import type { Knex } from 'knex';

/** `download_available.SIZE` is int(11): bigger archives are stored as the column's maximum. */
export const INT_MAX = 2_147_483_647;

export interface AvailableRow {
  FILEID: string;
  NAME: string;
  PRIORITY: number;
  FRAGMENTS: number;
  SIZE: number;
  OSNAME: string;
  COMMENT: string | null;
}

export async function fileIdTaken(k: Knex, fileId: string): Promise<boolean> {
  const a = await k('download_available').where('FILEID', fileId).first('FILEID');
  if (a) return true;
  const e = await k('download_enable').where('FILEID', fileId).first('ID');
  return !!e;
}

/** One transaction: the console's "delete any previous row with that FILEID, then insert". */
export async function insertAvailable(k: Knex, row: AvailableRow): Promise<void> {
  await k.transaction(async (trx) => {
    await trx('download_available').where('FILEID', row.FILEID).del();
    await trx('download_available').insert({
      ...row,
      SIZE: Math.min(row.SIZE, INT_MAX),
      ID_WK: null,
      DELETED: 0,
    });
  });
}
