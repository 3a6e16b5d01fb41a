import type { DiscoveredDevice, KnownHost, NetworkRow } from '../../shared/contract/ipdiscover';
import type { DbHandle } from '../platform/db/connect';
import { AppError } from '../platform/errors';
import { knownFor } from './analysis/analyse.service';
import { deviceByMac, knownAbout, networkCounts } from './ipdiscover.repo';
import * as admin from './ipdiscover-admin.repo';

function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

/** Every network seen by an agent or named by an operator, with the console's four counts. */
export async function listNetworks(db: DbHandle): Promise<NetworkRow[]> {
  const list = await networkCounts(db.read);
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
  ips: string[],
  macs: string[],
): Promise<Record<string, KnownHost>> {
  const known = await knownAbout(db.read, ips, macs);
  const extra = [...known.netmapByIp.values()].map((n) => n.mac);
  const all = extra.length ? await knownAbout(db.read, ips, [...macs, ...extra]) : known;
  const out: Record<string, KnownHost> = {};
  for (const ip of ips) out[ip] = knownFor(all, ip, all.netmapByIp.get(ip)?.mac ?? null);
  for (const mac of macs) out[mac] = knownFor(all, '', mac);
  return out;
}
