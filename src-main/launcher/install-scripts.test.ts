import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * npm 11 skips a dependency's install scripts unless package.json's `allowScripts` names it. Electron's
 * postinstall is what downloads the desktop binary: without the entry, `npm install && npm start` would
 * always fall back to the browser even where the download works.
 */
describe('package.json allowScripts', () => {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
  };
  it.each(['electron', 'esbuild'])('lets %s run its install script', (name) => {
    expect(pkg.allowScripts?.[name]).toBe(true);
  });
});
