import type { Knex } from 'knex';
import type { QuickHit } from '../../shared/contract/search';
import type { Scope } from '../platform/ocs/scope';
import { namePrefixQuery, networkPrefixQuery, quickRows, type QuickRow } from './quick-find.repo';

/** Something an IPv4 or IPv6 address can start with. */
const IP_PREFIX = /^(?:[0-9]{1,3}(?:\.[0-9]{0,3}){0,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4})+)$/i;
/** Something a MAC address can start with, with `:` or `-` between the bytes. */
const MAC_PREFIX = /^[0-9a-f]{2}(?:[:-][0-9a-f]{0,2}){0,5}$/i;

/**
 * The command palette's quick find: name prefix always, IP and MAC prefixes when the text can be one,
 * each an indexed range limited to `limit` rows in the operator's perimeter. Name hits come first, a
 * computer appears once (under the first way it matched).
 */
export async function quickFind(
  k: Knex,
  scope: Scope,
  text: string,
  limit: number,
): Promise<{ hits: QuickHit[] }> {
  const asMac = MAC_PREFIX.test(text) ? text.replace(/-/g, ':') : null;
  const [names, ips, macs] = await Promise.all([
    quickRows(namePrefixQuery(k, scope, text, limit)),
    IP_PREFIX.test(text) ? quickRows(networkPrefixQuery(k, scope, 'IPADDRESS', text, limit * 2)) : [],
    asMac ? quickRows(networkPrefixQuery(k, scope, 'MACADDR', asMac, limit * 2)) : [],
  ]);
  const hits = new Map<number, QuickHit>();
  const add = (rows: QuickRow[], matched: QuickHit['matched']) => {
    for (const r of rows) {
      const id = Number(r.id);
      if (hits.size >= limit) return;
      if (hits.has(id)) continue;
      hits.set(id, {
        id,
        name: r.name ?? '',
        ip: r.ip || null,
        ...(matched === 'name' ? {} : { mac: r.mac || null }),
        lastSeen: r.lastSeen ?? null,
        matched,
      });
    }
  };
  add(names, 'name');
  add(ips, 'ip');
  add(macs, 'mac');
  return { hits: [...hits.values()] };
}
