import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import type { KeyType } from '../../shared/contract/certificates';
import { AppError } from '../platform/errors';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Node's native key generation (OpenSSL underneath, off the main thread). */
export function generateKey(type: KeyType): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) =>
      err ? reject(err) : resolve({ publicKey, privateKey });
    if (type === 'ecdsa-p256') {
      generateKeyPair('ec', { namedCurve: 'prime256v1' }, done);
    } else {
      const modulusLength = Number(type.slice(3));
      generateKeyPair('rsa', { modulusLength, publicExponent: 0x10001 }, done);
    }
  });
}

/** PKCS#8 PEM, clear ("PRIVATE KEY") or AES-256-CBC encrypted with a passphrase ("ENCRYPTED PRIVATE KEY"). */
export function privateKeyPem(key: KeyObject, passphrase?: string): string {
  if (passphrase) {
    return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
  }
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** Reads a PEM private key (clear or encrypted), with clear messages for a wrong passphrase. */
export function readPrivateKey(pem: string, file: string, passphrase?: string): KeyObject {
  const encrypted = /-----BEGIN (ENCRYPTED PRIVATE KEY|RSA PRIVATE KEY-----\s*Proc-Type: 4,ENCRYPTED)/.test(
    pem,
  );
  if (encrypted && !passphrase) {
    throw new AppError('CERT_INVALID', { detail: `${file} is encrypted: enter its passphrase` });
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: passphrase ?? '' });
  } catch (e) {
    if (encrypted) {
      throw new AppError('CERT_INVALID', { detail: `wrong passphrase for the key ${file}` }, { cause: e });
    }
    throw new AppError('FILE_INVALID', { path: file, reason: 'not a PEM private key' }, { cause: e });
  }
}

export function describeKey(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return `RSA ${key.asymmetricKeyDetails?.modulusLength ?? '?'}`;
  if (key.asymmetricKeyType === 'ec') {
    const c = key.asymmetricKeyDetails?.namedCurve;
    return c === 'prime256v1' ? 'ECDSA P-256' : `ECDSA ${c ?? '?'}`;
  }
  return key.asymmetricKeyType ?? 'unknown';
}
