import type { Knex } from 'knex';
import { literalPrefixPattern } from '../platform/ocs/like';
import { scoped, type Scope } from '../platform/ocs/scope';

export interface QuickRow {
  id: number;
  name: string | null;
  ip: string | null;
  mac: string | null;
  lastSeen: string | null;
}

/**
 * Computers whose name starts with `text`: a range on hardware's NAME index read in index order, so the
 * LIMIT stops the scan after `limit` rows in scope (100k computers answer in a few milliseconds).
 */
export function namePrefixQuery(k: Knex, scope: Scope, text: string, limit: number): Knex.QueryBuilder {
  const q = k
    .from({ h: 'hardware' })
    .select('h.ID as id', 'h.NAME as name', 'h.IPADDR as ip', k.raw('NULL as mac'), 'h.LASTCOME as lastSeen')
    .where('h.NAME', 'like', literalPrefixPattern(text))
    .orderBy('h.NAME')
    .orderBy('h.ID')
    .limit(limit);
  return scoped(k, q, 'h.ID', scope);
}

/**
 * Computers with a network card whose IPADDRESS (or MACADDR) starts with `text`: a range on networks'
 * own index, joined to hardware by primary key. Several cards of one computer may match: the caller
 * keeps the first, so this reads a few more rows than it returns.
 */
export function networkPrefixQuery(
  k: Knex,
  scope: Scope,
  column: 'IPADDRESS' | 'MACADDR',
  text: string,
  limit: number,
): Knex.QueryBuilder {
  const q = k
    .from({ n: 'networks' })
    .join({ h: 'hardware' }, 'h.ID', 'n.HARDWARE_ID')
    .select('h.ID as id', 'h.NAME as name', 'n.IPADDRESS as ip', 'n.MACADDR as mac', 'h.LASTCOME as lastSeen')
    .where(`n.${column}`, 'like', literalPrefixPattern(text))
    .orderBy(`n.${column}`)
    .orderBy('n.HARDWARE_ID')
    .limit(limit);
  return scoped(k, q, 'h.ID', scope);
}

export async function quickRows(q: Knex.QueryBuilder): Promise<QuickRow[]> {
  return (await q) as QuickRow[];
}
