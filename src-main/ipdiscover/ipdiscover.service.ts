import type {
  AnalysisResult,
  DiscoveredDevice,
  KnownHost,
  NetworkComputer,
  NetworkRow,
} from '../../shared/contract/ipdiscover';
import type { DbHandle } from '../platform/db/connect';
import { AppError } from '../platform/errors';
import { idsInScope, isUnrestricted, type Scope } from '../platform/ocs/scope';
import { knownFor } from './analysis/analyse.service';
import { deviceByMac, knownAbout, listComputers, networkCounts } from './ipdiscover.repo';
import * as admin from './ipdiscover-admin.repo';

/** Reads and single-statement writes the routes serve as the repositories answer them. */
export { listDevices } from './ipdiscover.repo';
export {
  createDeviceType,
  deleteDeviceType,
  getIpdiscover,
  listDeviceTypes,
  renameDeviceType,
  saveSubnet,
  setIpdiscover,
} from './ipdiscover-admin.repo';

function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

/** Every network seen by an agent or named by an operator, with the console's four counts. */
export async function listNetworks(db: DbHandle, scope: Scope): Promise<NetworkRow[]> {
  const list = await networkCounts(db.read, scope);
  return list
    .map((c) => ({
      ...c,
      percentInventoried: pct(c.inventoried, c.inventoried + c.nonInventoried),
      percentKnown: pct(c.inventoried + c.identified, c.inventoried + c.identified + c.nonInventoried),
    }))
    .sort((a, b) => a.netId.localeCompare(b.netId, 'en', { numeric: true }));
}

export async function registerDevice(
  db: DbHandle,
  input: { mac: string; type: string; description: string },
  operatorId: string,
): Promise<DiscoveredDevice> {
  await admin.register(db.knex, { ...input, user: operatorId });
  const d = await deviceByMac(db.knex, input.mac);
  if (!d) throw new AppError('NOT_FOUND', { what: 'discovered device', mac: input.mac });
  return d;
}

export async function unregisterDevice(db: DbHandle, mac: string): Promise<void> {
  if ((await admin.unregister(db.knex, mac)) === 0)
    throw new AppError('NOT_FOUND', { what: 'registered device', mac });
}

export async function deleteDevice(db: DbHandle, mac: string): Promise<void> {
  if ((await admin.deleteDevice(db.knex, mac)) === 0)
    throw new AppError('NOT_FOUND', { what: 'discovered device', mac });
}

export async function deleteSubnet(db: DbHandle, netId: string, tag: string | null): Promise<void> {
  if ((await admin.deleteSubnet(db.knex, netId, tag)) === 0)
    throw new AppError('NOT_FOUND', { what: 'subnet', netId });
}

/** DB knowledge for addresses and MACs, keyed by the address or MAC as given. */
export async function lookup(
  db: DbHandle,
  scope: Scope,
  ips: string[],
  macs: string[],
): Promise<Record<string, KnownHost>> {
  const known = await knownAbout(db.read, scope, ips, macs);
  const extra = [...known.netmapByIp.values()].map((n) => n.mac);
  const all = extra.length ? await knownAbout(db.read, scope, ips, [...macs, ...extra]) : known;
  const out: Record<string, KnownHost> = {};
  for (const ip of ips) out[ip] = knownFor(all, ip, all.netmapByIp.get(ip)?.mac ?? null);
  for (const mac of macs) out[mac] = knownFor(all, '', mac);
  return out;
}

/** Inventoried computers (or ipdiscover agents) of a network, inside the scope. */
export function networkComputers(
  db: DbHandle,
  scope: Scope,
  q: { netId: string; kind: 'inventoried' | 'agents'; page: number; pageSize: number },
): Promise<{ rows: NetworkComputer[]; total: number }> {
  return listComputers(db.read, scope, q.netId, q.kind, q.page, q.pageSize);
}

/**
 * A cached analysis as the caller may see it: the cache is shared by the operators of a database, so
 * the computers it matched are filtered to the caller's scope when read (scanned addresses stay).
 */
export async function visibleAnalysis(
  db: DbHandle | null,
  scope: Scope | null,
  result: AnalysisResult | null,
): Promise<AnalysisResult | null> {
  if (!result) return null;
  if (scope && isUnrestricted(scope)) return result;
  const ids = result.hosts.flatMap((h) => h.known?.computers.map((c) => c.hardwareId) ?? []);
  const visible = new Set(db && scope && ids.length ? await idsInScope(db.read, scope, ids) : []);
  return {
    ...result,
    hosts: result.hosts.map((h) =>
      h.known
        ? {
            ...h,
            known: { ...h.known, computers: h.known.computers.filter((c) => visible.has(c.hardwareId)) },
          }
        : h,
    ),
  };
}
