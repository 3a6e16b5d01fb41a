import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Test hosts in Linux network namespaces created by the test itself: one namespace per host, joined
 * to the root namespace by a veth pair, in a private /29 of 10.213.R.0/24 (R random, checked unused).
 * Nothing outside these namespaces is ever scanned: every address a test uses comes from here.
 *
 * host i: root side 10.213.R.(8i+1), namespace side 10.213.R.(8i+2), and 10.213.R.(8i+3) is on the
 * link but held by nobody (an absent host: ARP gets no answer).
 */
export const FAKE_HOST_PY = path.resolve(import.meta.dirname, '../fixtures/ipdiscover/fake-host.py');

export interface HostSpec {
  key: string;
  /** fake-host.py arguments (`--tcp 22:SSH-2.0-x`, `--nbstat NAME,GROUP,MAC`); empty = nothing listens. */
  args: string[];
}

export interface TestHost {
  key: string;
  ns: string;
  ip: string;
  /** An address on the same link that no one holds. */
  absentIp: string;
  /** MAC of the namespace's interface (what ARP / nmap sees). */
  mac: string;
  /** The /29 of this host. */
  cidr: string;
}

export interface TestHosts {
  hosts: Record<string, TestHost>;
  cleanup(): Promise<void>;
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why namespaces cannot be used here (null when they can). */
export function netnsUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'creating network namespaces needs root';
  const probe = `ocsdesk-probe-${randomBytes(3).toString('hex')}`;
  try {
    run('ip', ['netns', 'add', probe]);
    run('ip', ['netns', 'del', probe]);
  } catch (e) {
    return `ip netns add failed: ${(e as Error).message.split('\n')[0]}`;
  }
  try {
    run('python3', ['--version']);
  } catch {
    return 'python3 is needed for the fake hosts';
  }
  return null;
}

function pickThirdOctet(): number {
  const used = run('ip', ['-4', 'addr']) + run('ip', ['-4', 'route']);
  for (let i = 0; i < 50; i++) {
    const r = 1 + Math.floor(Math.random() * 240);
    if (!used.includes(`10.213.${r}.`)) return r;
  }
  throw new Error('no free 10.213.x.0/24 for the test hosts');
}

function waitReady(child: ChildProcess, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${label}: fake host not ready: ${out}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label}: fake host exited (${code}): ${out}`));
    });
  });
}

export async function createTestHosts(specs: HostSpec[]): Promise<TestHosts> {
  const id = randomBytes(2).toString('hex');
  const r = pickThirdOctet();
  const namespaces: string[] = [];
  const children: ChildProcess[] = [];
  const hosts: Record<string, TestHost> = {};
  const cleanup = async () => {
    for (const c of children) {
      if (c.exitCode === null && c.pid) {
        try {
          process.kill(c.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    for (const ns of namespaces) {
      try {
        run('ip', ['netns', 'del', ns]); // also removes the veth pair
      } catch {
        /* already gone */
      }
    }
  };
  try {
    specs.forEach((spec, i) => {
      const ns = `ocsdesk-${id}-${spec.key}`.slice(0, 40);
      const outer = `od${id}${i}a`;
      const inner = `od${id}${i}b`;
      const base = 8 * i;
      const ip = `10.213.${r}.${base + 2}`;
      run('ip', ['netns', 'add', ns]);
      namespaces.push(ns);
      run('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
      run('ip', ['link', 'set', inner, 'netns', ns]);
      // No IPv6 link-local addresses: their duplicate-address detection ends a second or two after the
      // link goes up, and that late address event makes a running Chromium abort every in-flight
      // request (ERR_NETWORK_CHANGED), loopback included: the first test after the hosts were made failed.
      run('ip', ['link', 'set', outer, 'addrgenmode', 'none']);
      run('ip', ['-n', ns, 'link', 'set', inner, 'addrgenmode', 'none']);
      run('ip', ['addr', 'add', `10.213.${r}.${base + 1}/29`, 'dev', outer]);
      run('ip', ['link', 'set', outer, 'up']);
      run('ip', ['-n', ns, 'addr', 'add', `${ip}/29`, 'dev', inner]);
      run('ip', ['-n', ns, 'link', 'set', inner, 'up']);
      run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      const mac = run('ip', ['netns', 'exec', ns, 'cat', `/sys/class/net/${inner}/address`])
        .trim()
        .toUpperCase();
      hosts[spec.key] = {
        key: spec.key,
        ns,
        ip,
        absentIp: `10.213.${r}.${base + 3}`,
        mac,
        cidr: `10.213.${r}.${base}/29`,
      };
    });
    for (const spec of specs) {
      if (spec.args.length === 0) continue;
      const h = hosts[spec.key]!;
      const child = spawn(
        'ip',
        ['netns', 'exec', h.ns, 'python3', FAKE_HOST_PY, '--bind', h.ip, ...spec.args],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      await waitReady(child, spec.key);
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { hosts, cleanup };
}

/** One host of each analysis class: SSH (Linux/Unix), SMB + NetBIOS (Windows), printer ports (network device), nothing (phantom). */
export const CLASS_HOSTS: HostSpec[] = [
  { key: 'ssh', args: ['--tcp', '22:SSH-2.0-OpenSSH_9.2p1 Debian-2'] },
  {
    key: 'smb',
    args: ['--tcp', '135', '--tcp', '139', '--tcp', '445', '--nbstat', 'WINBOX,WORKGROUP,02:11:22:33:44:55'],
  },
  { key: 'printer', args: ['--tcp', '23:login:', '--tcp', '80', '--tcp', '9100'] },
  { key: 'empty', args: [] },
];
