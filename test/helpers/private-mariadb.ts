import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionParams } from '../../shared/contract/connection';

/**
 * A private `mariadbd` for fault tests: its own data directory and port, so a test may stop, crash,
 * restart or misconfigure it without touching the shared server on 3306. Root has an empty password
 * on loopback (install-db `normal` mode); tests create their own password-protected app account.
 */
export interface PrivateMariadb {
  readonly port: number;
  readonly datadir: string;
  readonly socket: string;
  /** Root over TCP on 127.0.0.1 (for setup and checks; the app under test uses its own account). */
  root(database?: string): ConnectionParams;
  /** Runs SQL as root through the socket (mariadb client). */
  sql(statements: string, database?: string): string;
  /** Starts the server (again) on the same datadir with the extra args of create(), or `args` if given. */
  start(args?: string[]): Promise<void>;
  /** SIGTERM (clean shutdown) or SIGKILL (crash); resolves once the process has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  readonly running: boolean;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

const MARIADBD = '/usr/sbin/mariadbd';
const live = new Set<ChildProcess>();
let exitHook = false;

/** Whether this machine can run a private server (the binaries and a `mysql` system user). */
export function privateMariadbUnavailableReason(): string | null {
  if (!existsSync(MARIADBD)) return `${MARIADBD} is missing (apt-get install mariadb-server)`;
  try {
    execFileSync('id', ['-u', 'mysql'], { stdio: 'ignore' });
  } catch {
    return 'no `mysql` system user to run a private mariadbd as';
  }
  if (process.getuid?.() !== 0) return 'a private mariadbd needs root to start it as the mysql user';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

let template: string | null = null;

/** One `mariadb-install-db` per test process; every server copies it (install takes seconds). */
function installTemplate(): string {
  if (template && existsSync(template)) return template;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-mariadb-tpl-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ],
    { stdio: 'ignore' },
  );
  template = data;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return data;
}

/**
 * Creates and starts a private server. `args` are extra mariadbd options (e.g.
 * `--max-allowed-packet=1M`, `--max-connections=1`), kept for restarts.
 */
export async function createPrivateMariadb(args: string[] = []): Promise<PrivateMariadb> {
  const tpl = installTemplate();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-mariadb-'));
  chmodSync(dir, 0o755);
  const datadir = path.join(dir, 'data');
  cpSync(tpl, datadir, { recursive: true });
  execFileSync('chown', ['-R', 'mysql:mysql', dir]);
  const socket = path.join(dir, 'mysqld.sock');
  const port = await freePort();
  let child: ChildProcess | null = null;
  let stderr = '';
  if (!exitHook) {
    exitHook = true;
    // A test process that dies still takes its servers with it.
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }

  const sql = (statements: string, database?: string) =>
    execFileSync(
      'mariadb',
      ['--no-defaults', `--socket=${socket}`, '-u', 'root', ...(database ? [database] : [])],
      {
        input: statements,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );

  const server: PrivateMariadb = {
    port,
    datadir,
    socket,
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    root: (database = 'mysql') => ({ host: '127.0.0.1', port, user: 'root', password: '', database }),
    sql,
    async start(over?: string[]) {
      if (server.running) throw new Error('private mariadbd already running');
      stderr = '';
      const c = spawn(
        MARIADBD,
        [
          '--no-defaults',
          '--user=mysql',
          `--datadir=${datadir}`,
          `--socket=${socket}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--pid-file=${path.join(dir, 'mysqld.pid')}`,
          '--skip-name-resolve',
          '--skip-log-bin',
          '--performance-schema=OFF',
          '--innodb-buffer-pool-size=32M',
          '--character-set-server=utf8mb4',
          ...(over ?? args),
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      c.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      child = c;
      live.add(c);
      c.once('exit', () => live.delete(c));
      // Ready once the socket answers a query (not a timing guess; bounded for a loaded machine).
      for (let i = 0; ; i++) {
        if (!server.running) throw new Error(`private mariadbd exited at start: ${stderr}`);
        try {
          execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', 'SELECT 1'], {
            stdio: 'ignore',
          });
          return;
        } catch {
          if (i > 600) throw new Error(`private mariadbd did not answer within 120 s: ${stderr}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') {
      const c = child;
      if (!c || !server.running) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    },
    async destroy() {
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (e) {
    await server.destroy();
    throw e;
  }
  return server;
}
