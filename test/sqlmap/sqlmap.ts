// `npm run sqlmap [-- --level N --only <route>]`: Debian's sqlmap against every web-shell route that
// takes free text, filter values, sort or column names, through the real door (web shell, session token,
// logged-in Administrator) on a fresh seeded database. Loopback only: the shell listens on 127.0.0.1 and
// sqlmap is given nothing else. Each target is bounded (level, risk, techniques, time). Besides sqlmap's
// verdict, every answer the router gave is counted by error code: a DB_QUERY_FAILED or INTERNAL answer
// means text reached SQL unbound or crashed a handler, and is a finding even where sqlmap found nothing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeApp } from '../../src-main/app/compose';
import { createPool } from '../../src-main/platform/db/connect';
import { configureLogger } from '../../src-main/platform/log/logger';
import { startWebShell } from '../../src-main/web-shell/server';
import { appParams, createOcsDb, dropDb, ROOT } from '../helpers/db';

const MARK = '*';
interface Target {
  route: string;
  /** What is injected, for the report. */
  point: string;
  /** The JSON body's `input`, with MARK where sqlmap injects (inside a string). */
  input: unknown;
}

const crit = (field: string, op: string, value: string, extra: Record<string, string> = {}) => ({
  filter: { criteria: [{ field, op, value, ...extra }], match: 'all' },
});

const TARGETS: Target[] = [
  { route: 'computers.list', point: 'quick filter', input: { filter: { quick: `PC${MARK}` } } },
  { route: 'computers.list', point: 'LIKE value', input: crit('hardware.NAME', 'LIKE', `PC${MARK}`) },
  { route: 'computers.list', point: 'EQUAL value', input: crit('hardware.NAME', 'EQUAL', `PC-1${MARK}`) },
  {
    route: 'computers.list',
    point: 'BETWEEN value2',
    input: crit('hardware.MEMORY', 'BETWEEN', '1', { value2: `9${MARK}` }),
  },
  {
    route: 'computers.list',
    point: 'sort column',
    input: { sort: { column: `hardware.NAME${MARK}`, dir: 'asc' } },
  },
  { route: 'computers.list', point: 'column id', input: { columns: [`hardware.NAME${MARK}`] } },
  { route: 'search.run', point: 'software HAS value', input: crit('software.NAME', 'HAS', `Fire${MARK}`) },
  {
    route: 'search.run',
    point: 'software version qualifier',
    input: crit('software.NAME', 'HAS', 'Firefox', { qualifier: `1${MARK}` }),
  },
  {
    route: 'search.run',
    point: 'admin data TAG value',
    input: crit('accountinfo.TAG', 'EQUAL', `OFFICE${MARK}`),
  },
  { route: 'search.run', point: 'field id', input: crit(`hardware.NAME${MARK}`, 'EQUAL', 'x') },
  {
    route: 'search.run',
    point: 'date days',
    input: crit('hardware.LASTDATE', 'OLDER_THAN_DAYS', `3${MARK}`),
  },
  { route: 'dictionary.list', point: 'name filter', input: { tab: 'NEW', filter: `Fire${MARK}` } },
  { route: 'ipdiscover.lookup', point: 'ip', input: { ips: [`127.0.0.1${MARK}`] } },
  { route: 'ipdiscover.lookup', point: 'mac', input: { macs: [`00:11:22:33:44:55${MARK}`] } },
  { route: 'tags.repartition', point: 'quick filter', input: { filter: { quick: `PC${MARK}` } } },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * Runs a command without blocking the event loop (the web shell under test answers in this process),
 * killing it after `seconds`.
 */
function run(cmd: string, args: string[], seconds: number): Promise<{ output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, seconds * 1000);
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ output, timedOut });
    });
  });
}

async function seed(db: string): Promise<void> {
  const k = await createPool({ ...ROOT, database: db }, { max: 1 });
  try {
    for (let i = 1; i <= 6; i++) {
      const [id] = await k('hardware').insert({
        DEVICEID: `PC-${i}-2026-01-01-00-00-00`,
        NAME: `PC-${i}`,
        USERID: `user${i}`,
        MEMORY: i * 1024,
        LASTDATE: new Date(Date.now() - i * 86_400_000),
        LASTCOME: new Date(),
        OSNAME: i % 2 ? 'Debian GNU/Linux 12' : 'Microsoft Windows 11 Pro',
      });
      await k('accountinfo').insert({ HARDWARE_ID: id, TAG: i % 2 ? 'OFFICE' : 'DATACENTER' });
      await k('networks').insert({
        HARDWARE_ID: id,
        IPADDRESS: `127.0.0.${10 + i}`,
        MACADDR: `00:11:22:33:44:5${i}`,
      });
    }
  } finally {
    await k.destroy();
  }
}

async function main(): Promise<void> {
  const level = Number(arg('level') ?? 2);
  const only = arg('only');
  const maxSeconds = Number(arg('seconds') ?? 240);
  if (spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).status !== 0) {
    throw new Error('sqlmap is not installed (Debian: apt-get install sqlmap)');
  }
  configureLogger({ level: 'error', sink: () => undefined });
  const db = await createOcsDb();
  const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-sqlmap-'));
  const app = composeApp({ configDir: path.join(work, 'config') });
  const codes = new Map<string, Map<string, number>>();
  const call = app.router.call.bind(app.router);
  app.router.call = async (name, input, session, door) => {
    const r = await call(name, input, session, door);
    const per = codes.get(name) ?? new Map<string, number>();
    const code = r.ok ? 'ok' : r.error.code;
    per.set(code, (per.get(code) ?? 0) + 1);
    codes.set(name, per);
    return r;
  };
  const shell = await startWebShell(app, { rendererDir: work });
  try {
    await seed(db);
    const session = shell.session;
    const must = async (route: string, input: unknown) => {
      const r = await call(route, input, session, 'web');
      if (!r.ok) throw new Error(`${route}: ${r.error.code}`);
    };
    await must('connection.open', appParams(db));
    await must('auth.login', { login: 'admin', password: 'admin' });
    await must('auth.changePassword', { currentPassword: 'admin', newPassword: 'Sqlmap-Admin-Pw-1' });
    codes.clear();

    const rows: string[] = [];
    let findings = 0;
    for (const t of TARGETS) {
      if (only && t.route !== only) continue;
      const before = new Map(codes.get(t.route) ?? []);
      const body = JSON.stringify({ route: t.route, input: t.input });
      const r = await run(
        'sqlmap',
        [
          '-u',
          `http://127.0.0.1:${shell.port}/api/rpc`,
          '--data',
          body,
          '-H',
          `Authorization: Bearer ${shell.token}`,
          '-H',
          'Content-Type: application/json',
          '--batch',
          '--flush-session',
          `--level=${level}`,
          '--risk=1',
          '--dbms=MySQL',
          '--technique=BEUST',
          '--time-sec=2',
          '--timeout=15',
          '--retries=1',
          '--threads=1',
          `--output-dir=${path.join(work, 'out')}`,
          '--disable-coloring',
        ],
        maxSeconds,
      );
      const out = r.output;
      if (process.env.OCS_SQLMAP_DEBUG) process.stdout.write(out);
      const vulnerable =
        /identified the following injection point|is vulnerable|appears to be .*injectable/i.test(out);
      const clean = /do not appear to be injectable|not injectable/i.test(out);
      const after = codes.get(t.route) ?? new Map<string, number>();
      const delta = [...after]
        .map(([c, n]) => [c, n - (before.get(c) ?? 0)] as const)
        .filter(([, n]) => n > 0);
      const requests = delta.reduce((s, [, n]) => s + n, 0);
      const leaked = delta.filter(([c]) => c === 'DB_QUERY_FAILED' || c === 'INTERNAL');
      const verdict = vulnerable
        ? 'INJECTABLE'
        : leaked.length
          ? 'DB ERROR'
          : clean
            ? 'clean'
            : r.timedOut
              ? 'timed out'
              : 'unclear';
      if (verdict !== 'clean') findings += 1;
      rows.push(
        `${t.route.padEnd(18)} ${t.point.padEnd(28)} ${String(requests).padStart(6)} req  ${verdict.padEnd(10)} ${delta.map(([c, n]) => `${c}:${n}`).join(' ')}`,
      );
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    }
    process.stdout.write(
      `\nsqlmap level ${level}, risk 1, techniques BEUST: ${rows.length} injection points, ${findings} finding(s)\n`,
    );
    if (findings) process.exitCode = 1;
  } finally {
    await shell.close();
    await dropDb(db);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`sqlmap run failed: ${(e as Error).message}\n`);
  process.exit(2);
});
