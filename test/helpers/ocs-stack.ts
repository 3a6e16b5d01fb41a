import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

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

function lockHolderAlive(): boolean {
  const pidFile = path.join(LOCK_DIR, 'pid');
  if (!existsSync(pidFile)) {
    // Just created by another process that has not written its pid yet.
    try {
      return Date.now() - statSync(LOCK_DIR).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The comm server writes into one database at a time (use-db), so tests that drive it take
 * this machine-wide lock; a lock left by a dead process is taken over.
 */
export async function withStackLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch {
      if (!lockHolderAlive()) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
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
