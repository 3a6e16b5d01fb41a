import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { grantApp } from './db';

const run = promisify(execFile);

/**
 * The read-only inputs beside the repository (`../shared`: OCS stack scripts, fixtures, spec).
 * `OCS_SHARED_DIR` overrides it, e.g. when CI clones the repository somewhere else.
 */
export const SHARED_DIR =
  process.env.OCS_SHARED_DIR ??
  // import.meta.dirname is empty when a bench bundles this file to CommonJS; npm runs from the root.
  path.resolve(import.meta.dirname ? path.resolve(import.meta.dirname, '../..') : process.cwd(), '../shared');

/** The real OCS server side (Debian packages on loopback), driven by ocs-stack.sh. */
export const STACK_SCRIPT = path.join(SHARED_DIR, 'ocs-stack/ocs-stack.sh');
export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures/ocs');
export const MAKE_FLEET = path.join(SHARED_DIR, 'ocs-stack/make-fleet.py');

export const STACK_ENV = {
  serverUrl: 'http://127.0.0.1:8080/ocsinventory',
  serverHttpsUrl: 'https://127.0.0.1:8443/ocsinventory',
  downloadDir: '/var/lib/ocs-stack/download',
  downloadUrlHttp: '127.0.0.1:8080/download',
  downloadUrlHttps: '127.0.0.1:8443/download',
  caFile: '/var/lib/ocs-stack/ssl/ca.pem',
  dbUser: 'ocs',
  dbPassword: 'ocs',
};

/**
 * Why the stack cannot be used here, or null when it can (tests skip with this reason). In CI (CI=1, set
 * by .ci/run) a missing stack is an error with the reason: the suites that need it fail, never skip.
 */
export function stackUnavailableReason(): string | null {
  const why = !existsSync(STACK_SCRIPT)
    ? `ocs-stack.sh not found at ${STACK_SCRIPT}`
    : process.getuid?.() !== 0
      ? 'the OCS stack needs root'
      : !existsSync('/var/lib/ocs-stack/ssl/ca.pem')
        ? 'the OCS stack is not installed (run ocs-stack.sh install)'
        : null;
  if (why && process.env.CI) throw new Error(`CI needs the real OCS stack: ${why}`);
  return why;
}

export async function stack(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [STACK_SCRIPT, ...args], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env },
    timeout: 600_000,
  });
  return stdout;
}

const LOCK_DIR = '/tmp/ocs-desk-stack.lock';
const HOLDER_FILE = path.join(LOCK_DIR, 'holder.json');
/** Past this a waiter fails with the holder's name instead of hanging until its test's own timeout. */
const LOCK_WAIT_MAX_MS = 480_000;

interface Holder {
  pid: number;
  since: string;
  who: string;
}

/** The test that takes the lock (vitest and Playwright keep it in the shared matcher state), else the script. */
function whoAmI(): string {
  const state = (globalThis as Record<symbol, { state?: { currentTestName?: string; testPath?: string } }>)[
    Symbol.for('$$jest-matchers-object')
  ]?.state;
  const test = state?.currentTestName;
  const file = state?.testPath ? path.basename(state.testPath) : path.basename(process.argv[1] ?? 'node');
  return test ? `${file}: ${test}` : file;
}

function readHolder(): Holder | null {
  try {
    return JSON.parse(readFileSync(HOLDER_FILE, 'utf8')) as Holder;
  } catch {
    return null;
  }
}

function lockHolderAlive(): boolean {
  const holder = readHolder();
  if (!holder) {
    // Just created by another process that has not written its holder yet.
    try {
      return Date.now() - statSync(LOCK_DIR).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The comm server writes into one database at a time (use-db), so tests that drive it take
 * this machine-wide lock; a lock left by a dead process is taken over. A test that waits longer than
 * LOCK_WAIT_MAX_MS fails naming the holder (a test that timed out keeps running, and holding the lock,
 * after vitest has reported it: the next ones then say so instead of timing out one after another).
 */
export async function withStackLock<T>(fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      const me: Holder = { pid: process.pid, since: new Date().toISOString(), who: whoAmI() };
      writeFileSync(HOLDER_FILE, JSON.stringify(me));
      break;
    } catch {
      if (!lockHolderAlive()) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - t0 > LOCK_WAIT_MAX_MS) {
        const h = readHolder();
        throw new Error(
          `waited ${Math.round((Date.now() - t0) / 1000)} s for the OCS stack lock (${LOCK_DIR}), held by ` +
            (h ? `${h.who} (pid ${h.pid}) since ${h.since}` : 'an unknown holder'),
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * `fn` with the comm server writing into `db`, a fresh copy of its schema that the application account
 * may use, under the stack lock; the server goes back to `ocsweb` afterwards, whatever happens.
 */
export async function onFreshStackDb<T>(db: string, fn: () => Promise<T>): Promise<T> {
  return withStackLock(async () => {
    await stack('reset-db', db);
    await grantApp(db);
    await stack('use-db', db);
    try {
      return await fn();
    } finally {
      await stack('use-db', 'ocsweb');
    }
  });
}
