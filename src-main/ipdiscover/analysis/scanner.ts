import type { AnalysedHost, NetbiosInfo, ScanMode } from '../../../shared/contract/ipdiscover';
import { AppError } from '../../platform/errors';
import { runTool } from '../../platform/processes/run-tool';
import { ANALYSIS_PORTS, classifyHost } from './classify';
import { parseNmapXml, type NmapHost } from './nmap-xml';
import { parseNmblookup } from './nmblookup';
import { NMAP_HINTS, NMBLOOKUP_HINTS, nmapPath, nmblookupPath } from './tools';
import type { Targets } from './targets';

export interface ScanOptions {
  targets: Targets;
  mode: ScanMode;
  concurrency: number;
  hostTimeoutSec: number;
  netbios: boolean;
  signal: AbortSignal;
  progress: (done: number, total: number, note: string) => void;
}

/** nmblookup waits ~10 s for a silent host; a Windows host answers in milliseconds. */
const NMBLOOKUP_TIMEOUT_MS = 4000;

function modeArgs(mode: ScanMode): string[] {
  // --privileged / --unprivileged make nmap's choice explicit instead of guessed from the uid.
  return mode === 'privileged' ? ['--privileged'] : ['--unprivileged'];
}

/** The nmap arguments of the discovery (ping) phase; targets come on stdin (-iL -). */
export function discoveryArgs(mode: ScanMode, ipv6: boolean, hostTimeoutSec: number): string[] {
  return [
    ...modeArgs(mode),
    ...(ipv6 ? ['-6'] : []),
    '-n',
    '-sn',
    '--max-retries',
    '2',
    '--host-timeout',
    `${hostTimeoutSec}s`,
    '-oX',
    '-',
    '-iL',
    '-',
  ];
}

/** The nmap arguments of the per-host phase. */
export function hostScanArgs(mode: ScanMode, ip: string, hostTimeoutSec: number): string[] {
  const probe = mode === 'privileged' ? ['-sS', '-O', '--osscan-limit'] : ['-sT'];
  return [
    ...modeArgs(mode),
    ...(ip.includes(':') ? ['-6'] : []),
    '-n',
    '-Pn',
    ...probe,
    '--max-retries',
    '1',
    '--host-timeout',
    `${hostTimeoutSec}s`,
    '-p',
    ANALYSIS_PORTS.join(','),
    '-oX',
    '-',
    '--',
    ip,
  ];
}

async function discover(addresses: string[], ipv6: boolean, o: ScanOptions): Promise<Map<string, NmapHost>> {
  const up = new Map<string, NmapHost>();
  if (addresses.length === 0) return up;
  const r = await runTool({
    tool: nmapPath(),
    args: discoveryArgs(o.mode, ipv6, o.hostTimeoutSec),
    stdin: addresses.join('\n') + '\n',
    signal: o.signal,
    timeoutMs: (o.hostTimeoutSec + 30) * 1000 + addresses.length * 100,
    installHints: NMAP_HINTS,
  });
  const run = parseNmapXml(r.stdout);
  if (run.exit === 'error')
    throw new AppError('TOOL_FAILED', { tool: 'nmap', detail: run.errorMessage ?? 'scan error' });
  for (const h of run.hosts) if (h.ip && h.state === 'up') up.set(h.ip, h);
  return up;
}

async function netbiosOf(ip: string, signal: AbortSignal): Promise<NetbiosInfo | null> {
  const r = await runTool({
    tool: nmblookupPath(),
    args: ['-A', ip],
    signal,
    timeoutMs: NMBLOOKUP_TIMEOUT_MS,
    timeoutIsResult: true,
    okExitCodes: [0, 1],
    maxOutputBytes: 256 * 1024,
    installHints: NMBLOOKUP_HINTS,
  });
  return parseNmblookup(r.stdout);
}

async function scanHost(ip: string, seen: NmapHost, o: ScanOptions): Promise<AnalysedHost> {
  const [portRun, netbios] = await Promise.all([
    runTool({
      tool: nmapPath(),
      args: hostScanArgs(o.mode, ip, o.hostTimeoutSec),
      signal: o.signal,
      // nmap stops itself at --host-timeout; this is the safety net for a stuck process.
      timeoutMs: (o.hostTimeoutSec + 20) * 1000,
      installHints: NMAP_HINTS,
    }),
    o.netbios && !ip.includes(':') ? netbiosOf(ip, o.signal) : Promise.resolve(null),
  ]);
  const run = parseNmapXml(portRun.stdout);
  const h = run.hosts.find((x) => x.ip === ip) ?? run.hosts[0];
  const ports = h?.ports ?? [];
  const os = h?.os[0] ?? null;
  const timedOut = h?.timedOut ?? false;
  const c = classifyHost({ up: true, reason: seen.reason, ports, os, netbios, timedOut });
  return {
    ip,
    up: true,
    reason: seen.reason,
    class: c.class,
    why: c.why,
    mac: seen.mac ?? h?.mac ?? netbiosMac(netbios),
    macVendor: seen.macVendor ?? h?.macVendor ?? null,
    hostname: seen.hostname ?? h?.hostname ?? netbios?.name ?? null,
    ports: ports.filter((p) => p.state !== 'closed'),
    os,
    netbios,
    timedOut,
    known: null,
    scannedAt: new Date().toISOString(),
  };
}

function netbiosMac(nb: NetbiosInfo | null): string | null {
  return nb?.mac && nb.mac !== '00:00:00:00:00:00' ? nb.mac : null;
}

function downHost(ip: string): AnalysedHost {
  const c = classifyHost({
    up: false,
    reason: 'no-response',
    ports: [],
    os: null,
    netbios: null,
    timedOut: false,
  });
  return {
    ip,
    up: false,
    reason: 'no-response',
    class: c.class,
    why: c.why,
    mac: null,
    macVendor: null,
    hostname: null,
    ports: [],
    os: null,
    netbios: null,
    timedOut: false,
    known: null,
    scannedAt: new Date().toISOString(),
  };
}

/**
 * Analyses every target: one nmap discovery run per address family, then, for the hosts that answered,
 * one nmap port scan (+ OS detection when privileged) and one `nmblookup -A` per host, at most
 * `concurrency` hosts at a time. Cancelling kills the running processes.
 */
export async function scanTargets(o: ScanOptions): Promise<AnalysedHost[]> {
  const all = [...o.targets.ipv4, ...o.targets.ipv6];
  const total = all.length;
  o.progress(0, total, `discovering ${total} address(es)`);
  const up = new Map<string, NmapHost>([
    ...(await discover(o.targets.ipv4, false, o)),
    ...(await discover(o.targets.ipv6, true, o)),
  ]);
  o.signal.throwIfAborted();
  const results = new Map<string, AnalysedHost>();
  for (const ip of all) if (!up.has(ip)) results.set(ip, downHost(ip));
  let done = results.size;
  o.progress(done, total, `${up.size} host(s) answered; analysing`);

  const queue = [...up.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      o.signal.throwIfAborted();
      const [ip, seen] = next;
      results.set(ip, await scanHost(ip, seen, o));
      done++;
      o.progress(done, total, ip);
    }
  };
  const workers = Array.from({ length: Math.min(o.concurrency, Math.max(1, queue.length)) }, () => worker());
  const settled = await Promise.allSettled(workers);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw o.signal.aborted ? new AppError('JOB_CANCELLED') : failed.reason;
  return all.map((ip) => results.get(ip)!);
}
