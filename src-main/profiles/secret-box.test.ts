import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigDir } from './config-dir';
import { KeyFileSecretBox } from './secret-box';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-box-'));

describe('key-file secret box', () => {
  it('creates a 32-byte key readable only by the user and round-trips secrets', async () => {
    const dir = path.join(tmp(), 'nested');
    const box = new KeyFileSecretBox(dir);
    const sealed = await box.encrypt('pâss wörd');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('pâss');
    expect(await box.decrypt(sealed)).toBe('pâss wörd');
    const st = statSync(box.keyPath);
    expect(st.mode & 0o777).toBe(0o600);
    expect(readFileSync(box.keyPath)).toHaveLength(32);
    // Same plaintext, different ciphertexts (random IV); a second box on the same folder reads it.
    expect(await box.encrypt('pâss wörd')).not.toBe(sealed);
    expect(await new KeyFileSecretBox(dir).decrypt(sealed)).toBe('pâss wörd');
  });

  it('refuses tampered data and a changed key with an actionable error', async () => {
    const dir = tmp();
    const box = new KeyFileSecretBox(dir);
    const sealed = await box.encrypt('secret');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    await expect(box.decrypt('v1:' + bytes.toString('base64'))).rejects.toMatchObject({
      code: 'FILE_INVALID',
    });
    writeFileSync(box.keyPath, Buffer.alloc(32, 7));
    await expect(new KeyFileSecretBox(dir).decrypt(sealed)).rejects.toMatchObject({ code: 'FILE_INVALID' });
  });

  it('finds the config folder from OCS_DESK_CONFIG_DIR, XDG_CONFIG_HOME or ~/.config', () => {
    expect(defaultConfigDir({ OCS_DESK_CONFIG_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/ocs-desk');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: 'relative' })).toBe(
      path.join(os.homedir(), '.config', 'ocs-desk'),
    );
  });
});
