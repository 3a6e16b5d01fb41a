import type { NetbiosInfo } from '../../../shared/contract/ipdiscover';

/** `	NAME            <00> - <GROUP> B <ACTIVE>` (the `<GROUP>` part only for group names). */
const NAME_LINE = /^\s+(\S(?:.*?\S)?)\s+<([0-9A-Fa-f]{2})>\s+-\s+(<GROUP>\s+)?\S\s+<[^>]+>/;
const MAC_LINE = /MAC Address = ([0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})/;

/**
 * Parses the output of `nmblookup -A <ip>` (NetBIOS node status). Returns null when the host did not
 * answer ("No reply from ...", or no name line). Name = first unique name with suffix <00>;
 * workgroup = first group name with suffix <00>.
 */
export function parseNmblookup(output: string): NetbiosInfo | null {
  const names: NetbiosInfo['names'] = [];
  let mac: string | null = null;
  for (const line of output.split(/\r?\n/)) {
    const m = NAME_LINE.exec(line);
    if (m) {
      names.push({ name: m[1]!, suffix: m[2]!.toUpperCase(), group: !!m[3] });
      continue;
    }
    const mm = MAC_LINE.exec(line);
    if (mm) mac = mm[1]!.replace(/-/g, ':').toUpperCase();
  }
  if (names.length === 0) return null;
  const name = names.find((n) => n.suffix === '00' && !n.group)?.name ?? null;
  const workgroup = names.find((n) => n.suffix === '00' && n.group)?.name ?? null;
  return { name, workgroup, mac, names };
}

/** Samba (nmbd) answers node status with an all-zero MAC; Windows answers with its adapter's MAC. */
export function isSambaLike(nb: NetbiosInfo): boolean {
  return nb.mac === '00:00:00:00:00:00';
}
