import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/contract/jobs';
import type { ActivateResult, BuildResult } from '../../shared/contract/packages';
import { createPool } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, USER, testApp, failure, unchecked } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, appParams, rootParams } from '../helpers/db';
import { makePki, serveDownload } from './packages-servers';

const { app, call, callByName, session } = testApp();
const REPO = path.resolve(import.meta.dirname, '../..');

async function job<T>(s: Session, route: string, input: unknown): Promise<T> {
  const { jobId } = (await callByName(s, route, input)) as { jobId: string };
  const info: JobInfo = await app.jobs.wait(jobId);
  if (info.state !== 'succeeded') throw new AppError(info.error!.code, info.error!.params);
  return info.result as T;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe.skipIf(!realSchemaAvailable())('packages on the real MariaDB', () => {
  let db = '';
  let k: Knex;
  let admin: Session;
  let work = '';
  let dl = '';
  let payload = '';
  const hw: number[] = [];

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    admin = session();
    await call(admin, 'connection.open', appParams(db));
    admin.operator = ADMIN;
    work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-pkg-it-'));
    dl = path.join(work, 'download');
    mkdirSync(dl);
    payload = path.join(work, 'payload');
    mkdirSync(payload);
    writeFileSync(path.join(payload, 'run.sh'), '#!/bin/sh\necho deployed > /tmp/x\n');
    writeFileSync(path.join(payload, 'data.txt'), 'x'.repeat(300_000));
    for (const name of ['pc-a', 'pc-b', 'pc-c', 'pc-d']) {
      const [id] = (await k('hardware').insert({
        DEVICEID: `${name}-2024-01-01-00-00-00`,
        NAME: name,
      })) as number[];
      hw.push(Number(id));
    }
    await k('hardware').insert({ DEVICEID: '_SYSTEMGROUP_', NAME: 'a group' });
  });
  afterAll(async () => {
    await admin?.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // Some tests override fields with invalid values on purpose: the router validates them.
  const buildInput = (over: Record<string, unknown> = {}) =>
    unchecked({
      name: 'Hello',
      description: 'unit of deployment',
      os: 'LINUX',
      priority: 1,
      action: 'EXECUTE',
      actionParam: 'sh run.sh',
      source: { kind: 'folder', path: payload },
      fragments: { mode: 'count', count: 3 },
      downloadDir: dl,
      ...over,
    });

  it('builds a folder into info + fragments through a temp folder, and registers it', async () => {
    const r = await job<BuildResult>(admin, 'packages.build', buildInput());
    expect(r.fileId).toMatch(/^\d{10}$/);
    expect(r.format).toBe('tar.gz');
    expect(r.fragments).toBe(3);
    expect(readdirSync(dl)).toEqual([r.fileId]); // no temp folder left
    const files = readdirSync(r.dir).sort();
    expect(files).toEqual(['info', `${r.fileId}-1`, `${r.fileId}-2`, `${r.fileId}-3`].sort());
    const archive = Buffer.concat([1, 2, 3].map((n) => readFileSync(path.join(r.dir, `${r.fileId}-${n}`))));
    expect(archive.length).toBe(r.size);
    expect(md5(archive)).toBe(r.digest);
    const info = readFileSync(path.join(r.dir, 'info'), 'utf8');
    expect(info).toContain(
      `<DOWNLOAD ID="${r.fileId}" PRI="1" ACT="EXECUTE" DIGEST="${r.digest}" PROTO="HTTP" FRAGS="3" DIGEST_ALGO="MD5" DIGEST_ENCODE="Hexa" COMMAND="sh run.sh"`,
    );
    const row = await k('download_available').where('FILEID', r.fileId).first();
    expect(row).toMatchObject({
      NAME: 'Hello',
      PRIORITY: 1,
      FRAGMENTS: 3,
      SIZE: r.size,
      OSNAME: 'LINUX',
      COMMENT: 'unit of deployment',
      DELETED: 0,
    });
    const list = await call(admin, 'packages.list', {});
    expect(list.map((p) => p.fileId)).toContain(r.fileId);
  });

  it('previews fragments for a path and refuses a build by a non-admin', async () => {
    const p = await call(admin, 'packages.previewFragments', {
      path: payload,
      fragments: { mode: 'size', bytes: 100_000 },
    });
    expect(p).toMatchObject({ count: 4, estimated: true });
    const u = session();
    u.db = admin.db;
    u.operator = USER;
    expect((await failure(call(u, 'packages.build', buildInput()))).code).toBe('FORBIDDEN');
  });

  it('refuses a single-member zip for Linux and leaves nothing', async () => {
    const zip = path.join(work, 'one.zip');
    execFileSync('python3', [
      '-c',
      `import zipfile;z=zipfile.ZipFile('${zip}','w');z.writestr('a.sh','echo');z.close()`,
    ]);
    const before = readdirSync(dl);
    const e = await failure(
      job(admin, 'packages.build', buildInput({ source: { kind: 'file', path: zip } })),
    );
    expect(e.code).toBe('FILE_INVALID');
    expect(readdirSync(dl)).toEqual(before);
  });

  it('a cancelled build leaves no folder, no row, no temp folder', async () => {
    const big = path.join(work, 'big.tar.gz');
    writeFileSync(big, Buffer.from([0x1f, 0x8b]));
    truncateSync(big, 400 * 1024 * 1024); // sparse
    const before = readdirSync(dl);
    const rows = await k('download_available').count({ n: '*' }).first();
    const { jobId } = await call(
      admin,
      'packages.build',
      buildInput({
        source: { kind: 'file', path: big },
        fragments: { mode: 'size', bytes: 8 * 1024 * 1024 },
      }),
    );
    await new Promise((r) => setTimeout(r, 150));
    app.jobs.cancel(jobId);
    const info = await app.jobs.wait(jobId);
    expect(info.state).toBe('cancelled');
    expect(readdirSync(dl)).toEqual(before);
    expect(await k('download_available').count({ n: '*' }).first()).toEqual(rows);
    rmSync(big);
  });

  describe('activation against local servers', () => {
    let pkg: BuildResult;
    const pki = makePki();
    const caFile = path.join(tmpdir(), `ocsdesk-ca-${process.pid}.pem`);
    const servers: Array<{ close: () => Promise<void> }> = [];
    let good = '';
    let plain = '';
    beforeAll(async () => {
      writeFileSync(caFile, pki.caPem);
      pkg = await job<BuildResult>(admin, 'packages.build', buildInput({ name: 'Activate me' }));
      const g = await serveDownload(dl, { tls: pki.good });
      const p = await serveDownload(dl);
      servers.push(g, p);
      good = g.loc;
      plain = p.loc;
    });
    afterAll(async () => {
      for (const s of servers) await s.close();
      rmSync(caFile, { force: true });
    });
    const act = (over: Record<string, unknown>) =>
      job<ActivateResult>(admin, 'packages.activate', {
        fileId: pkg.fileId,
        infoLoc: good,
        packLoc: plain,
        caFile,
        timeoutMs: 3000,
        ...over,
      });
    const enableRows = () => k('download_enable').where('FILEID', pkg.fileId).count({ n: '*' }).first();

    it('names 404, untrusted, wrong-name and expired certificates, timeouts and unreachable servers; writes nothing', async () => {
      const e404 = await failure(
        job(admin, 'packages.activate', { fileId: '1234567890', infoLoc: good, packLoc: plain, caFile }),
      );
      expect(e404.code).toBe('HTTP_FAILED');
      expect(e404.params.status).toBe(404);
      for (const [which, reason] of [
        ['selfSigned', 'untrusted'],
        ['wrongName', 'name-mismatch'],
        ['expired', 'expired'],
      ] as const) {
        const s = await serveDownload(dl, { tls: pki[which] });
        servers.push(s);
        const e = await failure(act({ infoLoc: s.loc }));
        expect(e.code, which).toBe('TLS_FAILED');
        expect(e.params.reason, which).toBe(reason);
      }
      const hang = await serveDownload(dl, { hang: true });
      servers.push(hang);
      const t = await failure(act({ packLoc: hang.loc, timeoutMs: 500 }));
      expect(t.code).toBe('TIMEOUT');
      const closed = await serveDownload(dl);
      await closed.close();
      expect((await failure(act({ packLoc: closed.loc }))).code).toBe('SERVER_UNREACHABLE');
      expect(Number((await enableRows())?.n)).toBe(0);
    });

    it('refuses a tampered fragment (digest) and then activates the good one with the console columns', async () => {
      const frag = path.join(pkg.dir, `${pkg.fileId}-2`);
      const orig = readFileSync(frag);
      const bad = Buffer.from(orig);
      bad[0] = bad[0]! ^ 0xff;
      writeFileSync(frag, bad);
      const e = await failure(act({}));
      expect(e.code).toBe('FILE_INVALID');
      expect(String(e.params.reason)).toMatch(/MD5/);
      writeFileSync(frag, orig);
      const r = await act({ infoLoc: `https://${good}/`, packLoc: `http://${plain}` });
      expect(r.alreadyActive).toBe(false);
      expect(r.checked).toMatchObject({ info: true, fragments: 3, bytes: pkg.size, digest: pkg.digest });
      const row = await k('download_enable').where('ID', r.enableId).first();
      expect(row).toMatchObject({
        FILEID: pkg.fileId,
        INFO_LOC: good,
        PACK_LOC: plain,
        CERT_PATH: 'INSTALL_PATH',
        CERT_FILE: 'INSTALL_PATH/cacert.pem',
        SERVER_ID: null,
        GROUP_ID: null,
      });
      expect((await act({})).alreadyActive).toBe(true);
    });

    it('assigns, reports per computer and per status, validates and deletes', async () => {
      const { enableId } = (await call(admin, 'packages.activations', { fileId: pkg.fileId }))[0]!;
      const a = await call(admin, 'packages.assign', {
        enableId,
        hardwareIds: [...hw, 999999],
        force: true,
      });
      expect(a).toMatchObject({ assigned: 4, missing: [999999] });
      expect(await call(admin, 'packages.assign', { enableId, hardwareIds: hw })).toMatchObject({
        assigned: 0,
        alreadyAssigned: 4,
      });
      const rows = await k('devices').where({ IVALUE: enableId, NAME: 'DOWNLOAD' });
      expect(rows).toHaveLength(4);
      expect(rows.every((r: { TVALUE: unknown }) => r.TVALUE === null)).toBe(true);
      expect(
        await k('devices').where({ IVALUE: enableId, NAME: 'DOWNLOAD_FORCE', TVALUE: '1' }),
      ).toHaveLength(4);
      // what the comm server and the agents would write
      await k('devices')
        .where({ IVALUE: enableId, NAME: 'DOWNLOAD', HARDWARE_ID: hw[0] })
        .update({ TVALUE: 'SUCCESS' });
      await k('devices')
        .where({ IVALUE: enableId, NAME: 'DOWNLOAD', HARDWARE_ID: hw[1] })
        .update({ TVALUE: 'ERR_BAD_DIGEST' });
      await k('devices')
        .where({ IVALUE: enableId, NAME: 'DOWNLOAD', HARDWARE_ID: hw[2] })
        .update({ TVALUE: 'NOTIFIED' });
      const st = await call(admin, 'packages.stats', { fileId: pkg.fileId });
      expect(st.total).toBe(4);
      expect(st.byCategory).toEqual({ waiting: 1, notified: 1, success: 1, error: 1, other: 0 });
      expect(st.statuses.map((s) => s.status).sort()).toEqual(
        [null, 'ERR_BAD_DIGEST', 'NOTIFIED', 'SUCCESS'].sort(),
      );
      const errs = await call(admin, 'packages.statusComputers', {
        fileId: pkg.fileId,
        status: 'ERR_BAD_DIGEST',
      });
      expect(errs).toMatchObject({ total: 1, rows: [{ hardwareId: hw[1] }] });
      const waiting = await call(admin, 'packages.statusComputers', {
        fileId: pkg.fileId,
        status: null,
      });
      expect(waiting.total).toBe(1);
      const mine = await call(admin, 'packages.forComputer', { hardwareId: hw[0]! });
      expect(mine).toEqual([
        expect.objectContaining({ fileId: pkg.fileId, status: 'SUCCESS', category: 'success', forced: true }),
      ]);

      expect(await call(admin, 'packages.validate', { fileId: pkg.fileId, action: 'success' })).toEqual({
        removed: 1,
      });
      expect(await call(admin, 'packages.validate', { fileId: pkg.fileId, action: 'notNotified' })).toEqual({
        removed: 1,
      });
      expect(await k('devices').where({ IVALUE: enableId, HARDWARE_ID: hw[0] })).toHaveLength(0); // FORCE row too
      expect(await call(admin, 'packages.unassign', { enableId, hardwareIds: [hw[2]!] })).toEqual({
        removed: 1,
      });

      const refused = await failure(call(admin, 'packages.delete', { fileId: pkg.fileId, downloadDir: dl }));
      expect(refused.code).toBe('CONFLICT');
      expect(existsSync(pkg.dir)).toBe(true);
      expect(
        await call(admin, 'packages.delete', { fileId: pkg.fileId, confirm: true, downloadDir: dl }),
      ).toEqual({ unassigned: 1, filesRemoved: true });
      expect(existsSync(pkg.dir)).toBe(false);
      expect(await k('download_enable').where('FILEID', pkg.fileId)).toHaveLength(0);
      expect(await k('devices').where('IVALUE', enableId)).toHaveLength(0);
      expect(await k('download_available').where('FILEID', pkg.fileId).first()).toMatchObject({ DELETED: 1 });
    });
  });

  it('a build killed with SIGKILL leaves no package folder and no row; the next build cleans its temp folder', async () => {
    const cli = path.join(REPO, 'dist', `test-pkg-${process.pid}`, 'cli.cjs');
    await esbuild({
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      entryPoints: [path.join(REPO, 'src-main/cli/index.ts')],
      outfile: cli,
      logLevel: 'error',
    });
    const kdl = path.join(work, 'killdl');
    mkdirSync(kdl);
    const big = path.join(work, 'huge.tar.gz');
    writeFileSync(big, Buffer.from([0x1f, 0x8b]));
    truncateSync(big, 8 * 1024 ** 3); // 8 GiB sparse: cannot finish before the kill
    const rowsBefore = await k('download_available').count({ n: '*' }).first();
    const child = spawn(
      process.execPath,
      [
        cli,
        'package',
        'build',
        '--name',
        'Killed',
        '--os',
        'LINUX',
        '--action',
        'EXECUTE',
        '--param',
        'true',
        '--file',
        big,
        '--frag-size',
        '64',
        '--download-dir',
        kdl,
        '--host',
        '127.0.0.1',
        '--port',
        '3306',
        '--user',
        'root',
        '--database',
        db,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OCS_DB_PASSWORD: '' } },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    // wait until it is writing fragments
    const t0 = Date.now();
    for (;;) {
      const tmp = readdirSync(kdl).find((n) => n.startsWith('.ocsdesk-tmp-'));
      if (tmp && readdirSync(path.join(kdl, tmp)).length >= 2) break;
      if (Date.now() - t0 > 60_000 || child.exitCode !== null)
        throw new Error(`build did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const left = readdirSync(kdl);
    expect(left.filter((n) => /^\d+$/.test(n))).toEqual([]);
    expect(left.every((n) => n.startsWith('.ocsdesk-tmp-'))).toBe(true);
    expect(await k('download_available').count({ n: '*' }).first()).toEqual(rowsBefore);
    rmSync(big);
    const r = await job<BuildResult>(admin, 'packages.build', buildInput({ downloadDir: kdl }));
    expect(readdirSync(kdl)).toEqual([r.fileId]);
    rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it('a disk-full build answers DISK_FULL and leaves nothing (tmpfs)', async (ctx) => {
    const mnt = path.join(work, 'small');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'ocsdesk-test', mnt], { stdio: 'pipe' });
    } catch (e) {
      ctx.skip(`cannot mount a tmpfs here (${String((e as Error).message).split('\n')[0]})`);
      return;
    }
    try {
      const src = path.join(work, 'rand.tar.gz');
      const buf = Buffer.alloc(5 * 1024 * 1024, 7);
      buf[0] = 0x1f;
      buf[1] = 0x8b;
      writeFileSync(src, buf);
      const rowsBefore = await k('download_available').count({ n: '*' }).first();
      const e = await failure(
        job(
          admin,
          'packages.build',
          buildInput({
            source: { kind: 'file', path: src },
            downloadDir: mnt,
            fragments: { mode: 'size', bytes: 1024 * 1024 },
          }),
        ),
      );
      expect(e.code).toBe('DISK_FULL');
      expect(readdirSync(mnt)).toEqual([]);
      expect(await k('download_available').count({ n: '*' }).first()).toEqual(rowsBefore);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
