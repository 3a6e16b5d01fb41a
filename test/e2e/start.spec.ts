import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { electronBinary } from '../../src-main/launcher/electron-binary';
import { expectAccessible } from './pages/computers-pages';

const ROOT = path.resolve(import.meta.dirname, '../..');

test.describe('npm start without the Electron binary', () => {
  test.skip(
    electronBinary(ROOT) !== null,
    'Electron is installed here: npm start opens its window (electron.spec.ts)',
  );

  test('says so in one line, starts the web shell and reaches the connection screen', async ({ page }) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OCS_DESK_CONFIG_DIR: mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-e2e-config-')),
      OCS_DESK_LOG_LEVEL: 'warn',
    };
    // No desktop: the launcher cannot open a browser and must print the address instead.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/main/start.cjs')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address in 20 s: ${lines.join(' | ')}`)), 20_000);
        createInterface({ input: child.stdout! }).on('line', (line) => {
          lines.push(line);
          if (/^No browser to open here/.test(line)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(lines[0]).toMatch(
        /^Electron is not installed here .*starting the web shell in your browser instead\.$/,
      );
      const url = /OCS Desk web shell: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(lines[1] ?? '')?.[1];
      expect(url).toBeTruthy();
      await page.goto(url!);
      await expect(page.getByRole('heading', { name: 'Connect to an OCS database' })).toBeVisible();
      await expectAccessible(page, 'the connection screen reached by npm start');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
