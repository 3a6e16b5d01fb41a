import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsInput, DiagnosticsReport, Finding } from '../../shared/contract/diagnostics';
import { formatFindingEn } from '../../shared/i18n/format-finding';
import {
  DEFAULT_DEPS,
  runDiagnostics,
  type DiagnosticsDeps,
} from '../../src-main/diagnostics/diagnostics.service';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool, openDb, type DbHandle } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import { ADMIN, USER, testApp } from '../helpers/app';
import { APP_ACCOUNT, createOcsDb, dropDb, rootParams } from '../helpers/db';
import { OPTIONAL_INDEXES } from '../helpers/optional-indexes';
import { STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

/**
 * Every diagnostic seen red on a deliberately broken setup and green once it is fixed, on the real
 * MariaDB (server variables through the dependency seam, never SET GLOBAL on the shared server), the
 * real comm server (stopped and started under the stack lock), certificates made by the certificate
 * service, a download folder made read-only, and deployment servers this test starts.
 */
const run = promisify(execFile);
const { app, call, callByName, session, connect } = testApp();

const ENV_KEYS = [
  'OCS_DESK_COMM_URL',
  'OCS_DESK_COMM_HTTPS_URL',
  'OCS_DESK_CERT_URL',
  'OCS_DESK_CA_FILE',
  'OCS_DESK_DOWNLOAD_DIR',
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let db = '';
let k: Knex;
let work = '';
let download = '';
const admin = session(ADMIN);
const user = session(USER);

const byId = (r: DiagnosticsReport, id: string): Finding => {
  const f = r.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in ${r.findings.map((x) => x.id).join(', ')}`);
  return f;
};

function check(deps: Partial<DiagnosticsDeps> = {}, input: DiagnosticsInput = {}, on: DbHandle = admin.db!) {
  return runDiagnostics(on, ADMIN.rights, input, { ...DEFAULT_DEPS, timeoutMs: 3000, ...deps });
}

async function job<T>(route: string, input: unknown): Promise<T> {
  const { jobId } = (await callByName(admin, route, input)) as { jobId: string };
  const info = await app.jobs.wait(jobId);
  if (info.state !== 'succeeded') throw new AppError(info.error!.code, info.error!.params);
  return info.result as T;
}

beforeAll(async () => {
  for (const key of ENV_KEYS) delete process.env[key];
  work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-diag-it-'));
  download = path.join(work, 'download');
  mkdirSync(download);
  process.env.OCS_DESK_DOWNLOAD_DIR = download;
  db = await createOcsDb();
  k = await createPool(rootParams(db), { max: 2 });
  await connect(admin, db);
  await connect(user, db);
});

afterAll(async () => {
  for (const [key, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[key];
    else process.env[key] = v;
  }
  await admin.dispose();
  await user.dispose();
  await k?.destroy();
  if (db) await dropDb(db);
  rmSync(work, { recursive: true, force: true });
});

describe('diagnostics.run on the real MariaDB', () => {
  it('reads the real server variables; the checks an operator may not see are left out', async () => {
    const r = await call(admin, 'diagnostics.run', {});
    const [[v]] = (await k.raw(
      'SELECT @@GLOBAL.max_allowed_packet AS p, @@GLOBAL.max_connections AS c, @@GLOBAL.innodb_buffer_pool_size AS b',
    )) as [Array<{ p: number; c: number; b: number }>];
    expect(byId(r, 'packet').evidence[0]).toMatch(new RegExp(`^max_allowed_packet = ${v!.p} `));
    expect(byId(r, 'connections').evidence).toContain(`max_connections = ${v!.c}`);
    expect(byId(r, 'bufferPool').evidence[0]).toMatch(new RegExp(`^innodb_buffer_pool_size = ${v!.b} `));
    for (const id of ['schema', 'engines', 'clock', 'downloadDir'])
      expect(byId(r, id).level, `${id}: ${JSON.stringify(byId(r, id))}`).toBe('ok');
    // Nothing configured: said, not red.
    for (const id of ['commHttp', 'commHttps', 'certificate', 'deployInfo', 'deployFrag'])
      expect(byId(r, id).level).toBe('info');
    // The application account may not read mysql.user: "cannot check", with the server's refusal.
    expect(byId(r, 'authPlugins')).toMatchObject({ level: 'info', title: { key: 'authPlugins.cannot' } });
    expect(byId(r, 'authPlugins').evidence.join(' ')).toMatch(/DB_|denied|command/i);
    expect(byId(r, 'weak').level).toBe('ok');
    // A fresh database has none of the optional indexes; a handful of computers does not need them.
    expect(byId(r, 'indexes')).toMatchObject({ level: 'info', title: { key: 'indexes.missingSmall' } });
    expect(r.findings.every((f) => f.level !== 'ok' || (f.fix === null && f.link === null))).toBe(true);
    for (const f of r.findings) {
      expect(formatFindingEn(f.title)).not.toBe(f.title.key);
      if (f.fix) expect(formatFindingEn(f.fix)).not.toBe(f.fix.key);
    }

    const u = await call(user, 'diagnostics.run', {});
    expect(u.findings.map((f) => f.id)).not.toContain('authPlugins');
    expect(u.findings.map((f) => f.id)).not.toContain('weak');
    expect(
      (await callByName(user, 'diagnostics.serverInfo', {}).catch((e: AppError) => e)) as AppError,
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('max_allowed_packet: red when small or smaller than an agent file, green when large enough', async () => {
    const real = await DEFAULT_DEPS.variables(admin.db!.knex);
    const withPacket = (p: number) => ({ variables: async () => ({ ...real, maxAllowedPacket: p }) });
    expect(byId(await check(withPacket(1024 * 1024)), 'packet')).toMatchObject({
      level: 'error',
      title: { key: 'packet.tooSmall' },
      fix: { key: 'packet.fix' },
    });
    expect(byId(await check(withPacket(8 * 1024 * 1024)), 'packet').level).toBe('warning');
    expect(byId(await check(withPacket(64 * 1024 * 1024)), 'packet').level).toBe('ok');
    // An agent file the server could not send back with this packet size.
    await k('deploy').insert({ NAME: 'big-agent.exe', CONTENT: Buffer.alloc(5 * 1024 * 1024, 7) });
    try {
      expect(byId(await check(withPacket(5 * 1024 * 1024)), 'packet')).toMatchObject({
        level: 'error',
        title: { key: 'packet.agentFile', params: { name: 'big-agent.exe' } },
      });
      expect(byId(await check(withPacket(64 * 1024 * 1024)), 'packet').level).toBe('ok');
    } finally {
      await k('deploy').where('NAME', 'big-agent.exe').del();
    }
  });

  it('max_connections near its limit red, green with room', async () => {
    const real = await DEFAULT_DEPS.variables(admin.db!.knex);
    const near = {
      variables: async () => ({ ...real, maxConnections: 100, threadsConnected: 95, maxUsedConnections: 97 }),
    };
    expect(byId(await check(near), 'connections')).toMatchObject({
      level: 'error',
      title: { key: 'connections.near' },
    });
    const room = {
      variables: async () => ({
        ...real,
        maxConnections: 1000,
        threadsConnected: 10,
        maxUsedConnections: 40,
      }),
    };
    expect(byId(await check(room), 'connections').level).toBe('ok');
  });

  it('buffer pool smaller than the hot tables red, green when they fit', async () => {
    const real = await DEFAULT_DEPS.variables(admin.db!.knex);
    const tiny = { variables: async () => ({ ...real, innodbBufferPoolSize: 16 * 1024 }) };
    expect(byId(await check(tiny), 'bufferPool')).toMatchObject({
      level: 'error',
      title: { key: 'bufferPool.small' },
    });
    const big = { variables: async () => ({ ...real, innodbBufferPoolSize: 1024 ** 3 }) };
    expect(byId(await check(big), 'bufferPool').level).toBe('ok');
  });

  it('clock skew between this computer and the DB server red, green when in step', async () => {
    const skewed = { now: () => Date.now() - 10 * 60_000 };
    const f = byId(await check(skewed), 'clock');
    expect(f).toMatchObject({ level: 'error', title: { key: 'clock.skew' } });
    expect(Number(f.title.params.seconds)).toBeGreaterThanOrEqual(598);
    expect(byId(await check({ now: () => Date.now() - 90_000 }), 'clock').level).toBe('warning');
    expect(byId(await check(), 'clock').level).toBe('ok');
  });

  it('a non-InnoDB OCS table red, green once converted back', async () => {
    await k.raw('ALTER TABLE bios ENGINE=MyISAM');
    try {
      const f = byId(await check(), 'engines');
      expect(f).toMatchObject({ level: 'error', fix: { params: { table: 'bios' } } });
      expect(f.evidence).toEqual(['bios: MyISAM']);
    } finally {
      await k.raw('ALTER TABLE bios ENGINE=InnoDB');
    }
    expect(byId(await check(), 'engines').level).toBe('ok');
  });

  it('an account with the old password scheme red (read with mysql.user granted), green once gone', async () => {
    const root = await openDb(rootParams(db));
    const account = `ocsdesk_oldpw_${randomBytes(3).toString('hex')}`;
    try {
      const base = byId(await check({}, {}, root), 'authPlugins');
      expect(base.level, JSON.stringify(base)).toBe('ok');
      await k.raw(`CREATE USER ??@'127.0.0.1' IDENTIFIED VIA mysql_old_password USING '7cd2b8d6137e3f02'`, [
        account,
      ]);
      const f = byId(await check({}, {}, root), 'authPlugins');
      expect(f).toMatchObject({ level: 'error', title: { key: 'authPlugins.old' } });
      expect(f.evidence.join('\n')).toContain(`'${account}'@'127.0.0.1': mysql_old_password`);
    } finally {
      await k.raw(`DROP USER IF EXISTS ??@'127.0.0.1'`, [account]);
    }
    expect(byId(await check({}, {}, root), 'authPlugins').level).toBe('ok');
    await root.close();
  });

  it('download folder missing or read-only red, writable green', async () => {
    expect(byId(await check(), 'downloadDir').level).toBe('ok');
    process.env.OCS_DESK_DOWNLOAD_DIR = path.join(work, 'nowhere');
    expect(byId(await check(), 'downloadDir')).toMatchObject({
      level: 'error',
      title: { key: 'downloadDir.missing' },
    });
    process.env.OCS_DESK_DOWNLOAD_DIR = download;
    await makeReadOnly(download, true);
    try {
      const f = byId(await check(), 'downloadDir');
      expect(f).toMatchObject({ level: 'error', title: { key: 'downloadDir.readOnly' } });
      expect(f.evidence.join(' ')).toMatch(/EPERM|EACCES|EROFS/);
    } finally {
      await makeReadOnly(download, false);
    }
    expect(byId(await check(), 'downloadDir').level).toBe('ok');
  });
});

describe('diagnostics.serverInfo', () => {
  it('DB variables, table sizes, computers, inventories per hour and deployment queues, within the perimeter', async () => {
    const ids: number[] = [];
    for (const [i, [tag, hoursAgo]] of (
      [
        ['DIAG-IN', 0],
        ['DIAG-IN', 1],
        ['DIAG-IN', 1],
        ['DIAG-OUT', 1],
        ['DIAG-OUT', 50],
      ] as const
    ).entries()) {
      const [id] = (await k('hardware').insert({
        DEVICEID: `diag-${i}-2026-01-01-00-00-00`,
        NAME: `DIAG-${i}`,
        LASTDATE: k.raw('NOW() - INTERVAL ? HOUR', [hoursAgo]),
      })) as number[];
      ids.push(id!);
      await k('accountinfo').insert({ HARDWARE_ID: id, TAG: tag });
    }
    await k('devices').insert([
      { HARDWARE_ID: ids[0], NAME: 'DOWNLOAD', IVALUE: 1, TVALUE: null },
      { HARDWARE_ID: ids[1], NAME: 'DOWNLOAD', IVALUE: 1, TVALUE: 'SUCCESS' },
      { HARDWARE_ID: ids[3], NAME: 'DOWNLOAD', IVALUE: 1, TVALUE: 'ERR_TIMEOUT' },
    ]);
    try {
      const all = await call(admin, 'diagnostics.serverInfo', {});
      const [[v]] = (await k.raw('SELECT @@GLOBAL.max_allowed_packet AS p, VERSION() AS ver')) as [
        Array<{ p: number; ver: string }>,
      ];
      expect(all.db).toMatchObject({ maxAllowedPacket: Number(v!.p), version: v!.ver });
      expect(Math.abs(all.db.skewMs)).toBeLessThan(5000);
      expect(all.schemaLevel).toBeTruthy();
      expect(all.tables.map((t) => t.name)).toContain('hardware');
      expect(all.computers).toBe(5);
      expect(all.inventoriesPerHour).toHaveLength(48);
      // Buckets by the rows' own hour (read back), so an hour changing during the test changes nothing.
      const [hourRows] = (await k.raw(
        "SELECT DATE_FORMAT(LASTDATE, '%Y-%m-%d %H:00') AS h, COUNT(*) AS n FROM hardware WHERE ID IN (?, ?, ?, ?) GROUP BY 1",
        ids.slice(0, 4),
      )) as [Array<{ h: string; n: number }>];
      const byHour = new Map(all.inventoriesPerHour.map((h) => [h.hour, h.count]));
      for (const r of hourRows) expect(byHour.get(r.h), r.h).toBe(Number(r.n));
      const counts = all.inventoriesPerHour.map((h) => h.count);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
      expect(all.deployments).toEqual([
        { status: null, category: 'waiting', count: 1 },
        { status: 'ERR_TIMEOUT', category: 'error', count: 1 },
        { status: 'SUCCESS', category: 'success', count: 1 },
      ]);
      expect(all.comm).toEqual({ http: null, https: null });

      const restricted = await connect(session({ ...ADMIN, id: 'diag-restricted', tags: ['DIAG-IN'] }), db);
      const mine = await call(restricted, 'diagnostics.serverInfo', {});
      expect(mine.computers).toBe(3);
      expect(mine.inventoriesPerHour.reduce((a, h) => a + h.count, 0)).toBe(3);
      expect(mine.deployments.map((d) => d.status)).toEqual([null, 'SUCCESS']);
      expect(mine.softwareRowsExact).toBe(true);
      await restricted.dispose();
    } finally {
      await k('devices').whereIn('HARDWARE_ID', ids).del();
      await k('accountinfo').whereIn('HARDWARE_ID', ids).del();
      await k('hardware').whereIn('ID', ids).del();
    }
  });
});

describe('the indexes OCS Desk relies on, on a fleet of 1,500 computers', () => {
  let big = '';
  let bk: Knex;
  const op = session({ ...ADMIN, id: 'diag-indexes' });
  beforeAll(async () => {
    big = await createOcsDb();
    bk = await createPool(rootParams(big), { max: 2 });
    await seedFleet(bk, { computers: 1500, seed: 21, batch: 500, concurrency: 1 });
    // InnoDB's row estimate (what the check reads) is refreshed in the background: settle it now.
    await bk.raw('ANALYZE TABLE hardware, software, devices');
    await connect(op, big);
  });
  afterAll(async () => {
    await op.dispose();
    await bk?.destroy();
    if (big) await dropDb(big);
  });

  it('missing: a warning naming each index, with the fix; created through the route: green', async () => {
    const run = () =>
      runDiagnostics(op.db!, ADMIN.rights, {}, { ...DEFAULT_DEPS, timeoutMs: 3000 }).then((r) =>
        byId(r, 'indexes'),
      );
    const f = await run();
    expect(f, JSON.stringify(f)).toMatchObject({
      level: 'warning',
      title: { key: 'indexes.missing', params: { count: 5 } },
      fix: { key: 'indexes.fix' },
      link: '/diagnostics',
    });
    expect(Number(f.title.params.computers)).toBeGreaterThanOrEqual(1000);
    for (const name of OPTIONAL_INDEXES)
      expect(f.evidence.some((e) => e.includes(`.${name} (`) && e.includes(': missing'))).toBe(true);
    expect(formatFindingEn(f.fix!)).toContain('ocs-desk db indexes --create');

    const { jobId } = (await callByName(op, 'computers.createPerfIndexes', {})) as { jobId: string };
    expect((await app.jobs.wait(jobId)).state).toBe('succeeded');
    const ok = await run();
    expect(ok, JSON.stringify(ok)).toMatchObject({ level: 'ok', title: { key: 'indexes.ok' }, fix: null });
    // One dropped behind the console's back: seen by a new connection (the schema is read per pool).
    await bk.raw('ALTER TABLE hardware DROP INDEX ocsdesk_lastcome');
    const fresh = await openDb(rootParams(big));
    try {
      const again = await runDiagnostics(fresh, ADMIN.rights, {}, { ...DEFAULT_DEPS, timeoutMs: 3000 });
      expect(byId(again, 'indexes')).toMatchObject({ level: 'warning', title: { params: { count: 1 } } });
      expect(byId(again, 'indexes').evidence[0]).toMatch(/^hardware\.ocsdesk_lastcome \(LASTCOME\): missing/);
    } finally {
      await fresh.close();
    }
  });
});

/** Root ignores permission bits: an immutable folder refuses even root; others get chmod 555. */
async function makeReadOnly(dir: string, on: boolean): Promise<void> {
  if (process.getuid?.() === 0) await run('chattr', [on ? '+i' : '-i', dir]);
  else chmodSync(dir, on ? 0o555 : 0o755);
}

describe('certificate and deployment servers started by the test', () => {
  let caFile = '';
  let tlsServer: https.Server;
  let plainServer: http.Server;
  let tlsPort = 0;
  let plainPort = 0;
  /** Files the deployment servers serve (path below / → bytes). */
  const served = new Map<string, Buffer>();
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url === '/broken/ocsinventory') {
      res.writeHead(500, { Server: 'Apache/2.4 (test)' }).end('Internal Server Error');
      return;
    }
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  beforeAll(async () => {
    const out = path.join(work, 'pki');
    await job('certificates.createCa', {
      subject: { commonName: 'Diagnostics Test CA' },
      keyType: 'ecdsa-p256',
      passphrase: 'diag ca pass',
      outputDir: out,
    });
    await job('certificates.sign', {
      caCertFile: path.join(out, 'cacert.pem'),
      caKeyFile: path.join(out, 'ca.key'),
      caPassphrase: 'diag ca pass',
      subject: { commonName: '127.0.0.1' },
      ipAddresses: ['127.0.0.1'],
      keyType: 'ecdsa-p256',
      validityDays: 365,
      outputDir: out,
    });
    caFile = path.join(out, 'cacert.pem');
    tlsServer = https.createServer(
      { key: readFileSync(path.join(out, 'server.key')), cert: readFileSync(path.join(out, 'server.pem')) },
      serve,
    );
    plainServer = http.createServer(serve);
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => plainServer.listen(0, '127.0.0.1', r));
    tlsPort = (tlsServer.address() as AddressInfo).port;
    plainPort = (plainServer.address() as AddressInfo).port;
  });
  afterAll(async () => {
    tlsServer?.close();
    plainServer?.close();
    await k('download_enable').del();
    await k('download_available').del();
  });

  it('certificate expired or not trusted red, trusted and valid green', async () => {
    const input = { certUrl: `https://127.0.0.1:${tlsPort}/`, caFile };
    const ok = byId(await check({}, input), 'certificate');
    expect(ok.level, JSON.stringify(ok)).toBe('ok');
    const day = 86_400_000;
    const soon = byId(await check({ now: () => Date.now() + 350 * day }, input), 'certificate');
    expect(soon).toMatchObject({ level: 'warning', title: { key: 'certificate.expiring' } });
    const expired = byId(await check({ now: () => Date.now() + 400 * day }, input), 'certificate');
    expect(expired).toMatchObject({
      level: 'error',
      title: { key: 'certificate.expired' },
      link: '/certificates',
    });
    // Without the CA file (system store) agents would refuse it.
    const untrusted = byId(await check({}, { certUrl: input.certUrl }), 'certificate');
    expect(untrusted).toMatchObject({ level: 'error', title: { key: 'certificate.untrusted' } });
  });

  it('a comm server answering errors red (HTTP 500 as when it cannot reach its database)', async () => {
    const f = byId(
      await check({}, { commServerUrl: `http://127.0.0.1:${plainPort}/broken/ocsinventory` }),
      'commHttp',
    );
    expect(f).toMatchObject({ level: 'error', title: { key: 'comm.errors', params: { status: 500 } } });
    expect(f.evidence).toContain('Server: Apache/2.4 (test)');
    // Not a comm server at all (404): a warning, not "answers".
    const other = byId(
      await check({}, { commServerUrl: `http://127.0.0.1:${plainPort}/elsewhere` }),
      'commHttp',
    );
    expect(other).toMatchObject({ level: 'warning', title: { key: 'comm.unexpected' } });
  });

  it('deployment URLs: info over HTTPS and fragments over HTTP red when unreachable or not matching the files, green when served', async () => {
    const fileId = '1700000000';
    const info = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<DOWNLOAD ID="${fileId}" PRI="5" ACT="STORE" DIGEST="x" PROTO="HTTP" FRAGS="1" DIGEST_ALGO="MD5" DIGEST_ENCODE="Hexa" PATH="/tmp" NAME="" COMMAND="" NOTIFY_USER="0" NOTIFY_TEXT="" NOTIFY_COUNTDOWN="" NOTIFY_CAN_ABORT="0" NOTIFY_CAN_DELAY="0" NEED_DONE_ACTION="0" NEED_DONE_ACTION_TEXT="" GARDEFOU="rien" />\n`,
    );
    const frag = randomBytes(4096);
    mkdirSync(path.join(download, fileId), { recursive: true });
    writeFileSync(path.join(download, fileId, 'info'), info);
    writeFileSync(path.join(download, fileId, `${fileId}-1`), frag);
    await k('download_available').insert({
      FILEID: fileId,
      NAME: 'diag-pkg',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: frag.length,
      OSNAME: 'LINUX',
      COMMENT: createHash('md5').update(frag).digest('hex'),
    });
    await k('download_enable').insert({
      FILEID: fileId,
      INFO_LOC: `127.0.0.1:${tlsPort}/download`,
      PACK_LOC: `127.0.0.1:${plainPort}/download`,
    });
    // Nothing published yet: both red.
    let r = await check();
    expect(byId(r, 'deployInfo')).toMatchObject({ level: 'error', title: { key: 'deployInfo.bad' } });
    expect(byId(r, 'deployInfo').evidence[0]).toContain('→ 404');
    served.set(`/download/${fileId}/info`, info);
    r = await check();
    expect(byId(r, 'deployInfo').level).toBe('ok');
    expect(byId(r, 'deployFrag')).toMatchObject({ level: 'error', title: { key: 'deployFrag.bad' } });
    // A fragment that is not the folder's (another size): red.
    served.set(`/download/${fileId}/${fileId}-1`, frag.subarray(0, 100));
    r = await check();
    expect(byId(r, 'deployFrag').level).toBe('error');
    expect(byId(r, 'deployFrag').evidence.join(' ')).toContain("the download folder's fragment has 4096");
    served.set(`/download/${fileId}/${fileId}-1`, frag);
    r = await check();
    expect(byId(r, 'deployFrag').level).toBe('ok');
    // An info file that differs from the download folder's: red.
    served.set(`/download/${fileId}/info`, Buffer.from(info.toString().replace('PRI="5"', 'PRI="1"')));
    expect(byId(await check(), 'deployInfo').level).toBe('error');
    served.set(`/download/${fileId}/info`, info);
    // Server stopped: unreachable.
    await new Promise<void>((res) => tlsServer.close(() => res()));
    tlsServer.closeAllConnections();
    expect(byId(await check(), 'deployInfo').evidence[0]).toMatch(/ECONNREFUSED/);
  });
});

describe.skipIf(!!stackUnavailableReason())('the real comm server', () => {
  it('stopped: red over HTTP and HTTPS; started again: green; server information names its web server', async () => {
    const input = { commServerUrl: STACK_ENV.serverUrl, commServerHttpsUrl: STACK_ENV.serverHttpsUrl };
    await withStackLock(async () => {
      const previousDb = /OCS_DB_NAME=(\S+)/.exec(await stack('env'))?.[1] ?? 'ocsweb';
      try {
        await stack('use-db', db);
        let r = await check({}, input);
        expect(byId(r, 'commHttp'), JSON.stringify(byId(r, 'commHttp'))).toMatchObject({ level: 'ok' });
        expect(byId(r, 'commHttps').level).toBe('ok');
        const info = await call(admin, 'diagnostics.serverInfo', input);
        expect(info.comm.http).toMatchObject({ verdict: 'ok', status: 400 });
        expect(info.comm.http?.server).toMatch(/^Apache/);

        await stack('stop');
        try {
          r = await check({}, input);
          expect(byId(r, 'commHttp')).toMatchObject({ level: 'error', title: { key: 'comm.unreachable' } });
          expect(byId(r, 'commHttps').level).toBe('error');
          expect(r.worst).toBe('error');
        } finally {
          await stack('start');
        }
        r = await check({}, input);
        expect(byId(r, 'commHttp').level).toBe('ok');
        expect(byId(r, 'commHttps').level).toBe('ok');
      } finally {
        await stack('use-db', previousDb).catch(() => stack('use-db', 'ocsweb').catch(() => undefined));
      }
    });
  });
});

type CliReport = Omit<DiagnosticsReport, 'findings'> & {
  findings: Array<Finding & { text: string; fixText: string | null }>;
};

describe('ocs-desk diagnose --json', () => {
  let cli = '';
  beforeAll(async () => {
    cli = path.join(work, 'cli', 'cli.cjs');
    await build({
      entryPoints: [path.resolve(__dirname, '../../src-main/cli/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      outfile: cli,
      logLevel: 'warning',
    });
  });

  async function diagnose(env: Record<string, string>): Promise<{ code: number; report: CliReport }> {
    const r = await run(process.execPath, [cli, 'diagnose', '--json', '--database', db], {
      env: {
        ...process.env,
        NODE_PATH: path.resolve(__dirname, '../../node_modules'),
        OCS_DB_HOST: '127.0.0.1',
        OCS_DB_USER: APP_ACCOUNT.user,
        OCS_DB_PASSWORD: APP_ACCOUNT.password,
        OCS_DESK_DOWNLOAD_DIR: download,
        ...env,
      },
    }).then(
      (x) => ({ code: 0, stdout: x.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    return { code: r.code, report: JSON.parse(r.stdout) };
  }

  it('exits 0 when nothing is red, 8 when a check is red, with the findings and their English texts', async () => {
    const green = await diagnose({});
    expect(green.code, JSON.stringify(green.report.findings.filter((f) => f.level === 'error'))).toBe(0);
    expect(green.report.worst).not.toBe('error');
    expect(byId(green.report, 'packet').level).toBe('ok');
    expect(green.report.findings.find((f) => f.id === 'packet')?.text).toMatch(/^max_allowed_packet is /);

    // A comm server address where nothing listens: red, exit code 8.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const red = await diagnose({ OCS_DESK_COMM_URL: `http://127.0.0.1:${port}/ocsinventory` });
    expect(red.code).toBe(8);
    expect(red.report.worst).toBe('error');
    const comm = red.report.findings.find((f) => f.id === 'commHttp')!;
    expect(comm).toMatchObject({ level: 'error', title: { key: 'comm.unreachable' } });
    expect(comm.text).toContain(`http://127.0.0.1:${port}/ocsinventory cannot be reached (ECONNREFUSED)`);
  });
});
