import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Electron binary cannot be downloaded on our build machines; users' machines have it. */
function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test.describe('Electron window', () => {
  test.skip(
    !binary,
    'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): run npm install without it to test the desktop window',
  );

  test('opens a hardened window on the connection screen', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.resolve(import.meta.dirname, '../..')],
    });
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { name: 'Connect to an OCS database' })).toBeVisible();
    // Sandboxed, isolated renderer: no Node globals, only the one preload function.
    const surface = await win.evaluate(() => {
      const w = globalThis as unknown as {
        require?: unknown;
        process?: unknown;
        ocsDesk?: Record<string, unknown>;
      };
      return { require: typeof w.require, process: typeof w.process, api: Object.keys(w.ocsDesk ?? {}) };
    });
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', api: ['rpc'] });
    await app.close();
  });
});
