import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../platform/errors';

/**
 * Encrypts the secrets OCS Desk keeps on disk (database passwords of connection profiles).
 * Two implementations: Electron's safeStorage (OS keychain; src-main/electron/safe-storage-box.ts)
 * and a key file readable only by the user (web shell and CLI). Ciphertexts are tagged with the
 * box that made them, so a file written by one is never fed to the other.
 */
export interface SecretBox {
  /** Short id stored with every ciphertext: `safe-storage` or `key-file`. */
  readonly kind: string;
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `<configDir>/key`: 32 random bytes, mode 0600, created on first use. */
export class KeyFileSecretBox implements SecretBox {
  readonly kind = 'key-file';
  private key: Promise<Buffer> | null = null;

  constructor(private readonly configDir: string) {}

  get keyPath(): string {
    return path.join(this.configDir, 'key');
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= this.readOrCreateKey().catch((e: unknown) => {
      this.key = null;
      throw e;
    });
    return this.key;
  }

  private async readOrCreateKey(): Promise<Buffer> {
    await mkdir(this.configDir, { recursive: true, mode: 0o700 });
    try {
      const k = await readFile(this.keyPath);
      if (k.length !== KEY_BYTES)
        throw new AppError('FILE_INVALID', { path: this.keyPath, reason: 'the key file is damaged' });
      return k;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const key = randomBytes(KEY_BYTES);
    // 'wx': never overwrite a key another process just created.
    try {
      const fh = await open(this.keyPath, 'wx', 0o600);
      try {
        await fh.writeFile(key);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await chmod(this.keyPath, 0o600);
      return key;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFile(this.keyPath);
      throw e;
    }
  }

  /** `v1:<base64(iv | tag | ciphertext)>`, AES-256-GCM. */
  async encrypt(plain: string): Promise<string> {
    const key = await this.loadKey();
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  async decrypt(sealed: string): Promise<string> {
    const key = await this.loadKey();
    const raw = sealed.startsWith('v1:') ? Buffer.from(sealed.slice(3), 'base64') : Buffer.alloc(0);
    if (raw.length < IV_BYTES + TAG_BYTES) throw undecryptable(this.keyPath);
    try {
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
    } catch (e) {
      throw undecryptable(this.keyPath, e);
    }
  }
}

export function undecryptable(where: string, cause?: unknown): AppError {
  return new AppError(
    'FILE_INVALID',
    {
      path: where,
      reason:
        'a stored password cannot be decrypted (key changed); enter the password again and save the profile',
    },
    { cause },
  );
}
