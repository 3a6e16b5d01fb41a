import { readFileSync } from 'node:fs';
import type { ScanMode, ToolsStatus } from '../../../shared/contract/ipdiscover';
import { AppError } from '../../platform/errors';
import { runTool, type InstallHints } from '../../platform/processes/run-tool';

export const NMAP_HINTS: InstallHints = {
  linux: 'Install nmap: sudo apt install nmap (Debian/Ubuntu) or sudo dnf install nmap (Fedora/RHEL).',
  darwin: 'Install nmap: brew install nmap (or the installer from nmap.org).',
  win32: 'Install Nmap with Npcap from https://nmap.org/download.html and add its folder to PATH.',
};
export const NMBLOOKUP_HINTS: InstallHints = {
  linux:
    'Install nmblookup: sudo apt install samba-common-bin (Debian/Ubuntu) or sudo dnf install samba-client (Fedora/RHEL).',
  darwin: 'Install nmblookup: brew install samba.',
  win32:
    'nmblookup is part of Samba and has no Windows build: run the analysis without NetBIOS lookups, or from WSL.',
};

/** Oldest versions whose output OCS Desk parses (XML `timedout`, `--unprivileged`, `--osscan-limit`). */
export const MIN_NMAP = [7, 0] as const;
export const MIN_NMBLOOKUP = [3, 0] as const;

/** Program names; OCS_DESK_NMAP / OCS_DESK_NMBLOOKUP may point at another binary. */
export function nmapPath(): string {
  return process.env.OCS_DESK_NMAP || 'nmap';
}
export function nmblookupPath(): string {
  return process.env.OCS_DESK_NMBLOOKUP || 'nmblookup';
}

export function parseVersion(text: string, re: RegExp): [number, number, string] | null {
  const m = re.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? 0), m[0].replace(/^\D+/, '')];
}

function atLeast(v: [number, number, string], min: readonly [number, number]): boolean {
  return v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);
}

/** `Nmap version 7.93 ( https://nmap.org )` → 7.93. */
export const NMAP_VERSION_RE = /Nmap version (\d+)\.(\d+)\S*/;
/** `Version 4.17.12-Debian` → 4.17. */
export const NMBLOOKUP_VERSION_RE = /Version (\d+)\.(\d+)\S*/;

async function checkTool(
  tool: string,
  re: RegExp,
  min: readonly [number, number],
  hints: InstallHints,
  signal?: AbortSignal,
): Promise<string> {
  const r = await runTool({
    tool,
    args: ['--version'],
    signal,
    timeoutMs: 10_000,
    installHints: hints,
    maxOutputBytes: 64 * 1024,
  });
  const v = parseVersion(r.stdout + r.stderr, re);
  if (!v) throw new AppError('TOOL_FAILED', { tool, detail: 'cannot read its version' });
  if (!atLeast(v, min)) {
    throw new AppError('TOOL_FAILED', {
      tool,
      detail: `version ${v[2]} is too old (${min.join('.')} or later needed)`,
    });
  }
  return v[2];
}

export function checkNmap(signal?: AbortSignal): Promise<string> {
  return checkTool(nmapPath(), NMAP_VERSION_RE, MIN_NMAP, NMAP_HINTS, signal);
}
export function checkNmblookup(signal?: AbortSignal): Promise<string> {
  return checkTool(nmblookupPath(), NMBLOOKUP_VERSION_RE, MIN_NMBLOOKUP, NMBLOOKUP_HINTS, signal);
}

const CAP_NET_ADMIN = 12n;
const CAP_NET_RAW = 13n;

/**
 * Whether nmap can use raw sockets (SYN scan, OS detection, ARP discovery): root, a process whose
 * ambient capabilities include CAP_NET_RAW + CAP_NET_ADMIN (inherited by nmap), NMAP_PRIVILEGED set by
 * an admin who gave nmap file capabilities, or Windows (Npcap).
 */
export function detectScanMode(): { mode: ScanMode; reason: string } {
  if (process.env.NMAP_PRIVILEGED)
    return { mode: 'privileged', reason: 'NMAP_PRIVILEGED is set (nmap has raw-socket capabilities)' };
  if (process.platform === 'win32') return { mode: 'privileged', reason: 'Windows: nmap uses Npcap' };
  if (typeof process.getuid === 'function' && process.getuid() === 0)
    return { mode: 'privileged', reason: 'running as root' };
  if (process.platform === 'linux') {
    try {
      const status = readFileSync('/proc/self/status', 'utf8');
      const amb = /^CapAmb:\s*([0-9a-f]+)/m.exec(status)?.[1];
      if (amb) {
        const caps = BigInt(`0x${amb}`);
        if (caps & (1n << CAP_NET_RAW) && caps & (1n << CAP_NET_ADMIN)) {
          return { mode: 'privileged', reason: 'ambient capabilities cap_net_raw + cap_net_admin' };
        }
      }
    } catch {
      // no /proc: fall through
    }
  }
  return {
    mode: 'unprivileged',
    reason: 'not root and no raw-socket capability: TCP connect scan, no OS detection, no MAC addresses',
  };
}

export async function toolsStatus(): Promise<ToolsStatus> {
  const one = async (check: () => Promise<string>) => {
    try {
      return { found: true, version: await check(), ok: true, problem: null };
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError('INTERNAL');
      const missing = err.code === 'TOOL_MISSING';
      return {
        found: !missing,
        version: null,
        ok: false,
        problem: missing ? String(err.params.install ?? '') : String(err.params.detail ?? err.code),
      };
    }
  };
  const [nmap, nmblookup] = await Promise.all([one(() => checkNmap()), one(() => checkNmblookup())]);
  const m = detectScanMode();
  return { nmap, nmblookup, mode: m.mode, modeReason: m.reason };
}
