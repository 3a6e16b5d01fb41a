import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src-main/app/compose';
import { resolveConnection, type DbFlags } from '../../src-main/cli/db-options';
import { createPool } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import { Session } from '../../src-main/platform/rpc/session';
import { KeyFileSecretBox } from '../../src-main/profiles/secret-box';
import { createEmptyDb, dropDb, ROOT } from '../helpers/db';
import { startFakeMysql } from '../helpers/fake-mysql';
import { callerOf } from '../helpers/app';
import { failure } from '../helpers/failure';

const RO_USER = `ocsdesk_ro_${process.pid}`;
const RO_PASS = 'Replica-Secret-77';

describe('connection profiles', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-cfg-'));
  const app = composeApp({ checkOutputs: true, configDir: dir });
  const call = callerOf(app);
  let db = '';

  beforeAll(async () => {
    db = await createEmptyDb();
    const k = await createPool(ROOT, { database: null, max: 1 });
    try {
      await k.raw('CREATE USER ?@? IDENTIFIED BY ?', [RO_USER, '%', RO_PASS]);
      await k.raw(`GRANT SELECT ON ${db}.* TO ?@?`, [RO_USER, '%']);
    } finally {
      await k.destroy();
    }
  });
  afterAll(async () => {
    const k = await createPool(ROOT, { database: null, max: 1 });
    try {
      await k.raw('DROP USER IF EXISTS ?@?', [RO_USER, '%']);
    } finally {
      await k.destroy();
    }
    if (db) await dropDb(db);
  });

  it('saves profiles with encrypted passwords, in a 0600 file, and never returns a password', async () => {
    const s = new Session();
    const out = await call(s, 'profiles.save', {
      name: 'Main',
      host: ROOT.host,
      port: ROOT.port,
      database: db,
      user: ROOT.user,
      password: 'not-really-root-pw',
      replica: { host: ROOT.host, port: ROOT.port, user: RO_USER, password: RO_PASS },
    });
    expect(out).toMatchObject({
      name: 'Main',
      hasPassword: true,
      replica: { user: RO_USER, hasPassword: true },
    });
    expect(JSON.stringify(out)).not.toMatch(/not-really|Replica-Secret/);
    const file = path.join(dir, 'profiles.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/not-really|Replica-Secret/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const list = await call(s, 'profiles.list');
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toMatch(/not-really|Replica-Secret|"password"/);
  });

  it('keeps the stored password when saving without one, and clears it with an empty one', async () => {
    const s = new Session();
    // Root has an empty password on the test server: store that, keep the replica's.
    await call(s, 'profiles.save', {
      name: 'Main',
      host: ROOT.host,
      port: ROOT.port,
      database: db,
      user: ROOT.user,
      password: ROOT.password,
      replica: { host: ROOT.host, port: ROOT.port, user: RO_USER },
    });
    const [p] = await call(s, 'profiles.list');
    expect(p).toMatchObject({ hasPassword: ROOT.password !== '', replica: { hasPassword: true } });
    await call(s, 'profiles.save', {
      name: 'Other',
      host: '127.0.0.1',
      port: 1,
      database: 'x',
      user: 'u',
      password: 'p',
    });
    const renamed = await call(s, 'profiles.save', {
      name: 'Closed port',
      previousName: 'other',
      host: '127.0.0.1',
      port: 1,
      database: 'x',
      user: 'u',
    });
    expect(renamed.hasPassword).toBe(true);
    const dup = await call(s, 'profiles.save', {
      name: 'MAIN',
      previousName: 'Closed port',
      host: 'h',
      database: 'x',
      user: 'u',
    }).catch((e: AppError) => e);
    expect((dup as AppError).code).toBe('CONFLICT');
    expect((await call(s, 'profiles.list')).map((x) => x.name)).toEqual(['Closed port', 'Main']);
  });

  it('connects a session through a profile, with list/search reads on the replica', async () => {
    const s = new Session();
    const info = await call(s, 'profiles.connect', { name: 'main' });
    expect(info.database).toBe(db);
    expect(await call(s, 'profiles.current')).toEqual({ name: 'Main' });
    const [primary] = (await s.db!.knex.raw('SELECT CURRENT_USER() AS u')) as [Array<{ u: string }>];
    const [replica] = (await s.db!.read.raw('SELECT CURRENT_USER() AS u')) as [Array<{ u: string }>];
    expect(primary[0]!.u).toMatch(/^root@/);
    expect(replica[0]!.u).toBe(`${RO_USER}@%`);
    expect(s.db!.read).not.toBe(s.db!.knex);
    await call(s, 'connection.close');
    expect(await call(s, 'profiles.current')).toEqual({ name: null });
    await s.dispose();
    // The connection screen and the menu list the most recently used first, then by name.
    const list = await call(s, 'profiles.list');
    expect(list.map((x) => x.name)).toEqual(['Main', 'Closed port']);
    expect(list[0]!.lastUsedAt).toBeTruthy();
    expect(list[1]!.lastUsedAt).toBeNull();
  });

  it('gives the CLI the decrypted parameters of --profile', async () => {
    const flags: DbFlags = {
      host: 'h',
      port: '3306',
      database: 'd',
      user: 'u',
      passwordEnv: 'NOPE',
      profile: 'main',
    };
    const old = process.env.OCS_DESK_CONFIG_DIR;
    process.env.OCS_DESK_CONFIG_DIR = dir;
    try {
      const r = await resolveConnection(flags);
      expect(r.primary).toMatchObject({
        host: ROOT.host,
        database: db,
        user: ROOT.user,
        password: ROOT.password,
      });
      expect(r.replica).toMatchObject({ user: RO_USER, password: RO_PASS, database: db });
    } finally {
      if (old === undefined) delete process.env.OCS_DESK_CONFIG_DIR;
      else process.env.OCS_DESK_CONFIG_DIR = old;
    }
    expect((await resolveConnection({ ...flags, profile: undefined })).primary).toMatchObject({
      host: 'h',
      user: 'u',
    });
  });

  it('names the failure of a profile whose server is down, and unknown profiles', async () => {
    const s = new Session();
    const down = await call(s, 'profiles.connect', { name: 'Closed port' }).catch((e: AppError) => e);
    expect((down as AppError).code).toBe('DB_UNREACHABLE');
    expect(s.db).toBeNull();
    const none = await call(s, 'profiles.connect', { name: 'nope' }).catch((e: AppError) => e);
    expect((none as AppError).code).toBe('NOT_FOUND');
  });

  it('deletes profiles', async () => {
    const s = new Session();
    await call(s, 'profiles.delete', { name: 'closed port' });
    expect((await call(s, 'profiles.list')).map((x) => x.name)).toEqual(['Main']);
    const again = await call(s, 'profiles.delete', { name: 'closed port' }).catch((e: AppError) => e);
    expect((again as AppError).code).toBe('NOT_FOUND');
  });

  it('never sends a stored password to a server it was not saved for (fake server on another port)', async () => {
    const fake = await startFakeMysql();
    const s = new Session();
    const file = path.join(dir, 'profiles.json');
    const real = { name: 'Moving', host: ROOT.host, port: ROOT.port, database: db, user: RO_USER };
    const edit = (fn: (p: Record<string, unknown>) => void) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<Record<string, unknown>> };
      fn(doc.profiles.find((p) => p.name === 'Moving')!);
      writeFileSync(file, JSON.stringify(doc));
    };
    try {
      await call(s, 'profiles.save', { ...real, password: RO_PASS });
      expect((await call(s, 'profiles.connect', { name: 'Moving' })).database).toBe(db);

      // 1. Saving another port (or host, or user) without typing the password drops it.
      const moved = await call(s, 'profiles.save', { ...real, port: fake.port });
      expect(moved.hasPassword).toBe(false);
      const r1 = await failure(call(s, 'profiles.connect', { name: 'Moving' }));
      expect(r1.code).toBe('DB_AUTH_FAILED');
      expect(fake.clients).toHaveLength(1);
      expect(fake.clients[0]).toMatchObject({ user: RO_USER, password: null });
      expect(fake.clients[0]!.token).toHaveLength(0);
      for (const change of [{ host: 'localhost' }, { user: 'someone' }]) {
        await call(s, 'profiles.save', { ...real, password: RO_PASS });
        expect((await call(s, 'profiles.save', { ...real, ...change })).hasPassword).toBe(false);
      }
      // The read replica likewise (its port used to be ignored).
      await call(s, 'profiles.save', {
        ...real,
        password: RO_PASS,
        replica: { host: ROOT.host, port: ROOT.port, user: RO_USER, password: RO_PASS },
      });
      const rep = await call(s, 'profiles.save', {
        ...real,
        replica: { host: ROOT.host, port: fake.port, user: RO_USER },
      });
      expect(rep).toMatchObject({ hasPassword: true, replica: { hasPassword: false } });

      // 2. A profiles file edited behind OCS Desk's back: nothing is sent without a confirmation.
      await call(s, 'profiles.save', { ...real, password: RO_PASS, replica: null });
      edit((p) => (p.port = fake.port));
      const before = fake.connections();
      const asked = await failure(call(s, 'profiles.connect', { name: 'Moving' }));
      expect(asked.code).toBe('DB_PASSWORD_SERVER_CHANGED');
      expect(asked.params).toMatchObject({
        server: `${RO_USER}@127.0.0.1:${fake.port}`,
        savedFor: `${RO_USER}@${ROOT.host}:${ROOT.port}`,
      });
      expect(fake.connections()).toBe(before);
      // TLS that verifies the server may go ahead (this fake has no TLS, so nothing is sent).
      edit((p) => (p.tls = { enabled: true, verifyServer: true }));
      expect((await failure(call(s, 'profiles.connect', { name: 'Moving' }))).code).toBe('DB_TLS_FAILED');
      expect(fake.clients).toHaveLength(1);
      // An explicit confirmation sends it: the fake server reads it, which is what the gate prevents.
      edit((p) => delete p.tls);
      await failure(call(s, 'profiles.connect', { name: 'Moving', confirmServer: true }));
      expect(fake.clients.at(-1)!.password).toBe(RO_PASS);

      // 3. Passwords sealed by an older version (no server inside): confirmed once, then bound.
      edit((p) => (p.port = ROOT.port));
      const legacy = await new KeyFileSecretBox(dir).encrypt(RO_PASS);
      edit((p) => (p.password = { box: 'key-file', data: legacy }));
      expect((await failure(call(s, 'profiles.connect', { name: 'Moving' }))).code).toBe(
        'DB_PASSWORD_SERVER_CHANGED',
      );
      await call(s, 'profiles.connect', { name: 'Moving', confirmServer: true });
      expect((await call(s, 'profiles.connect', { name: 'Moving' })).database).toBe(db);
      expect(readFileSync(file, 'utf8')).not.toContain(legacy);
      await call(s, 'profiles.delete', { name: 'Moving' });
    } finally {
      await s.dispose();
      await fake.close();
    }
  });
});
