import type { Knex } from 'knex';
import type { BackupPlan, BackupPurpose } from '../../shared/contract/backup';

/**
 * Tables a destructive job may change, for the "back up first" offer. A merge or a delete goes through
 * the comm server's procedures (platform/ocs/comm-procedures): every HARDWARE_ID table, the hardware rows,
 * their trace (deleted_equiv), netmap rows of their MACs, download_enable rows of a redistribution
 * server, and locks. A schema upgrade may touch any table: the whole database.
 */
const COMPUTER_SIDE_TABLES = ['hardware', 'deleted_equiv', 'netmap', 'download_enable', 'locks'];

export async function backupPlan(k: Knex, purpose: BackupPurpose): Promise<BackupPlan> {
  const tables = (await k('information_schema.TABLES')
    .where('TABLE_SCHEMA', k.raw('DATABASE()'))
    .andWhere('TABLE_TYPE', 'BASE TABLE')
    .select({ name: 'TABLE_NAME' }, k.raw('COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) AS bytes'))
    .orderBy('TABLE_NAME')) as Array<{ name: string; bytes: number | string }>;
  let picked = tables;
  if (purpose !== 'database.upgrade') {
    const withHardwareId = new Set(
      (
        (await k('information_schema.COLUMNS')
          .where('TABLE_SCHEMA', k.raw('DATABASE()'))
          .andWhere('COLUMN_NAME', 'HARDWARE_ID')
          .select({ name: 'TABLE_NAME' })) as Array<{ name: string }>
      ).map((r) => r.name.toLowerCase()),
    );
    const extra = new Set(COMPUTER_SIDE_TABLES);
    picked = tables.filter(
      (t) => withHardwareId.has(t.name.toLowerCase()) || extra.has(t.name.toLowerCase()),
    );
  }
  return {
    purpose,
    // null: every table and view (a whole-database backup), as backup.create does without `tables`.
    tables: purpose === 'database.upgrade' ? null : picked.map((t) => t.name),
    count: picked.length,
    estimatedBytes: picked.reduce((n, t) => n + Number(t.bytes), 0),
  };
}
