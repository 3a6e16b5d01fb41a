import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorInfo } from '../../shared/contract/auth';
import type { OperatorRow } from '../../shared/contract/operators';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { testApp, failure } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, appParams, rootParams } from '../helpers/db';

const { call, session } = testApp();

describe.skipIf(!realSchemaAvailable())('operator management on the real OCS schema', () => {
  let db = '';
  let k: Knex;
  let admin: Session;
  const loginAs = async (login: string, password: string): Promise<Session> => {
    const s = session();
    await call(s, 'connection.open', appParams(db));
    await call<OperatorInfo>(s, 'auth.login', { login, password });
    return s;
  };

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    admin = await loginAs('admin', 'admin');
    await call(admin, 'auth.changePassword', { currentPassword: 'admin', newPassword: 'Admin-pass-42' });
  });
  afterAll(async () => {
    await admin?.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('creates a User and an Administrator with bcrypt version 1 hashes that log in', async () => {
    const u = await call<OperatorRow>(admin, 'operators.create', {
      login: 'alice',
      password: 'alice-pass-1',
      role: 'user',
      firstName: 'Alice',
      email: 'alice@example.org',
    });
    expect(u).toMatchObject({
      login: 'alice',
      role: 'user',
      profile: 'read-only',
      hashScheme: 'bcrypt',
      tags: [],
      restricted: false,
    });
    const a = await call<OperatorRow>(admin, 'operators.create', {
      login: 'root2',
      password: 'root2-pass-1',
      role: 'admin',
    });
    expect(a).toMatchObject({ role: 'admin', profile: 'sadmin' });
    const row = (await k('operators').where('ID', 'alice').first()) as Record<string, unknown>;
    expect(row).toMatchObject({
      PASSWORD_VERSION: 1,
      FIRSTNAME: 'Alice',
      EMAIL: 'alice@example.org',
      NEW_ACCESSLVL: 'read-only',
    });
    const s = await loginAs('alice', 'alice-pass-1');
    expect(s.operator).toMatchObject({ id: 'alice', role: 'user', mustChangePassword: false });
    expect((await failure(call(s, 'operators.list'))).code).toBe('FORBIDDEN');
    await s.dispose();
  });

  it('refuses duplicates (case-insensitive) and weak passwords', async () => {
    expect(
      (
        await failure(
          call(admin, 'operators.create', { login: 'ALICE', password: 'xxxx-yyyy-1', role: 'user' }),
        )
      ).code,
    ).toBe('CONFLICT');
    const weak = await failure(
      call(admin, 'operators.create', { login: 'bob', password: 'bob', role: 'user' }),
    );
    expect(weak.code).toBe('AUTH_WEAK_PASSWORD');
    expect(await k('operators').where('ID', 'bob').first()).toBeUndefined();
  });

  it('updates names, email and role; keeps a finer OCS profile when the role does not change', async () => {
    await k('operators').insert({
      ID: 'ocsadmin',
      PASSWD: createHash('sha256').update('x').digest('hex'),
      PASSWORD_VERSION: 2,
      NEW_ACCESSLVL: 'admin',
    });
    const same = await call<OperatorRow>(admin, 'operators.update', {
      login: 'ocsadmin',
      role: 'user',
      lastName: 'Martin',
    });
    expect(same).toMatchObject({ profile: 'admin', role: 'user', lastName: 'Martin' });
    const up = await call<OperatorRow>(admin, 'operators.update', {
      login: 'ocsadmin',
      role: 'admin',
      email: '',
    });
    expect(up).toMatchObject({ profile: 'sadmin', role: 'admin', email: null });
    const down = await call<OperatorRow>(admin, 'operators.update', { login: 'ocsadmin', role: 'user' });
    expect(down.profile).toBe('read-only');
    expect((await failure(call(admin, 'operators.update', { login: 'ghost', firstName: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('sets the tag perimeter: a User with tags becomes ladmin, without goes back to read-only', async () => {
    const r = await call<OperatorRow>(admin, 'operators.setTags', {
      login: 'alice',
      tags: ['PARIS', 'LYON-*', 'PARIS'],
    });
    expect(r).toMatchObject({ profile: 'ladmin', restricted: true, tags: ['LYON-*', 'PARIS'] });
    const s = await loginAs('alice', 'alice-pass-1');
    expect(s.operator?.tags).toEqual(['PARIS']);
    await s.dispose();
    const back = await call<OperatorRow>(admin, 'operators.setTags', { login: 'alice', tags: [] });
    expect(back).toMatchObject({ profile: 'read-only', restricted: false, tags: [] });
  });

  it('resets a password', async () => {
    await call(admin, 'operators.resetPassword', { login: 'alice', password: 'new-alice-pass' });
    const s = await loginAs('alice', 'new-alice-pass');
    expect(s.operator?.id).toBe('alice');
    await s.dispose();
  });

  it('lists operators with weak (MD5 / unsalted SHA-256) hashes', async () => {
    await k('operators').insert({
      ID: 'old',
      PASSWD: createHash('md5').update('p').digest('hex'),
      PASSWORD_VERSION: 0,
      NEW_ACCESSLVL: 'read-only',
    });
    const weak = await call<Array<{ login: string; hashScheme: string }>>(admin, 'operators.weakHashes');
    expect(weak).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ login: 'old', hashScheme: 'md5' }),
        expect.objectContaining({ login: 'ocsadmin', hashScheme: 'sha256' }),
      ]),
    );
    expect(weak.map((w) => w.login)).not.toContain('alice');
  });

  it('never deletes yourself or the last Administrator', async () => {
    expect((await failure(call(admin, 'operators.delete', { login: 'Admin' }))).code).toBe('CONFLICT');
    expect((await failure(call(admin, 'operators.update', { login: 'admin', role: 'user' }))).code).toBe(
      'CONFLICT',
    );
    // root2 may go: admin stays.
    await call(admin, 'operators.delete', { login: 'root2' });
    // Now admin is the last one: another admin session cannot demote or delete it.
    const other = session();
    await call(other, 'connection.open', appParams(db));
    other.operator = { id: 'someone-else', role: 'admin', mustChangePassword: false, tags: null };
    expect((await failure(call(other, 'operators.delete', { login: 'admin' }))).code).toBe('CONFLICT');
    expect((await failure(call(other, 'operators.update', { login: 'admin', role: 'user' }))).code).toBe(
      'CONFLICT',
    );
    await other.dispose();
    // Deleting a User removes its tags too.
    await call(admin, 'operators.setTags', { login: 'alice', tags: ['X'] });
    await call(admin, 'operators.delete', { login: 'alice' });
    expect(await k('tags').where('Login', 'alice').first()).toBeUndefined();
    expect((await call<OperatorRow[]>(admin, 'operators.list')).map((o) => o.login)).not.toContain('alice');
  });
});
