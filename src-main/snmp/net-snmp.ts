import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { CommunityInput, MibOid } from '../../shared/contract/snmp';
import { runTool, type InstallHints } from '../platform/processes/run-tool';

/**
 * net-snmp's command-line tools (Debian package `snmp`) run from the admin's machine, with argument
 * arrays. Credentials never go on a command line (other local users could read them in the process
 * list): they are written to a private snmp.conf (0600, in a 0700 temporary folder, removed after)
 * that SNMPCONFPATH points to (docs/snmp.md decision 5). No MIB is loaded: OIDs stay numeric.
 */

const HINTS: InstallHints = {
  linux: 'Install the net-snmp tools: apt install snmp (Debian/Ubuntu) or dnf install net-snmp-utils.',
  darwin: 'Install the net-snmp tools: brew install net-snmp.',
  other:
    'Install the net-snmp command-line tools (snmpget, snmpwalk, snmptranslate) and put them on the PATH.',
};

type Credentials = z.output<typeof CommunityInput>;

/** A net-snmp configuration value, quoted so that spaces and quotes survive its tokenizer. */
function confValue(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function snmpConf(c: Credentials): string {
  const lines = [`defVersion ${c.version}`];
  if (c.version !== '3') lines.push(`defCommunity ${confValue(c.secret ?? '')}`);
  else {
    const level = c.level ?? 'noAuthNoPriv';
    lines.push(`defSecurityName ${confValue(c.username ?? '')}`, `defSecurityLevel ${level}`);
    if (level !== 'noAuthNoPriv')
      lines.push(
        `defAuthType ${(c.authProto ?? 'md5').toUpperCase()}`,
        `defAuthPassphrase ${confValue(c.authPassword ?? '')}`,
      );
    if (level === 'authPriv')
      lines.push(
        `defPrivType ${(c.privProto ?? 'des').toUpperCase()}`,
        `defPrivPassphrase ${confValue(c.privPassword ?? '')}`,
      );
  }
  return lines.join('\n') + '\n';
}

async function withPrivateDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ocsdesk-snmp-'));
  try {
    await chmod(dir, 0o700);
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function envFor(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SNMPCONFPATH: dir,
    SNMP_PERSISTENT_DIR: dir,
    MIBS: '',
    HOME: dir,
  };
}

export type Answer = { oid: string; value: string | null; error: string | null };

const NO_VALUE = /^(No Such Object|No Such Instance|No more variables)/i;

/** Parses `-On -OQ` output: `.1.3.6… = value`, continuation lines belong to the previous value. */
export function parseVarbinds(out: string): Answer[] {
  const res: Answer[] = [];
  for (const line of out.split(/\r?\n/)) {
    const m = /^\.?(\d+(?:\.\d+)*) = (.*)$/.exec(line);
    if (m) {
      const raw = m[2]!;
      if (NO_VALUE.test(raw)) res.push({ oid: m[1]!, value: null, error: raw });
      else res.push({ oid: m[1]!, value: raw, error: null });
    } else if (res.length && line && res[res.length - 1]!.value !== null) {
      res[res.length - 1]!.value += '\n' + line;
    }
  }
  for (const r of res)
    if (r.value !== null && /^".*"$/s.test(r.value)) r.value = r.value.slice(1, -1).replace(/\\"/g, '"');
  return res;
}

export type Target = { address: string; port: number; timeoutSeconds: number };

/** One SNMP tool run against the target; exit 1 (no answer, auth error) is an answer, not a crash. */
async function snmp(
  tool: 'snmpget' | 'snmpwalk',
  cred: Credentials,
  t: Target,
  oid: string,
  signal?: AbortSignal,
): Promise<{ answers: Answer[]; error: string | null }> {
  return withPrivateDir(async (dir) => {
    const conf = path.join(dir, 'snmp.conf');
    await writeFile(conf, snmpConf(cred), { mode: 0o600 });
    const r = await runTool({
      tool,
      args: [
        '-On',
        '-OQ',
        '-Oe',
        '-t',
        String(t.timeoutSeconds),
        '-r',
        '0',
        `udp:${t.address}:${t.port}`,
        oid,
      ],
      env: envFor(dir),
      okExitCodes: [0, 1, 2],
      timeoutMs: (t.timeoutSeconds + 5) * 1000 * (tool === 'snmpwalk' ? 6 : 1),
      maxOutputBytes: 4 * 1024 * 1024,
      installHints: HINTS,
      signal,
    });
    const answers = parseVarbinds(r.stdout);
    const err = r.stderr.trim().split(/\r?\n/).filter(Boolean).pop() ?? null;
    return { answers, error: r.exitCode === 0 ? null : (err ?? `${tool} exited with ${r.exitCode}`) };
  });
}

export async function snmpGet(
  cred: Credentials,
  t: Target,
  oid: string,
  signal?: AbortSignal,
): Promise<Answer> {
  const r = await snmp('snmpget', cred, t, oid, signal);
  const a = r.answers.find((x) => x.oid === oid);
  if (a) return a;
  return { oid, value: null, error: r.error ?? 'no answer' };
}

/** The walk's values joined by ' - ', as the agent sends a table (SnmpScan.pm). */
export async function snmpWalk(
  cred: Credentials,
  t: Target,
  oid: string,
  signal?: AbortSignal,
): Promise<Answer> {
  const r = await snmp('snmpwalk', cred, t, oid, signal);
  const values = r.answers.filter((a) => a.value !== null).map((a) => a.value!);
  if (values.length) return { oid, value: values.join(' - '), error: null };
  return { oid, value: null, error: r.error ?? 'no value under this OID' };
}

/** MIB module names defined in a file (`NAME DEFINITIONS ::= BEGIN`). */
export function mibModules(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*([A-Za-z][A-Za-z0-9-]*)\s+DEFINITIONS\s*(?:[A-Z ]*)::=\s*BEGIN/gm))
    out.push(m[1]!);
  return out;
}

/**
 * OIDs of the given MIB files (ocsreports runs `snmptranslate -Tz`): the files are written to a
 * private folder put first on the MIB path (so one file may import another), their modules loaded,
 * and the nodes listed; the unnamed nodes net-snmp creates for a bare `{ iso 3 6 … }` are left out.
 */
export async function mibOids(
  files: Array<{ name: string; text: string }>,
): Promise<{ modules: string[]; oids: MibOid[] }> {
  const modules = [...new Set(files.flatMap((f) => mibModules(f.text)))];
  if (!modules.length) return { modules, oids: [] };
  return withPrivateDir(async (dir) => {
    for (const [i, f] of files.entries())
      await writeFile(path.join(dir, `mib-${i}.txt`), f.text, { mode: 0o600 });
    const r = await runTool({
      tool: 'snmptranslate',
      args: ['-M', `+${dir}`, '-m', modules.join(':'), '-Tz'],
      env: envFor(dir),
      timeoutMs: 30_000,
      maxOutputBytes: 16 * 1024 * 1024,
      installHints: HINTS,
    });
    const oids: MibOid[] = [];
    for (const line of r.stdout.split(/\r?\n/)) {
      const m = /^"([^"]+)"\s+"([\d.]+)"$/.exec(line.trim());
      if (m && !m[1]!.startsWith('anonymous#')) oids.push({ label: m[1]!, oid: m[2]! });
    }
    return { modules, oids };
  });
}
