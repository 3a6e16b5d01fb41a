import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDb, createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';
import { testApp, failure } from '../helpers/app';

const { call, session } = testApp();

describe('connection routes on the real MariaDB', () => {
  let empty = '';
  let real = '';
  beforeAll(async () => {
    empty = await createEmptyDb();
    if (realSchemaAvailable()) real = await createRealSchemaDb();
  });
  afterAll(async () => {
    await dropDb(empty);
    if (real) await dropDb(real);
  });

  it('reports the server version and an empty database', async () => {
    const info = await call(session(), 'connection.test', rootParams(empty));
    expect(info.flavor).toBe('MariaDB');
    expect(info.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.schema).toEqual({ state: 'missing', guiVersion: null, tables: 0, computers: null });
  });

  it.skipIf(!realSchemaAvailable())('recognises the schema the real OCS package ships', async () => {
    const info = await call(session(), 'connection.test', rootParams(real));
    expect(info.schema.guiVersion).toBe('7039');
    expect(info.schema.state).toBe('old');
    expect(info.schema.computers).toBe(0);
    expect(info.schema.tables).toBeGreaterThan(80);
  });

  it('names a wrong password, an unknown database and an unreachable host', async () => {
    const s = session();
    const bad = await failure(
      call(s, 'connection.test', { ...rootParams(empty), password: 'definitely-wrong' }),
    );
    expect(bad.code).toBe('DB_AUTH_FAILED');
    expect(bad.params.user).toBe('root');
    const unknown = await failure(call(s, 'connection.test', rootParams('no_such_db_xyz')));
    expect(unknown.code).toBe('DB_UNKNOWN_DATABASE');
    expect(unknown.params.database).toBe('no_such_db_xyz');
    const down = await failure(call(s, 'connection.test', { ...rootParams(empty), port: 1 }));
    expect(down.code).toBe('DB_UNREACHABLE');
  });

  it('rejects invalid parameters before touching the network', async () => {
    const e = await failure(
      call(session(), 'connection.test', { ...rootParams(empty), database: 'x; DROP' }),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields?.[0]?.path).toBe('database');
  });

  it('keeps the connection of a session and closes it', async () => {
    const s = session();
    await call(s, 'connection.open', rootParams(empty));
    expect(await call(s, 'connection.status')).toMatchObject({ connected: true, database: empty });
    await call(s, 'connection.close');
    expect(await call(s, 'connection.status')).toMatchObject({ connected: false });
  });
});
