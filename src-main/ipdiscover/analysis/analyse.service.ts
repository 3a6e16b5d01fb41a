import type { Knex } from 'knex';
import type { AnalysedHost, AnalysisResult, HostClass, KnownHost } from '../../../shared/contract/ipdiscover';
import { AppError } from '../../platform/errors';
import { readDemoMarker } from '../../platform/ocs/demo-marker';
import type { Scope } from '../../platform/ocs/scope';
import { candidateIps, knownAbout, type KnownRow } from '../ipdiscover.repo';
import type { AnalysisCache } from './cache';
import { scanTargets } from './scanner';
import { expandTargets, splitTargets } from './targets';
import { checkNmap, checkNmblookup, detectScanMode } from './tools';

export interface AnalyseRequest {
  targets?: string;
  netId?: string;
  confirmLarge: boolean;
  privileges: 'auto' | 'unprivileged';
  concurrency: number;
  hostTimeoutSec: number;
  netbios?: boolean;
}

export interface AnalyseEnv {
  /** The session's DB when connected (inventory match, network candidates), else null. */
  db: Knex | null;
  /** The caller's perimeter (with `db`): computers outside it are not matched. */
  scope: Scope | null;
  /** Cache key of the DB target (`host_port_db`) or `local`. */
  cacheTarget: string;
  cache: AnalysisCache;
  signal: AbortSignal;
  progress: (done: number, total: number | null, note: string | null) => void;
}

export function scopeOf(req: { targets?: string; netId?: string }): string {
  return req.netId ? `net:${req.netId}` : `targets:${splitTargets(req.targets ?? '').join(' ')}`;
}

/** Merges what the DB knows about an address and the MAC seen for it. */
export function knownFor(k: KnownRow, ip: string, mac: string | null): KnownHost {
  const computers: KnownHost['computers'] = [];
  const add = (
    list: Array<{ hardwareId: number; name: string | null }> | undefined,
    matchedOn: 'ip' | 'mac',
  ) => {
    for (const c of list ?? [])
      if (!computers.some((x) => x.hardwareId === c.hardwareId)) computers.push({ ...c, matchedOn });
  };
  const M = mac?.toUpperCase() ?? null;
  if (M) add(k.computersByMac.get(M), 'mac');
  add(k.computersByIp.get(ip), 'ip');
  const nm = (M ? k.netmapByMac.get(M) : undefined) ?? k.netmapByIp.get(ip) ?? null;
  const ident = k.identifiedByMac.get((nm?.mac ?? M ?? '').toUpperCase()) ?? null;
  return { computers, discovered: nm, identified: ident };
}

/** Adds the DB's knowledge to the hosts (two rounds: the netmap MACs of IP matches are looked up too). */
export async function attachKnown(db: Knex, scope: Scope, hosts: AnalysedHost[]): Promise<void> {
  const ips = hosts.map((h) => h.ip);
  const macs = hosts.flatMap((h) => (h.mac ? [h.mac] : []));
  let known = await knownAbout(db, scope, ips, macs);
  const extra = [...known.netmapByIp.values()].map((n) => n.mac).filter((m) => !macs.includes(m));
  if (extra.length > 0) known = await knownAbout(db, scope, ips, [...macs, ...extra]);
  for (const h of hosts) h.known = knownFor(known, h.ip, h.mac ?? known.netmapByIp.get(h.ip)?.mac ?? null);
}

/**
 * The analysis job: validate the targets (or take the network's unknown devices), check the tools,
 * scan, classify, match with the inventory, cache the result with its date.
 */
export async function analyse(req: AnalyseRequest, env: AnalyseEnv): Promise<AnalysisResult> {
  const startedAt = new Date().toISOString();
  let text = req.targets ?? '';
  if (req.netId) {
    if (!env.db) throw new AppError('DB_NOT_CONNECTED');
    // Demo networks are made up (src-main/demo): their addresses may be real hosts of the admin's LAN.
    if (await readDemoMarker(env.db))
      throw new AppError('CONFLICT', {
        detail: `network ${req.netId} belongs to the generated demo data: its addresses are made up, so OCS Desk does not scan them`,
      });
    const ips = await candidateIps(env.db, req.netId);
    if (ips.length === 0)
      throw new AppError('NOT_FOUND', { what: 'non-inventoried device on network', netId: req.netId });
    text = ips.join(' ');
  }
  const targets = expandTargets(text, { confirmLarge: req.confirmLarge });
  env.progress(0, targets.count, 'checking nmap and nmblookup');
  const netbios = req.netbios ?? true;
  const [nmapVersion, nmblookupVersion] = await Promise.all([
    checkNmap(env.signal),
    netbios ? checkNmblookup(env.signal) : Promise.resolve(null),
  ]);
  const detected = detectScanMode();
  const mode = req.privileges === 'unprivileged' ? 'unprivileged' : detected.mode;
  const modeReason =
    req.privileges === 'unprivileged' && detected.mode === 'privileged'
      ? 'unprivileged scan requested'
      : detected.reason;

  const hosts = await scanTargets({
    targets,
    mode,
    concurrency: req.concurrency,
    hostTimeoutSec: req.hostTimeoutSec,
    netbios,
    signal: env.signal,
    progress: (d, t, n) => env.progress(d, t, n),
  });
  if (env.db && env.scope) await attachKnown(env.db, env.scope, hosts);
  const counts: Record<HostClass, number> = { windows: 0, unix: 0, network: 0, phantom: 0 };
  for (const h of hosts) counts[h.class]++;
  const result: AnalysisResult = {
    scope: scopeOf(req),
    mode,
    modeReason,
    nmapVersion,
    nmblookupVersion,
    startedAt,
    finishedAt: new Date().toISOString(),
    hosts,
    counts,
  };
  await env.cache.put(env.cacheTarget, result);
  return result;
}
