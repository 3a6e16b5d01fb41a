import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, testApp, failure } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, appParams, rootParams } from '../helpers/db';
import { plantedPassword } from '../helpers/planted-passwords';

const { call, session } = testApp();
const ALICE_PW = plantedPassword('itOperatorAlice');
const ALICE_NEW_PW = plantedPassword('itOperatorAliceNew');
const HELPER_PW = plantedPassword('itOperatorHelper');

describe.skipIf(!realSchemaAvailable())('operator management on the real OCS schema', () => {
  let db = '';
  let k: Knex;
  let admin: Session;
  const loginAs = async (login: string, password: string): Promise<Session> => {
    const s = session();
    await call(s, 'connection.open', appParams(db));
    await call(s, 'auth.login', { login, password });
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
    const u = await call(admin, 'operators.create', {
      login: 'alice',
      password: ALICE_PW,
      profile: 'read-only',
      firstName: 'Alice',
      email: 'alice@example.org',
    });
    expect(u).toMatchObject({
      login: 'alice',
      rights: ['browse'],
      profile: 'read-only',
      hashScheme: 'bcrypt',
      tags: [],
      restricted: false,
    });
    const a = await call(admin, 'operators.create', {
      login: 'root2',
      password: 'root2-pass-1',
      profile: 'SAdmin',
    });
    expect(a).toMatchObject({ profile: 'sadmin' });
    expect(a.rights).toContain('manageOperators');
    const row = (await k('operators').where('ID', 'alice').first()) as Record<string, unknown>;
    expect(row).toMatchObject({
      PASSWORD_VERSION: 1,
      FIRSTNAME: 'Alice',
      EMAIL: 'alice@example.org',
      NEW_ACCESSLVL: 'read-only',
    });
    const s = await loginAs('alice', ALICE_PW);
    expect(s.operator).toMatchObject({ id: 'alice', rights: ['browse'], mustChangePassword: false });
    expect((await failure(call(s, 'operators.list'))).code).toBe('FORBIDDEN');
    await s.dispose();
  });

  it('refuses duplicates (case-insensitive) and weak passwords', async () => {
    expect(
      (
        await failure(
          call(admin, 'operators.create', { login: 'ALICE', password: 'xxxx-yyyy-1', profile: 'admin' }),
        )
      ).code,
    ).toBe('CONFLICT');
    const weak = await failure(
      call(admin, 'operators.create', { login: 'bob', password: 'bob', profile: 'admin' }),
    );
    expect(weak.code).toBe('AUTH_WEAK_PASSWORD');
    expect(await k('operators').where('ID', 'bob').first()).toBeUndefined();
  });

  it('updates names, email and the profile', async () => {
    await k('operators').insert({
      ID: 'ocsadmin',
      PASSWD: createHash('sha256').update('x').digest('hex'),
      PASSWORD_VERSION: 2,
      NEW_ACCESSLVL: 'admin',
    });
    const same = await call(admin, 'operators.update', {
      login: 'ocsadmin',
      lastName: 'Martin',
    });
    expect(same).toMatchObject({ profile: 'admin', lastName: 'Martin' });
    expect(same.rights).toEqual(
      expect.arrayContaining(['editAdminData', 'deleteComputers', 'mergeDuplicates', 'identifyDevices']),
    );
    expect(same.rights).not.toContain('configure');
    const up = await call(admin, 'operators.update', {
      login: 'ocsadmin',
      profile: 'sadmin',
      email: '',
    });
    expect(up).toMatchObject({ profile: 'sadmin', email: null });
    const down = await call(admin, 'operators.update', { login: 'ocsadmin', profile: 'admin' });
    expect(down.profile).toBe('admin');
    expect((await failure(call(admin, 'operators.update', { login: 'ghost', firstName: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('sets the tag perimeter of a ladmin without ever changing its profile', async () => {
    await call(admin, 'operators.update', { login: 'alice', profile: 'ladmin' });
    const r = await call(admin, 'operators.setTags', {
      login: 'alice',
      tags: ['PARIS', 'LYON-*', 'PARIS'],
    });
    expect(r).toMatchObject({ profile: 'ladmin', restricted: true, tags: ['LYON-*', 'PARIS'] });
    const s = await loginAs('alice', ALICE_PW);
    expect(s.operator?.tags).toEqual(['PARIS']);
    await s.dispose();
    // Tags on a profile that ocsreports does not restrict are refused, not silently turned into ladmin.
    const refused = await failure(call(admin, 'operators.setTags', { login: 'ocsadmin', tags: ['PARIS'] }));
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'tags' } });
    expect((await k('operators').where('ID', 'ocsadmin').first('NEW_ACCESSLVL')) as unknown).toEqual({
      NEW_ACCESSLVL: 'admin',
    });
  });

  // Defect 2 (issue 17): `[]` used to turn a ladmin into read-only, which sees every computer.
  it('never widens a perimeter: [] leaves a ladmin seeing nothing', async () => {
    const back = await call(admin, 'operators.setTags', { login: 'alice', tags: [] });
    expect(back).toMatchObject({ profile: 'ladmin', restricted: true, tags: [] });
    const s = await loginAs('alice', ALICE_PW);
    expect(s.operator?.tags).toEqual([]);
    await s.dispose();
    // Lifting the restriction is an explicit change of profile by an Administrator.
    const lifted = await call(admin, 'operators.update', {
      login: 'alice',
      profile: 'read-only',
    });
    expect(lifted).toMatchObject({ profile: 'read-only', restricted: false });
  });

  // Defect 2: a custom profile with tag rows used to see everything.
  it('restricts a custom profile with tag rows, and refuses to lift that by removing its tags', async () => {
    await call(admin, 'operators.create', {
      login: 'helper',
      password: HELPER_PW,
      profile: 'helpdesk',
      tags: ['PARIS'],
    });
    const s = await loginAs('helper', HELPER_PW);
    expect(s.operator).toMatchObject({ profile: 'helpdesk', rights: ['browse'], tags: ['PARIS'] });
    await s.dispose();
    const e = await failure(call(admin, 'operators.setTags', { login: 'helper', tags: [] }));
    expect(e.code).toBe('CONFLICT');
    expect(await k('tags').where('Login', 'helper').select('Tag')).toEqual([{ Tag: 'PARIS' }]);
  });

  // Defect 12: custom profiles get the least rights unless an Administrator maps them.
  it('maps a custom profile to a shipped one, and back to the least rights', async () => {
    const before = await call(admin, 'operators.profiles');
    expect(before.find((p) => p.profile === 'helpdesk')).toMatchObject({
      rights: ['browse'],
      mappedAs: null,
    });
    expect(before.map((p) => p.profile)).toEqual(
      expect.arrayContaining(['sadmin', 'admin', 'ladmin', 'read-only']),
    );
    const mapped = await call(admin, 'operators.mapProfile', {
      profile: 'helpdesk',
      as: 'ladmin',
    });
    expect(mapped).toMatchObject({ mappedAs: 'ladmin', restricted: true, operators: 1 });
    expect(mapped.rights).toContain('editAdminData');
    const s = await loginAs('helper', HELPER_PW);
    expect(s.operator?.rights).toContain('deleteComputers');
    expect(s.operator?.tags).toEqual(['PARIS']);
    await s.dispose();
    // Unmapped while its operator is logged in: the next write is refused at once.
    const live = await loginAs('helper', HELPER_PW);
    await call(admin, 'operators.mapProfile', { profile: 'helpdesk', as: null });
    const refused = await failure(call(live, 'computers.setAdminData', { id: 1, values: {} }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(live.operator?.rights).toEqual(['browse']);
    await live.dispose();
    const shipped = await failure(call(admin, 'operators.mapProfile', { profile: 'admin', as: 'sadmin' }));
    expect(shipped.code).toBe('VALIDATION_FAILED');
  });

  it('resets a password', async () => {
    await call(admin, 'operators.resetPassword', { login: 'alice', password: ALICE_NEW_PW });
    const s = await loginAs('alice', ALICE_NEW_PW);
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
    const weak = await call(admin, 'operators.weakHashes');
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
    expect(
      (await failure(call(admin, 'operators.update', { login: 'admin', profile: 'read-only' }))).code,
    ).toBe('CONFLICT');
    // root2 may go: admin stays.
    await call(admin, 'operators.delete', { login: 'root2' });
    // Now admin is the last one: another admin session cannot demote or delete it.
    const other = session();
    await call(other, 'connection.open', appParams(db));
    other.operator = { ...ADMIN, id: 'someone-else' };
    expect((await failure(call(other, 'operators.delete', { login: 'admin' }))).code).toBe('CONFLICT');
    expect(
      (await failure(call(other, 'operators.update', { login: 'admin', profile: 'read-only' }))).code,
    ).toBe('CONFLICT');
    await other.dispose();
    // Deleting an operator removes its tags too.
    await call(admin, 'operators.update', { login: 'alice', profile: 'ladmin' });
    await call(admin, 'operators.setTags', { login: 'alice', tags: ['X'] });
    await call(admin, 'operators.delete', { login: 'alice' });
    expect(await k('tags').where('Login', 'alice').first()).toBeUndefined();
    expect((await call(admin, 'operators.list')).map((o) => o.login)).not.toContain('alice');
  });
});
