import { safeStorage } from 'electron';
import type { SecretBox } from '../profiles/secret-box';

/**
 * SecretBox on Electron's safeStorage: the key lives in the OS keychain (macOS Keychain, Windows
 * DPAPI, libsecret/kwallet on Linux). Returns null when no keychain is usable (e.g. Linux without
 * a secret service: safeStorage would fall back to a hard-coded key), so the caller can use the
 * key-file box instead.
 */
export function safeStorageBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    kind: 'safe-storage',
    encrypt: (plain) => Promise.resolve(safeStorage.encryptString(plain).toString('base64')),
    decrypt: (sealed) => Promise.resolve(safeStorage.decryptString(Buffer.from(sealed, 'base64'))),
  };
}
