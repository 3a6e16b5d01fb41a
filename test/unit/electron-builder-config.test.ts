import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '../..');

/** electron-builder.yml checked with electron-builder's own schema, as `npm run dist` would. */
describe('electron-builder.yml', () => {
  const yaml = require('js-yaml') as { load(s: string): unknown };
  const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
    string,
    { target?: string[]; maintainer?: string }
  >;

  it("passes electron-builder's configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
  });

  it('builds NSIS, DMG, AppImage and deb, with a deb maintainer', () => {
    expect(config.win?.target).toContain('nsis');
    expect(config.mac?.target).toContain('dmg');
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
  });
});
