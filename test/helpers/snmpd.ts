import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A private snmpd (Debian's `snmpd`) on 127.0.0.1 and an unprivileged port, for the SNMP preview
 * tests: only loopback, its own configuration, state and pid files in a temporary folder. Never
 * anything else on the network.
 */

export const SNMPD = ['/usr/sbin/snmpd', '/usr/bin/snmpd'].find((p) => existsSync(p)) ?? null;

export function snmpdUnavailableReason(): string | null {
  if (!SNMPD) return 'snmpd is not installed (apt install snmpd)';
  if (!['/usr/bin/snmpget', '/usr/local/bin/snmpget'].some((p) => existsSync(p)))
    return 'the net-snmp tools are not installed (apt install snmp)';
  return null;
}

/** A free UDP port on 127.0.0.1 (bound then released). */
async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export type TestSnmpd = { port: number; stop: () => Promise<void> };

export type SnmpdSetup = {
  community: string;
  v3?: { user: string; auth: string; priv: string };
  sysName: string;
  sysDescr: string;
  /** Extra fixed values: [oid, 'octet_str' | 'integer', value]. */
  values?: Array<[string, 'octet_str' | 'integer', string]>;
};

function snmpget(port: number, community: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      'snmpget',
      ['-v2c', '-c', community, '-t', '1', '-r', '0', '-On', `udp:127.0.0.1:${port}`, '1.3.6.1.2.1.1.5.0'],
      { env: { PATH: process.env.PATH, MIBS: '' } },
      (err, stdout) => resolve(!err && stdout.includes('1.3.6.1.2.1.1.5.0')),
    );
  });
}

export async function startSnmpd(setup: SnmpdSetup): Promise<TestSnmpd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-snmpd-'));
  const port = await freeUdpPort();
  const lines = [
    `agentAddress udp:127.0.0.1:${port}`,
    `rocommunity ${setup.community} 127.0.0.1`,
    `sysName ${setup.sysName}`,
    `sysDescr ${setup.sysDescr}`,
    ...(setup.v3
      ? [
          `createUser ${setup.v3.user} SHA ${setup.v3.auth} AES ${setup.v3.priv}`,
          `rouser ${setup.v3.user} priv`,
        ]
      : []),
    ...(setup.values ?? []).map(
      ([oid, type, v]) => `override ${oid} ${type} ${type === 'octet_str' ? `"${v}"` : v}`,
    ),
  ];
  writeFileSync(path.join(dir, 'snmpd.conf'), lines.join('\n') + '\n', { mode: 0o600 });
  const child: ChildProcess = spawn(
    SNMPD!,
    [
      '-f',
      '-Lf',
      path.join(dir, 'snmpd.log'),
      '-C',
      '-c',
      path.join(dir, 'snmpd.conf'),
      '-p',
      path.join(dir, 'pid'),
    ],
    {
      env: { PATH: process.env.PATH, MIBS: '', SNMP_PERSISTENT_DIR: path.join(dir, 'state') },
      stdio: 'ignore',
    },
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when it answers (up to ~20 s on a loaded machine).
  for (let i = 0; i < 40; i++) {
    if (child.exitCode !== null) break;
    if (await snmpget(port, setup.community)) return { port, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('the test snmpd did not answer');
}
