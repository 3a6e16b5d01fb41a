import type { Knex } from 'knex';
import type { DiscoveredDevice, NetworkComputer } from '../../shared/contract/ipdiscover';
import { scoped, type Scope } from '../platform/ocs/scope';

/**
 * SQL of the IP discovery screens (OCS tables netmap, network_devices, devicetype, subnet,
 * blacklist_subnet, networks, devices, hardware), knex bindings only. Counts follow the console's
 * definitions (ocs-compat 7.4); every filter or join is on an indexed column (netmap.NETID/MAC/IP,
 * network_devices.MACADDR, networks.IPSUBNET/MACADDR/IPADDRESS/HARDWARE_ID, devices.NAME/TVALUE).
 */

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v ?? 0);

async function rows(q: Knex.QueryBuilder | Knex.Raw): Promise<Row[]> {
  const r = (await q) as unknown;
  // knex.raw on mysql2 returns [rows, fields]
  if (Array.isArray(r) && Array.isArray(r[0])) return r[0] as Row[];
  return r as Row[];
}

/** A netmap row is non-inventoried when its MAC is neither registered nor on any inventoried interface. */
function whereNonInventoried(q: Knex.QueryBuilder, k: Knex): Knex.QueryBuilder {
  return q
    .whereNull('d.ID')
    .whereNotExists(k('networks as w').select(k.raw('1')).whereRaw('w.MACADDR = n.MAC'));
}

export interface NetworkCounts {
  netId: string;
  mask: string | null;
  name: string | null;
  groupLabel: string | null;
  tag: string | null;
  blacklisted: boolean;
  inventoried: number;
  nonInventoried: number;
  ipdiscoverAgents: number;
  identified: number;
  lastSeen: string | null;
}

/** Computer counts (inventoried, ipdiscover agents) are those of the caller's scope. */
export async function networkCounts(k: Knex, scope: Scope): Promise<NetworkCounts[]> {
  const [seen, subnets, inv, nonInv, agents, ident, black] = await Promise.all([
    rows(k('netmap').select('NETID').max({ mask: 'MASK' }).max({ lastSeen: 'DATE' }).groupBy('NETID')),
    rows(k('subnet').select('NETID', 'NAME', 'ID', 'MASK', 'TAG').orderByRaw("IFNULL(TAG, '') <> ''")),
    rows(
      scoped(k, k('networks'), 'HARDWARE_ID', scope)
        .select('IPSUBNET as netId')
        .countDistinct({ n: 'HARDWARE_ID' })
        .where('STATUS', 'Up')
        .whereIn('IPSUBNET', k('netmap').distinct('NETID').union(k('subnet').distinct('NETID')))
        .groupBy('IPSUBNET'),
    ),
    rows(
      whereNonInventoried(
        k('netmap as n')
          .leftJoin('network_devices as d', 'd.MACADDR', 'n.MAC')
          .select('n.NETID as netId')
          .countDistinct({ n: 'n.MAC' }),
        k,
      ).groupBy('n.NETID'),
    ),
    rows(
      scoped(k, k('devices'), 'HARDWARE_ID', scope)
        .select('TVALUE as netId')
        .countDistinct({ n: 'HARDWARE_ID' })
        .where('NAME', 'IPDISCOVER')
        .whereNotNull('TVALUE')
        .groupBy('TVALUE'),
    ),
    rows(
      k('netmap as n')
        .join('network_devices as d', 'd.MACADDR', 'n.MAC')
        .select('n.NETID as netId')
        .countDistinct({ n: 'n.MAC' })
        .groupBy('n.NETID'),
    ),
    rows(k('blacklist_subnet').select('SUBNET')),
  ]);
  const byNet = new Map<string, NetworkCounts>();
  const get = (netId: string): NetworkCounts => {
    let c = byNet.get(netId);
    if (!c) {
      c = {
        netId,
        mask: null,
        name: null,
        groupLabel: null,
        tag: null,
        blacklisted: false,
        inventoried: 0,
        nonInventoried: 0,
        ipdiscoverAgents: 0,
        identified: 0,
        lastSeen: null,
      };
      byNet.set(netId, c);
    }
    return c;
  };
  for (const r of seen) Object.assign(get(String(r.NETID)), { mask: str(r.mask), lastSeen: str(r.lastSeen) });
  // Subnets without TAG first: the name of a network is the one of its untagged subnet row when any.
  for (const r of subnets) {
    const c = get(String(r.NETID));
    if (c.name !== null) continue;
    Object.assign(c, {
      name: str(r.NAME),
      groupLabel: str(r.ID),
      tag: str(r.TAG) || null,
      mask: str(r.MASK) || c.mask,
    });
  }
  const counts = (
    list: Row[],
    key: 'inventoried' | 'nonInventoried' | 'ipdiscoverAgents' | 'identified',
    onlyKnown: boolean,
  ) => {
    for (const r of list) {
      const id = String(r.netId);
      if (onlyKnown && !byNet.has(id)) continue;
      get(id)[key] = num(r.n);
    }
  };
  counts(inv, 'inventoried', true);
  counts(nonInv, 'nonInventoried', false);
  counts(agents, 'ipdiscoverAgents', true);
  counts(ident, 'identified', false);
  const blacklisted = new Set(black.map((r) => String(r.SUBNET)));
  for (const c of byNet.values()) c.blacklisted = blacklisted.has(c.netId);
  return [...byNet.values()];
}

function device(r: Row): DiscoveredDevice {
  return {
    mac: String(r.MAC),
    ip: String(r.IP),
    mask: str(r.MASK),
    netId: String(r.NETID),
    date: str(r.DATE),
    name: str(r.NAME),
    tag: str(r.TAG),
    type: str(r.TYPE),
    description: str(r.DESCRIPTION),
    registeredBy: str(r.USER),
    vendor: null,
  };
}

const DEVICE_COLUMNS = [
  'n.IP',
  'n.MAC',
  'n.MASK',
  'n.NETID',
  'n.DATE',
  'n.NAME',
  'n.TAG',
  'd.TYPE',
  'd.DESCRIPTION',
  'd.USER',
];

export async function listDevices(
  k: Knex,
  netId: string,
  kind: 'nonInventoried' | 'identified',
  page: number,
  pageSize: number,
): Promise<{ rows: DiscoveredDevice[]; total: number }> {
  const base = () => {
    const q = k('netmap as n').where('n.NETID', netId);
    return kind === 'identified'
      ? q.join('network_devices as d', 'd.MACADDR', 'n.MAC')
      : whereNonInventoried(q.leftJoin('network_devices as d', 'd.MACADDR', 'n.MAC'), k);
  };
  const [list, total] = await Promise.all([
    rows(
      base()
        .select(DEVICE_COLUMNS)
        .orderByRaw('INET_ATON(n.IP), n.MAC')
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    ),
    rows(base().countDistinct({ n: 'n.MAC' })),
  ]);
  return { rows: list.map(device), total: num(total[0]?.n) };
}

export async function deviceByMac(k: Knex | Knex.Transaction, mac: string): Promise<DiscoveredDevice | null> {
  const r = await rows(
    k('netmap as n')
      .leftJoin('network_devices as d', 'd.MACADDR', 'n.MAC')
      .select(DEVICE_COLUMNS)
      .where('n.MAC', mac)
      .limit(1),
  );
  return r[0] ? device(r[0]) : null;
}

export async function listComputers(
  k: Knex,
  scope: Scope,
  netId: string,
  kind: 'inventoried' | 'agents',
  page: number,
  pageSize: number,
): Promise<{ rows: NetworkComputer[]; total: number }> {
  const ipdiscoverOf = k('devices as v')
    .select('v.IVALUE')
    .whereRaw('v.HARDWARE_ID = h.ID')
    .where('v.NAME', 'IPDISCOVER')
    .limit(1)
    .as('ipdiscover');
  const onNet = (alias: string) =>
    k(`networks as ${alias}`).whereRaw(`${alias}.HARDWARE_ID = h.ID`).where(`${alias}.IPSUBNET`, netId);
  const ipOf = onNet('w1').min('w1.IPADDRESS').as('ip');
  const macOf = onNet('w2').min('w2.MACADDR').as('mac');
  const base = () => scoped(k, unscoped(), 'h.ID', scope);
  const unscoped = () =>
    kind === 'inventoried'
      ? k('hardware as h').whereIn(
          'h.ID',
          k('networks').select('HARDWARE_ID').where('IPSUBNET', netId).where('STATUS', 'Up'),
        )
      : k('hardware as h').whereIn(
          'h.ID',
          k('devices').select('HARDWARE_ID').where('NAME', 'IPDISCOVER').where('TVALUE', netId),
        );
  const [list, total] = await Promise.all([
    rows(
      base()
        .select('h.ID', 'h.NAME', 'h.LASTDATE', ipdiscoverOf, ipOf, macOf)
        .orderBy('h.NAME')
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    ),
    rows(base().count({ n: 'h.ID' })),
  ]);
  return {
    rows: list.map((r) => ({
      hardwareId: num(r.ID),
      name: str(r.NAME),
      ip: str(r.ip),
      mac: str(r.mac),
      vendor: null,
      lastDate: str(r.LASTDATE),
      ipdiscover: r.ipdiscover === null || r.ipdiscover === undefined ? null : num(r.ipdiscover),
    })),
    total: num(total[0]?.n),
  };
}

export interface KnownRow {
  computersByIp: Map<string, Array<{ hardwareId: number; name: string | null }>>;
  computersByMac: Map<string, Array<{ hardwareId: number; name: string | null }>>;
  netmapByIp: Map<string, { mac: string; netId: string; date: string | null }>;
  netmapByMac: Map<string, { mac: string; netId: string; date: string | null }>;
  identifiedByMac: Map<string, { type: string | null; description: string | null }>;
}

function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const up = (s: string) => s.toUpperCase();

/**
 * What the DB knows about these IPs and MACs (MACs compared case-insensitively, as the collation does).
 * Computers outside the scope are not known (netmap and network_devices rows are not computers).
 */
export async function knownAbout(k: Knex, scope: Scope, ips: string[], macs: string[]): Promise<KnownRow> {
  const out: KnownRow = {
    computersByIp: new Map(),
    computersByMac: new Map(),
    netmapByIp: new Map(),
    netmapByMac: new Map(),
    identifiedByMac: new Map(),
  };
  const push = (m: Map<string, Array<{ hardwareId: number; name: string | null }>>, key: string, r: Row) => {
    const list = m.get(key) ?? [];
    if (!list.some((c) => c.hardwareId === num(r.ID)))
      list.push({ hardwareId: num(r.ID), name: str(r.NAME) });
    m.set(key, list);
  };
  for (const part of chunks(ips)) {
    const [byNet, byHw, nm] = await Promise.all([
      rows(
        scoped(
          k,
          k('networks as w')
            .join('hardware as h', 'h.ID', 'w.HARDWARE_ID')
            .select('w.IPADDRESS as ip', 'h.ID', 'h.NAME')
            .whereIn('w.IPADDRESS', part),
          'h.ID',
          scope,
        ),
      ),
      rows(
        scoped(
          k,
          k('hardware as h').select('h.IPADDR as ip', 'h.ID', 'h.NAME').whereIn('h.IPADDR', part),
          'h.ID',
          scope,
        ),
      ),
      rows(k('netmap').select('IP', 'MAC', 'NETID', 'DATE').whereIn('IP', part)),
    ]);
    for (const r of [...byNet, ...byHw]) push(out.computersByIp, String(r.ip), r);
    for (const r of nm)
      out.netmapByIp.set(String(r.IP), { mac: String(r.MAC), netId: String(r.NETID), date: str(r.DATE) });
  }
  for (const part of chunks(macs)) {
    const [byNet, nm, nd] = await Promise.all([
      rows(
        scoped(
          k,
          k('networks as w')
            .join('hardware as h', 'h.ID', 'w.HARDWARE_ID')
            .select('w.MACADDR as mac', 'h.ID', 'h.NAME')
            .whereIn('w.MACADDR', part),
          'h.ID',
          scope,
        ),
      ),
      rows(k('netmap').select('IP', 'MAC', 'NETID', 'DATE').whereIn('MAC', part)),
      rows(k('network_devices').select('MACADDR', 'TYPE', 'DESCRIPTION').whereIn('MACADDR', part)),
    ]);
    for (const r of byNet) push(out.computersByMac, up(String(r.mac)), r);
    for (const r of nm)
      out.netmapByMac.set(up(String(r.MAC)), {
        mac: String(r.MAC),
        netId: String(r.NETID),
        date: str(r.DATE),
      });
    for (const r of nd)
      out.identifiedByMac.set(up(String(r.MACADDR)), { type: str(r.TYPE), description: str(r.DESCRIPTION) });
  }
  return out;
}

/** Non-inventoried, non-identified netmap addresses of a network (the analysis candidates, 7.6). */
export async function candidateIps(k: Knex, netId: string): Promise<string[]> {
  const r = await rows(
    whereNonInventoried(
      k('netmap as n')
        .leftJoin('network_devices as d', 'd.MACADDR', 'n.MAC')
        .select('n.IP')
        .where('n.NETID', netId),
      k,
    ).orderByRaw('INET_ATON(n.IP)'),
  );
  return r.map((x) => String(x.IP));
}
