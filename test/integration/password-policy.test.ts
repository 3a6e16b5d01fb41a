import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { failure, testApp } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';

const { call, session } = testApp();

/** The OCS password policy (config SECURITY_PASSWORD_*), as ocsreports 2.11.1 enforces it. */
describe.skipIf(!realSchemaAvailable())('OCS password policy on operator passwords', () => {
  let db = '';
  let k: Knex;
  let admin: Session;
  const setPolicy = async (values: Record<string, number>) => {
    for (const [name, v] of Object.entries(values)) {
      await k('config').where('NAME', name).del();
      await k('config').insert({ NAME: name, IVALUE: v, TVALUE: '', COMMENTS: '' });
    }
  };
  const refused = async (p: Promise<unknown>) => {
    const e = await failure(p);
    expect(e.code).toBe('AUTH_PASSWORD_POLICY');
    return e.params;
  };

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    admin = session();
    await call(admin, 'connection.open', rootParams(db));
    await call(admin, 'auth.login', { login: 'admin', password: 'admin' });
    await call(admin, 'auth.changePassword', { currentPassword: 'admin', newPassword: 'Admin-pass-42' });
    await setPolicy({
      SECURITY_PASSWORD_ENABLED: 1,
      SECURITY_PASSWORD_MIN_CHAR: 10,
      SECURITY_PASSWORD_FORCE_NB: 1,
      SECURITY_PASSWORD_FORCE_UPPER: 1,
      SECURITY_PASSWORD_FORCE_SPE_CHAR: 1,
    });
  });
  afterAll(async () => {
    await admin?.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('refuses "abcdefgh" on operators.create, naming every broken rule', async () => {
    const p = await refused(
      call(admin, 'operators.create', { login: 'bob', password: 'abcdefgh', profile: 'read-only' }),
    );
    expect(p).toMatchObject({ context: 'length', rules: 'length,digit,upper,special', min: 10 });
    expect(await k('operators').where('ID', 'bob').first()).toBeUndefined();
    await call(admin, 'operators.create', { login: 'bob', password: 'Abcdefgh1!', profile: 'read-only' });
  });

  it('checks each rule as ocsreports does (ASCII digit and capital, its special list, bytes)', async () => {
    const reset = (password: string) => call(admin, 'operators.resetPassword', { login: 'bob', password });
    expect(await refused(reset('abcdefgh1!'))).toMatchObject({ context: 'upper', rules: 'upper' });
    expect(await refused(reset('Abcdefghi!'))).toMatchObject({ context: 'digit' });
    // A double quote is not in ocsreports' list of special characters; a space is.
    expect(await refused(reset('Abcdefgh1"'))).toMatchObject({ context: 'special' });
    expect(await reset('Abcdefgh1 x')).toEqual({ ok: true });
    // Non-ASCII capitals and digits do not count; length is PHP strlen, i.e. UTF-8 bytes.
    expect(await refused(reset('Ébcdefgh١!'))).toMatchObject({ rules: 'digit,upper' });
    expect(await reset('Aé1!éééé')).toEqual({ ok: true }); // 8 characters, 13 bytes
    expect(await refused(reset('Aa1!aaaa'))).toMatchObject({ context: 'length' });
  });

  it("applies to changing one's own password", async () => {
    const s = session();
    await call(s, 'connection.open', rootParams(db));
    await call(s, 'auth.login', { login: 'bob', password: 'Aé1!éééé' });
    const p = await refused(
      call(s, 'auth.changePassword', { currentPassword: 'Aé1!éééé', newPassword: 'longer-but-lower-1!' }),
    );
    expect(p).toMatchObject({ context: 'upper' });
    await call(s, 'auth.changePassword', { currentPassword: 'Aé1!éééé', newPassword: 'Longer-and-1!' });
    await s.dispose();
  });

  it("is off unless SECURITY_PASSWORD_ENABLED is 1 (OCS Desk's own minimum still holds)", async () => {
    await setPolicy({ SECURITY_PASSWORD_ENABLED: 0 });
    await call(admin, 'operators.resetPassword', { login: 'bob', password: 'abcdefgh' });
    expect(
      (await failure(call(admin, 'operators.resetPassword', { login: 'bob', password: 'abc' }))).code,
    ).toBe('AUTH_WEAK_PASSWORD');
  });
});
