import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { APP_ACCOUNT, ROOT as ROOT_DB } from '../helpers/db';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Shell {
  url: string;
  origin: string;
  process: ChildProcess;
}

/** Starts the built web shell (`dist/main/web-shell.cjs`) and reads the URL it prints. */
export async function startShell(env: Record<string, string> = {}): Promise<Shell> {
  // Each shell gets its own config folder, so saved profiles never leak between tests.
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-e2e-config-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/main/web-shell.cjs')], {
    cwd: ROOT,
    env: { ...process.env, OCS_DESK_LOG_LEVEL: 'warn', OCS_DESK_CONFIG_DIR: configDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('web shell did not start in 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`web shell exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { url, origin: new URL(url).origin, process: child };
}

/**
 * A shell whose pages never wait for the background counts (as on a fleet where counting takes
 * minutes), with Home's top software held back in `page`: it would start the same count first.
 */
export async function startShellWithoutCountWait(page: Page): Promise<Shell> {
  const shell = await startShell({ OCS_DESK_COUNT_WAIT_MS: '0' });
  await page.route('**/api/rpc', (route) =>
    route.request().postData()?.includes('"dashboard.topSoftware"') ? route.abort() : route.fallback(),
  );
  return shell;
}

/** One fresh web shell (so one fresh session) per test; page errors are printed to help read a failure. */
export const test = base.extend<{ shell: Shell }>({
  shell: async ({ page }, use) => {
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    page.on('console', (m) => {
      // The event stream breaking when the shell stops at the end of a test is expected noise.
      if (m.type() === 'error' && !/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONNECTION_REFUSED/.test(m.text())) {
        process.stderr.write(`[page console] ${m.text()}\n`);
      }
    });
    const shell = await startShell();
    await use(shell);
    shell.process.kill('SIGTERM');
  },
});

export { expect };

/**
 * What the connection screen is filled with: the application account (password-protected, rights on the
 * databases the helpers create only), as production runs; tests about root name ROOT themselves.
 */
export const DB = {
  host: ROOT_DB.host,
  port: String(ROOT_DB.port),
  user: APP_ACCOUNT.user,
  password: APP_ACCOUNT.password,
};

/** Saves a screenshot under test-results/screens/ for humans to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ROOT, 'test-results/screens', `${name}.png`), fullPage: true });
}
