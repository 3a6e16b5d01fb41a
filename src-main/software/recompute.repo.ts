import type { Knex } from 'knex';
import type { Scope } from '../platform/ocs/scope';
import { scoped } from '../platform/ocs/scope';

/** SQL of the categories recompute (whole fleet: the link table is shared by every operator). */

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);

/** Distinct User-Agents of the computers (a few dozen). */
export async function userAgents(k: Knex, scope: Scope): Promise<string[]> {
  const q = k.from({ h: 'hardware' }).distinct('h.USERAGENT');
  scoped(k, q, 'h.ID', scope);
  return ((await q) as Row[]).map((r) => String(r.USERAGENT ?? ''));
}

export interface InstalledTriple {
  nameId: number;
  publisherId: number;
  versionId: number;
  /** When the agent matters: its User-Agent and `LASTDATE|ID` of the last computer inventoried with it. */
  userAgent?: string;
  lastKey?: string;
}

/** Every installed (name, publisher, version): one GROUP BY over software. */
export async function installedTriples(k: Knex, scope: Scope): Promise<InstalledTriple[]> {
  const q = k
    .from({ s: 'software' })
    .select('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID')
    .groupBy('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID');
  scoped(k, q, 's.HARDWARE_ID', scope);
  return ((await q) as Row[]).map((r) => ({
    nameId: num(r.NAME_ID),
    publisherId: num(r.PUBLISHER_ID),
    versionId: num(r.VERSION_ID),
  }));
}

/**
 * Installed triples per User-Agent, each with the sortable key of the last computer (LASTDATE, then ID)
 * that has it under that agent: the comm server keeps the category of the last inventory.
 */
export async function installedTriplesByAgent(k: Knex, scope: Scope): Promise<InstalledTriple[]> {
  const q = k
    .from({ s: 'software' })
    .join({ h: 'hardware' }, 'h.ID', 's.HARDWARE_ID')
    .select(
      's.NAME_ID',
      's.PUBLISHER_ID',
      's.VERSION_ID',
      'h.USERAGENT',
      k.raw(
        "MAX(CONCAT(COALESCE(DATE_FORMAT(h.LASTDATE, '%Y%m%d%H%i%s'), '00000000000000'), LPAD(h.ID, 11, '0'))) AS lastKey",
      ),
    )
    .groupBy('s.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID', 'h.USERAGENT');
  scoped(k, q, 's.HARDWARE_ID', scope);
  return ((await q) as Row[]).map((r) => ({
    nameId: num(r.NAME_ID),
    publisherId: num(r.PUBLISHER_ID),
    versionId: num(r.VERSION_ID),
    userAgent: String(r.USERAGENT ?? ''),
    lastKey: String(r.lastKey),
  }));
}

/** ID → value of a whole dictionary table (names, publishers or versions). */
export async function dictionary(
  k: Knex,
  table: 'software_name' | 'software_publisher' | 'software_version',
): Promise<Map<number, string>> {
  const col = table === 'software_name' ? 'NAME' : table === 'software_publisher' ? 'PUBLISHER' : 'VERSION';
  const rows = (await k(table).select('ID', col)) as Row[];
  return new Map(rows.map((r) => [num(r.ID), String(r[col] ?? '')]));
}

export interface LinkRow {
  id: number;
  nameId: number;
  publisherId: number;
  versionId: number;
  categoryId: number;
}

export async function linkRows(k: Knex): Promise<LinkRow[]> {
  const rows = (await k('software_categories_link')
    .select('ID', 'NAME_ID', 'PUBLISHER_ID', 'VERSION_ID', 'CATEGORY_ID')
    .orderBy('ID')
    .forUpdate()) as Row[];
  return rows.map((r) => ({
    id: num(r.ID),
    nameId: num(r.NAME_ID),
    publisherId: num(r.PUBLISHER_ID),
    versionId: num(r.VERSION_ID),
    categoryId: num(r.CATEGORY_ID),
  }));
}

const CHUNK = 1000;

export async function deleteLinks(k: Knex, ids: number[], onChunk: () => void): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    onChunk();
    await k('software_categories_link')
      .whereIn('ID', ids.slice(i, i + CHUNK))
      .delete();
  }
}

export async function insertLinks(
  k: Knex,
  rows: Array<Omit<LinkRow, 'id'>>,
  onChunk: () => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    onChunk();
    await k('software_categories_link').insert(
      rows.slice(i, i + CHUNK).map((r) => ({
        NAME_ID: r.nameId,
        PUBLISHER_ID: r.publisherId,
        VERSION_ID: r.versionId,
        CATEGORY_ID: r.categoryId,
      })),
    );
  }
}
