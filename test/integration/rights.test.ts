import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src-main/auth/passwords';
import { createPool } from '../../src-main/platform/db/connect';
import type { Session } from '../../src-main/platform/rpc/session';
import { failure, testApp } from '../helpers/app';
import { appParams, createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';
import { addComputer } from '../helpers/duplicates-seed';

/**
 * Operators who really log in (rows in `operators`, bcrypt hashes) with the profiles ocsreports 2.11
 * ships, on the schema the real OCS package creates. Issue 17, defects 12 (rights of the shipped
 * profiles) and 7 (a demoted or deleted operator loses the rights at once for writes).
 */
const { call, callByName, session } = testApp();

describe.skipIf(!realSchemaAvailable())('rights of logged-in operators', () => {
  let db = '';
  let k: Knex;
  let pc = 0;
  const open: Session[] = [];

  const loginAs = async (login: string): Promise<Session> => {
    const s = session();
    open.push(s);
    await call(s, 'connection.open', appParams(db));
    await call(s, 'auth.login', { login, password: `${login}-pass-1` });
    return s;
  };
  const addOperator = async (login: string, profile: string) => {
    const h = await hashPassword(`${login}-pass-1`);
    await k('operators').insert({
      ID: login,
      PASSWD: h.passwd,
      PASSWORD_VERSION: h.version,
      NEW_ACCESSLVL: profile,
    });
  };
  const tagOf = async (id: number) =>
    ((await k('accountinfo').where('HARDWARE_ID', id).first('TAG')) as { TAG: string }).TAG;

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    pc = await addComputer(k, {
      deviceId: 'PC-RIGHTS-2026-01-01-00-00-00',
      name: 'pc-rights',
      ssn: 'SSN-R',
      macs: ['00:11:22:33:44:55'],
      lastCome: '2026-11-01 10:00:00',
      tag: 'PARIS',
    });
    await addOperator('boss', 'sadmin');
    await addOperator('ocsadm', 'admin');
    await addOperator('viewer', 'read-only');
  });
  afterAll(async () => {
    for (const s of open) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  // Defect 12: ocsreports' admin.xml grants CHANGE_ACCOUNTINFO and DELETE_COMPUTERS; OCS Desk refused both.
  it('lets an OCS admin edit admin data, and refuses it configuration, operators and package activation', async () => {
    const s = await loginAs('ocsadm');
    const me = (await call(s, 'auth.me'))!;
    expect(me).toMatchObject({ login: 'ocsadm', profile: 'admin', tags: null });
    expect(me.rights).toEqual(
      expect.arrayContaining([
        'browse',
        'editAdminData',
        'deleteComputers',
        'mergeDuplicates',
        'identifyDevices',
      ]),
    );
    await call(s, 'computers.setAdminData', { id: pc, values: { TAG: 'LYON' } });
    expect(await tagOf(pc)).toBe('LYON');
    for (const [route, input] of [
      ['options.set', { changes: [{ name: 'FREQUENCY', value: 1 }] }],
      ['operators.list', {}],
      ['packages.activate', { fileId: '1' }],
      ['packages.assign', {}],
      ['ipdiscover.saveSubnet', {}],
      ['import.run', {}],
    ] as const) {
      const e = await failure(callByName(s, route, input));
      expect(e.code, route).toBe('FORBIDDEN');
    }
  });

  it('keeps read-only to browsing', async () => {
    const s = await loginAs('viewer');
    expect((await call(s, 'auth.me'))!.rights).toEqual(['browse']);
    expect((await failure(call(s, 'computers.setAdminData', { id: pc, values: { TAG: 'X' } }))).code).toBe(
      'FORBIDDEN',
    );
    expect(await tagOf(pc)).toBe('LYON');
  });

  // Defect 7: the rights were read at login only.
  it('refuses the next write of an operator demoted in the database, and the DB stays unchanged', async () => {
    const s = await loginAs('ocsadm');
    await call(s, 'computers.setAdminData', { id: pc, values: { TAG: 'BEFORE' } });
    await k('operators').where('ID', 'ocsadm').update({ NEW_ACCESSLVL: 'read-only' });
    const e = await failure(call(s, 'computers.setAdminData', { id: pc, values: { TAG: 'AFTER' } }));
    expect(e.code).toBe('FORBIDDEN');
    expect(await tagOf(pc)).toBe('BEFORE');
    expect((await call(s, 'auth.me'))!.rights).toEqual(['browse']);
    await k('operators').where('ID', 'ocsadm').update({ NEW_ACCESSLVL: 'admin' });
  });

  it('logs out an operator deleted in the database at its next write', async () => {
    await addOperator('gone', 'sadmin');
    const s = await loginAs('gone');
    await k('operators').where('ID', 'gone').del();
    const e = await failure(
      call(s, 'operators.create', { login: 'x1', password: 'x1-pass-long', profile: 'sadmin' }),
    );
    expect(e.code).toBe('AUTH_REQUIRED');
    expect(s.operator).toBeNull();
    expect(await k('operators').where('ID', 'x1').first()).toBeUndefined();
  });

  it('applies a demotion of an sadmin at once, even with many writes in flight', async () => {
    const s = await loginAs('boss');
    await k('operators').where('ID', 'boss').update({ NEW_ACCESSLVL: 'admin' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        failure(call(s, 'options.set', { changes: [{ name: 'FREQUENCY', value: i + 2 }] })),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(8).fill('FORBIDDEN'));
    const freq = (await k('config').where('NAME', 'FREQUENCY').first('IVALUE')) as
      { IVALUE: number } | undefined;
    expect(freq?.IVALUE ?? 0).toBeLessThan(2);
  });

  // Defect 8: jobs belonged to the session; the next operator on it saw the previous one's jobs.
  it("does not show an Administrator's jobs to the User who logs in next on the same session", async () => {
    await addOperator('jobber', 'sadmin');
    const s = await loginAs('jobber');
    const { jobId } = await call(s, 'computers.createPerfIndexes', {});
    expect((await call(s, 'jobs.list')).map((j) => j.jobId)).toContain(jobId);
    await call(s, 'auth.logout');
    await call(s, 'auth.login', { login: 'viewer', password: 'viewer-pass-1' });
    expect(await call(s, 'jobs.list')).toEqual([]);
    expect((await failure(call(s, 'jobs.get', { jobId }))).code).toBe('JOB_NOT_FOUND');
    expect((await failure(call(s, 'jobs.cancel', { jobId }))).code).toBe('JOB_NOT_FOUND');
    // Logging in again as the Administrator: cleared at logout, not hidden.
    await call(s, 'auth.login', { login: 'jobber', password: 'jobber-pass-1' });
    expect((await failure(call(s, 'jobs.get', { jobId }))).code).toBe('JOB_NOT_FOUND');
  });
});
