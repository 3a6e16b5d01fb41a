import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary } from './electron-binary';

/** A project folder whose node_modules/electron/index.js is `indexJs` (or no electron package at all). */
function project(indexJs: string | null): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-launcher-'));
  writeFileSync(path.join(root, 'package.json'), '{"name":"p"}');
  if (indexJs !== null) {
    const dir = path.join(root, 'node_modules/electron');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name":"electron","main":"index.js"}');
    writeFileSync(path.join(dir, 'index.js'), indexJs);
  }
  return root;
}

describe('electronBinary', () => {
  it('is null when the optional electron package was removed after its download failed', () => {
    expect(electronBinary(project(null))).toBeNull();
  });

  it('is null when the package is there without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD)', () => {
    expect(electronBinary(project("throw new Error('Electron failed to install correctly');"))).toBeNull();
    expect(electronBinary(project("module.exports = '/nonexistent/electron';"))).toBeNull();
  });

  it('is the executable path when the binary is installed', () => {
    const root = project(null);
    const exe = path.join(root, 'electron-exe');
    writeFileSync(exe, '');
    const dir = path.join(root, 'node_modules/electron');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"name":"electron","main":"index.js"}');
    writeFileSync(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(exe)};`);
    expect(electronBinary(root)).toBe(exe);
  });
});
