import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  isDefaultPassword,
  passwordProblem,
  schemeOf,
  stripTags,
  verifyPassword,
} from './passwords';

const SEED_BCRYPT = '$2y$10$1HpmlSx7CW/nitCCSM5h.Od6m/C8Go2xoPzISnt0jnXKkoM3vFhLi';
const SHA_ADMIN = '8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918';
const MD5_ADMIN = '21232f297a57a5a743894a0e4a801fc3';

describe('operator password schemes', () => {
  it('verifies the bcrypt hash the OCS schema seeds for admin/admin', async () => {
    expect(schemeOf(SEED_BCRYPT, 1)).toBe('bcrypt');
    expect(await verifyPassword('admin', SEED_BCRYPT, 1)).toBe(true);
    expect(await verifyPassword('Admin', SEED_BCRYPT, 1)).toBe(false);
  });

  it('verifies unsalted SHA-256 (version 2) and MD5 (version 0)', async () => {
    expect(await verifyPassword('admin', SHA_ADMIN, 2)).toBe(true);
    expect(await verifyPassword('admin ', SHA_ADMIN, 2)).toBe(false);
    expect(await verifyPassword('admin', MD5_ADMIN, 0)).toBe(true);
    expect(await verifyPassword('nope', MD5_ADMIN, 0)).toBe(false);
  });

  it('keeps the MD5 quirks: case-insensitive hex, tag-stripped input', async () => {
    expect(await verifyPassword('admin', MD5_ADMIN.toUpperCase(), 0)).toBe(true);
    expect(stripTags('<b>admin</b>')).toBe('admin');
    expect(await verifyPassword('<b>admin</b>', MD5_ADMIN, 0)).toBe(true);
  });

  it('goes by the hash shape when PASSWORD_VERSION is NULL or stale', async () => {
    expect(await verifyPassword('admin', MD5_ADMIN, null)).toBe(true);
    expect(await verifyPassword('admin', SHA_ADMIN, 0)).toBe(true);
    expect(await verifyPassword('admin', SEED_BCRYPT, 2)).toBe(true);
    expect(await verifyPassword('admin', null, 1)).toBe(false);
    expect(await verifyPassword('admin', 'garbage', 1)).toBe(false);
  });

  it('writes bcrypt with the $2y$ prefix PHP expects, version 1', async () => {
    const h = await hashPassword('s3cret-pass');
    expect(h.version).toBe(1);
    expect(h.passwd).toMatch(/^\$2y\$11\$.{53}$/);
    expect(await verifyPassword('s3cret-pass', h.passwd, 1)).toBe(true);
  });

  it('flags default passwords and weak new ones', () => {
    expect(isDefaultPassword('admin', 'admin')).toBe(true);
    expect(isDefaultPassword('bob', 'BOB')).toBe(true);
    expect(isDefaultPassword('bob', 'correct horse')).toBe(false);
    expect(passwordProblem('bob', 'short')).toMatch(/8/);
    expect(passwordProblem('bob', 'admin')).not.toBeNull();
    expect(passwordProblem('bobbobbob', 'BOBBOBBOB')).not.toBeNull();
    expect(passwordProblem('bob', 'aaaaaaaaaa')).not.toBeNull();
    expect(passwordProblem('bob', 'correct horse')).toBeNull();
  });
});
