import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAgentFileBytes } from '../../shared/contract/agentfiles';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, USER, failure, testApp } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

const { call, session, connect } = testApp();

async function withPool<T>(db: string, fn: (k: knexFactory.Knex) => Promise<T>): Promise<T> {
  const p = rootParams(db);
  const k = knexFactory({
    client: 'mysql2',
    connection: { host: p.host, port: p.port, user: p.user, password: p.password ?? '', database: db },
    pool: { min: 0, max: 1 },
  });
  try {
    return await fn(k);
  } finally {
    await k.destroy();
  }
}

async function upload(s: Session, name: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await call(s, 'import.uploadBegin', {});
  await call(s, 'import.uploadChunk', {
    uploadId,
    fileIndex: 0,
    name,
    offset: 0,
    base64: bytes.toString('base64'),
  });
  return uploadId;
}

describe('agent files (deploy table)', () => {
  let db = '';
  let admin: Session;
  let user: Session;
  const work = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-af-'));
  beforeAll(async () => {
    db = await createOcsDb();
    await withPool(db, async (k) => {
      await k('deploy').where('NAME', 'label').del();
      await k('deploy').insert({ NAME: 'label', CONTENT: Buffer.from('Please type your TAG') });
    });
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
  });
  afterAll(async () => {
    await admin?.dispose();
    await user?.dispose();
    if (db) await dropDb(db);
    rmSync(work, { recursive: true, force: true });
  });

  it('adds from a local path and from an upload, lists name and size without the label row, replaces, deletes', async () => {
    const a = randomBytes(3000);
    const local = path.join(work, 'ocsagent.exe');
    writeFileSync(local, a);
    expect(await call(admin, 'agentfiles.add', { path: local })).toEqual({
      name: 'ocsagent.exe',
      size: 3000,
      replaced: false,
    });

    const b = randomBytes(1234);
    const uploadId = await upload(admin, 'ocspackage.exe', b);
    expect(await call(admin, 'agentfiles.add', { uploadId })).toEqual({
      name: 'ocspackage.exe',
      size: 1234,
      replaced: false,
    });

    let list = await call(user, 'agentfiles.list');
    expect(list.files).toEqual([
      { name: 'ocsagent.exe', size: 3000 },
      { name: 'ocspackage.exe', size: 1234 },
    ]);
    expect(list.maxAllowedPacket).toBeGreaterThan(0);
    expect(list.maxFileBytes).toBe(Math.min(maxAgentFileBytes(list.maxAllowedPacket), 64 * 1024 * 1024));

    // Replace: same name, new bytes; the row content is exactly the new file.
    const c = randomBytes(10);
    writeFileSync(local, c);
    expect(await call(admin, 'agentfiles.add', { path: local })).toMatchObject({ size: 10, replaced: true });
    const stored = await withPool(db, (k) => k('deploy').where('NAME', 'ocsagent.exe').select('CONTENT'));
    expect(Buffer.compare(stored[0].CONTENT as Buffer, c)).toBe(0);

    // A name can be given; the label row is never touched.
    expect((await failure(call(admin, 'agentfiles.add', { path: local, name: 'LABEL' }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await failure(call(admin, 'agentfiles.add', { path: local, name: 'a/b.exe' }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await failure(call(admin, 'agentfiles.delete', { name: 'label' }))).code).toBe(
      'VALIDATION_FAILED',
    );

    await call(admin, 'agentfiles.delete', { name: 'ocspackage.exe' });
    expect((await failure(call(admin, 'agentfiles.delete', { name: 'ocspackage.exe' }))).code).toBe(
      'NOT_FOUND',
    );
    list = await call(user, 'agentfiles.list');
    expect(list.files.map((f) => f.name)).toEqual(['ocsagent.exe']);
    const label = await withPool(db, (k) => k('deploy').where('NAME', 'label').select('CONTENT'));
    expect(String(label[0].CONTENT)).toBe('Please type your TAG');

    expect(
      (await failure(call(admin, 'agentfiles.add', { path: path.join(work, 'missing.exe') }))).code,
    ).toBe('FILE_NOT_FOUND');
  });

  it('refuses a User (list is allowed)', async () => {
    const local = path.join(work, 'user.exe');
    writeFileSync(local, 'x');
    expect((await failure(call(user, 'agentfiles.add', { path: local }))).code).toBe('FORBIDDEN');
    expect((await failure(call(user, 'agentfiles.delete', { name: 'ocsagent.exe' }))).code).toBe('FORBIDDEN');
    expect((await failure(call(user, 'import.uploadBegin', {}))).code).toBe('FORBIDDEN');
  });

  it('stores a file at the max_allowed_packet limit and refuses one byte more with DB_PACKET_TOO_LARGE', async () => {
    const { maxFileBytes } = await call(admin, 'agentfiles.list');
    const big = path.join(work, 'big.exe');
    writeFileSync(big, randomBytes(maxFileBytes));
    expect(await call(admin, 'agentfiles.add', { path: big })).toMatchObject({ size: maxFileBytes });
    writeFileSync(big, randomBytes(maxFileBytes + 1));
    const e = await failure(call(admin, 'agentfiles.add', { path: big }));
    expect(e.code).toBe('DB_PACKET_TOO_LARGE');
    expect(e.params).toMatchObject({ size: maxFileBytes + 1, max: maxFileBytes });
    // The connection is still usable and the earlier file is intact.
    const list = await call(admin, 'agentfiles.list');
    expect(list.files.find((f) => f.name === 'big.exe')?.size).toBe(maxFileBytes);
    await call(admin, 'agentfiles.delete', { name: 'big.exe' });
  });

  const noStack = stackUnavailableReason();
  it.skipIf(!!noStack)(
    'the real comm server serves the stored bytes at /ocsinventory/deploy/<name> when DEPLOY=1',
    async () => {
      const bytes = randomBytes(50_000);
      const uploadId = await upload(admin, 'ocs-served.exe', bytes);
      await call(admin, 'agentfiles.add', { uploadId });
      await withPool(db, async (k) => {
        await k('config').where('NAME', 'DEPLOY').del();
        await k('config').insert({ NAME: 'DEPLOY', IVALUE: 1, TVALUE: null, COMMENTS: 'test' });
      });
      expect((await call(user, 'agentfiles.list')).deployValue).toBe(1);
      await withStackLock(async () => {
        await stack('use-db', db);
        try {
          const res = await fetch(`${STACK_ENV.serverUrl}/deploy/ocs-served.exe`);
          expect(res.status).toBe(200);
          expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), bytes)).toBe(0);
          // DEPLOY=0: the comm server refuses to serve it (the page warns about this).
          await withPool(db, (k) => k('config').where('NAME', 'DEPLOY').update({ IVALUE: 0 }));
          const off = await fetch(`${STACK_ENV.serverUrl}/deploy/ocs-served.exe`);
          expect(off.status).not.toBe(200);
          await off.arrayBuffer();
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
    },
    120_000,
  );
});
