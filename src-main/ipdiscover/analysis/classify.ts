import type { HostClass, NetbiosInfo, OsGuess, PortEvidence } from '../../../shared/contract/ipdiscover';
import { isSambaLike } from './nmblookup';

/** TCP ports probed by an analysis: enough to tell the four classes apart, few enough to be quick. */
export const ANALYSIS_PORTS = [
  21, 22, 23, 25, 80, 135, 139, 443, 445, 515, 631, 3389, 5900, 8080, 9100,
] as const;

export interface ClassifyInput {
  up: boolean;
  reason: string | null;
  ports: PortEvidence[];
  os: OsGuess | null;
  netbios: NetbiosInfo | null;
  timedOut: boolean;
}

export interface Classification {
  class: HostClass;
  why: string[];
}

type Scored = Exclude<HostClass, 'phantom'>;

/** Types nmap gives to OS classes of appliances (anything but `general purpose` counts as a device). */
const GENERAL_PURPOSE = 'general purpose';
const UNIX_FAMILIES = /linux|bsd|mac os|ios x|solaris|aix|hp-ux|unix|illumos|haiku/i;

/**
 * Classifies one host from the evidence. Rules (each adds points to a class, the highest wins; ties
 * go to windows, then network, then unix):
 * - no answer, or an answer without any open port nor NetBIOS name → phantom;
 * - msrpc 135 +3, RDP 3389 +2, 445 +1, 139 +1, NetBIOS node status with a real MAC +2 → windows;
 *   a NetBIOS answer with an all-zero MAC is Samba → unix +2;
 * - SSH 22 +2 → unix (22 together with telnet 23 is the switch/router pattern → network instead);
 * - telnet 23 +3, printer ports 9100/515 +3, IPP 631 +1, and a web port (80/443/8080) as the only
 *   open service +1 → network;
 * - nmap's OS guess: +3 (accuracy ≥ 90), +2 (≥ 85), +1 (lower) to windows, unix, or network when the
 *   guessed device type is not "general purpose";
 * - open ports matching none of these → unix (the usual default for a host with services).
 */
export function classifyHost(h: ClassifyInput): Classification {
  const why: string[] = [];
  if (!h.up) {
    return { class: 'phantom', why: [`no answer to discovery probes${h.reason ? ` (${h.reason})` : ''}`] };
  }
  const open = new Set(h.ports.filter((p) => p.state === 'open' && p.protocol === 'tcp').map((p) => p.port));
  if (open.size === 0 && !h.netbios) {
    const msg = h.timedOut
      ? 'the scan of this host timed out before any open port was found'
      : 'the address answers but no scanned service is open and there is no NetBIOS name';
    return { class: 'phantom', why: [msg] };
  }
  const score: Record<Scored, number> = { windows: 0, unix: 0, network: 0 };
  const add = (c: Scored, n: number, text: string) => {
    score[c] += n;
    why.push(text);
  };
  if (open.has(135)) add('windows', 3, 'port 135 (Microsoft RPC) open');
  if (open.has(3389)) add('windows', 2, 'port 3389 (Remote Desktop) open');
  if (open.has(445)) add('windows', 1, 'port 445 (SMB) open');
  if (open.has(139)) add('windows', 1, 'port 139 (NetBIOS session) open');
  if (h.netbios) {
    const label = [h.netbios.name, h.netbios.workgroup].filter(Boolean).join(' in workgroup ');
    if (isSambaLike(h.netbios))
      add('unix', 2, `NetBIOS name ${label || '?'} answered by Samba (MAC 00:00:00:00:00:00)`);
    else add('windows', 2, `NetBIOS name ${label || '?'}${h.netbios.mac ? ` (MAC ${h.netbios.mac})` : ''}`);
  }
  if (open.has(22) && open.has(23)) add('network', 2, 'SSH and telnet both open (switch/router pattern)');
  else if (open.has(22)) add('unix', 2, 'port 22 (SSH) open');
  if (open.has(23) && !open.has(22)) add('network', 3, 'port 23 (telnet) open without SSH');
  if (open.has(9100)) add('network', 3, 'port 9100 (printer, JetDirect) open');
  if (open.has(515)) add('network', 3, 'port 515 (printer, LPD) open');
  if (open.has(631)) add('network', 1, 'port 631 (IPP printing) open');
  const web = [80, 443, 8080].filter((p) => open.has(p));
  if (web.length > 0 && web.length === open.size && !h.netbios) {
    add('network', 1, `only a web interface is open (port ${web.join(', ')}): typical of an appliance`);
  }
  if (h.os) {
    const pts = h.os.accuracy >= 90 ? 3 : h.os.accuracy >= 85 ? 2 : 1;
    const text = `nmap OS guess: ${h.os.name} (${h.os.accuracy}%${h.os.type ? `, ${h.os.type}` : ''})`;
    if (h.os.type && h.os.type !== GENERAL_PURPOSE) add('network', pts, text);
    else if (/windows/i.test(h.os.family ?? h.os.name)) add('windows', pts, text);
    else if (UNIX_FAMILIES.test(`${h.os.family ?? ''} ${h.os.name}`)) add('unix', pts, text);
    else add('network', pts, text);
  }
  const order: Scored[] = ['windows', 'network', 'unix'];
  const best = order.reduce((b, c) => (score[c] > score[b] ? c : b), order[0]!);
  if (score[best] === 0) {
    const list = [...open].sort((a, b) => a - b).join(', ');
    return {
      class: 'unix',
      why: [`open port(s) ${list} without a typical signature: counted as Linux/Unix`],
    };
  }
  return { class: best, why };
}
