import type { Knex } from 'knex';
import type { PerfIndex } from '../../shared/contract/computers';
import { getSchemaInfo, invalidateSchemaInfo } from './schema-info';

/**
 * Optional indexes OCS Desk offers (documented in docs/schema-compat.md). They only add secondary
 * indexes (no column, no data change); ocsreports and the comm server ignore them. Names start with
 * `ocsdesk_` so they can be told apart and dropped.
 */
export const PERF_INDEXES: Array<Omit<PerfIndex, 'present'>> = [
  {
    table: 'hardware',
    name: 'ocsdesk_lastdate',
    columns: ['LASTDATE'],
    reason: 'sort and filter by last inventory',
  },
  {
    table: 'hardware',
    name: 'ocsdesk_lastcome',
    columns: ['LASTCOME'],
    reason: 'sort and filter by last contact',
  },
  {
    table: 'software',
    name: 'ocsdesk_name_hw',
    columns: ['NAME_ID', 'HARDWARE_ID'],
    reason: 'search by software name without reading software rows',
  },
  {
    table: 'devices',
    name: 'ocsdesk_name_ivalue',
    columns: ['NAME', 'IVALUE'],
    reason: 'settings and package status criteria',
  },
];

export async function perfIndexStatus(k: Knex): Promise<PerfIndex[]> {
  const s = await getSchemaInfo(k);
  return PERF_INDEXES.filter((i) => s.tables.has(i.table)).map((i) => ({
    ...i,
    present: s.indexNames.get(i.table)?.has(i.name) ?? false,
  }));
}

/** Creates the missing ones (online DDL: ALGORITHM=INPLACE, LOCK=NONE, so the comm server keeps writing). */
export async function createPerfIndexes(
  k: Knex,
  progress: (done: number, total: number, note: string) => void,
  signal: AbortSignal,
): Promise<string[]> {
  const missing = (await perfIndexStatus(k)).filter((i) => !i.present);
  const created: string[] = [];
  for (const [n, i] of missing.entries()) {
    signal.throwIfAborted();
    progress(n, missing.length, `${i.table}.${i.name}`);
    const cols = i.columns.map(() => '??').join(', ');
    await k.raw(`ALTER TABLE ?? ADD INDEX ?? (${cols}), ALGORITHM=INPLACE, LOCK=NONE`, [
      i.table,
      i.name,
      ...i.columns,
    ]);
    created.push(`${i.table}.${i.name}`);
  }
  invalidateSchemaInfo(k);
  progress(missing.length, missing.length, 'done');
  return created;
}
