import type { Knex } from 'knex';

type Trx = Knex.Transaction;

export const rowsOf = async <T>(p: Promise<unknown>): Promise<T[]> => ((await p) as [T[]])[0];

/** Perl truthiness of a string ('' and '0' are false). */
export const truthy = (v: string | undefined | null): v is string => v !== undefined && v !== null && v !== '' && v !== '0';

/** `locks` row, taken over when older than LOCK_REUSE_TIME (MEMORY table: not transactional). */
export async function lockDevice(trx: Trx, hid: number, owner: number, reuse: number): Promise<boolean> {
  try {
    await trx.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (?, ?, NOW())', [hid, owner]);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ER_DUP_ENTRY') throw e;
  }
  if (!reuse) return false;
  const upd = await trx.raw(
    'UPDATE locks SET ID = ?, SINCE = NOW() WHERE HARDWARE_ID = ? AND (ID = ? OR UNIX_TIMESTAMP() - UNIX_TIMESTAMP(SINCE) > ?)',
    [owner, hid, owner, reuse],
  );
  return Number((upd as [{ affectedRows: number }])[0].affectedRows) > 0;
}

export async function unlockDevice(k: Knex | Trx, hid: number, owner: number): Promise<void> {
  await k.raw('DELETE FROM locks WHERE HARDWARE_ID = ? AND ID = ?', [hid, owner]);
}
