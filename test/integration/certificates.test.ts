import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/contract/certificates';
import { AppError } from '../../src-main/platform/errors';
import { ADMIN, USER, testApp, failure, unchecked } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable } from '../helpers/db';
import { STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

const run = promisify(execFile);
const { app, call, callByName, session } = testApp();
const admin = session(ADMIN);
const user = session(USER);

async function openssl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('openssl', args, { maxBuffer: 8 * 1024 * 1024 });
  return stdout + stderr;
}

/** Starts a job through the router as `who`, waits, returns the result or throws its AppError. */
async function job<T = IssueResult>(route: string, input: unknown, who = admin): Promise<T> {
  const { jobId } = (await callByName(who, route, input)) as { jobId: string };
  const info = await app.jobs.wait(jobId);
  if (info.state !== 'succeeded') throw new AppError(info.error!.code, info.error!.params);
  return info.result as T;
}

const SUBJECT = {
  country: 'fr',
  state: 'Île-de-France',
  locality: 'Paris',
  organisation: 'OCS Desk Tests',
  unit: 'Inventory',
  commonName: 'localhost',
  email: 'admin@example.test',
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ocsdesk-cert-it-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('certificates with openssl', () => {
  it('private CA: cacert.pem verifies the server certificate; x509 -text shows the fields entered', async () => {
    const out = path.join(dir, 'ca-rsa');
    const ca = await job('certificates.createCa', {
      subject: { commonName: 'OCS Desk Test Root CA', organisation: 'OCS Desk Tests', country: 'FR' },
      keyType: 'rsa2048',
      passphrase: 'ca passphrase 1',
      outputDir: out,
    });
    expect(ca.files.map((f) => [path.basename(f.path), f.mode])).toEqual([
      ['ca.key', '600'],
      ['cacert.pem', '644'],
    ]);
    expect(statSync(path.join(out, 'ca.key')).mode & 0o777).toBe(0o600);
    // the CA key is encrypted: openssl needs the passphrase
    await expect(
      openssl('pkey', '-in', path.join(out, 'ca.key'), '-passin', 'pass:wrong one', '-noout'),
    ).rejects.toThrow();
    await openssl('pkey', '-in', path.join(out, 'ca.key'), '-passin', 'pass:ca passphrase 1', '-noout');

    const r = await job('certificates.sign', {
      caCertFile: path.join(out, 'cacert.pem'),
      caKeyFile: path.join(out, 'ca.key'),
      caPassphrase: 'ca passphrase 1',
      subject: SUBJECT,
      dnsNames: ['ocs.example.test'],
      ipAddresses: ['127.0.0.1'],
      keyType: 'rsa2048',
      outputDir: out,
    });
    expect(r.files.map((f) => path.basename(f.path))).toEqual(['server.key', 'server.pem', 'cacert.pem']);
    expect(
      await openssl('verify', '-CAfile', path.join(out, 'cacert.pem'), path.join(out, 'server.pem')),
    ).toContain('server.pem: OK');
    const text = await openssl('x509', '-in', path.join(out, 'server.pem'), '-noout', '-text');
    expect(text).toContain(
      'Subject: C = FR, ST = \\C3\\8Ele-de-France, L = Paris, O = OCS Desk Tests, OU = Inventory, CN = localhost, emailAddress = admin@example.test',
    );
    expect(text).toContain('Issuer: C = FR, O = OCS Desk Tests, CN = OCS Desk Test Root CA');
    expect(text).toContain('DNS:ocs.example.test, DNS:localhost, IP Address:127.0.0.1');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toMatch(/CA:FALSE/);
    const days = (Date.parse(r.certificate!.notAfter) - Date.parse(r.certificate!.notBefore)) / 86_400_000;
    expect(Math.round(days)).toBe(1825);
    const caText = await openssl('x509', '-in', path.join(out, 'cacert.pem'), '-noout', '-text');
    expect(caText).toMatch(/CA:TRUE, pathlen:0/);
    expect(caText).toContain('Certificate Sign, CRL Sign');
    // wrong CA passphrase: clear message
    const e = await failure(
      job('certificates.sign', {
        caCertFile: path.join(out, 'cacert.pem'),
        caKeyFile: path.join(out, 'ca.key'),
        caPassphrase: 'not the passphrase',
        subject: SUBJECT,
        outputDir: path.join(dir, 'elsewhere'),
      }),
    );
    expect(e.code).toBe('CERT_INVALID');
    expect(e.params.detail).toMatch(/wrong passphrase for the key .*ca\.key/);
  });

  it('self-signed (RSA and ECDSA P-256) verify against themselves', async () => {
    for (const keyType of ['rsa2048', 'ecdsa-p256'] as const) {
      const out = path.join(dir, `ss-${keyType}`);
      const r = await job('certificates.selfSigned', {
        subject: SUBJECT,
        keyType,
        validityDays: 30,
        outputDir: out,
      });
      const pem = path.join(out, 'server.pem');
      expect(await openssl('verify', '-CAfile', pem, pem)).toContain('server.pem: OK');
      const text = await openssl('x509', '-in', pem, '-noout', '-text');
      expect(text).toContain(keyType === 'rsa2048' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256');
      if (keyType === 'ecdsa-p256') expect(text).toContain('NIST CURVE: P-256');
      // key and certificate match (same public key)
      const fromKey = await openssl('pkey', '-in', path.join(out, 'server.key'), '-pubout');
      const fromCert = await openssl('x509', '-in', pem, '-noout', '-pubkey');
      expect(fromKey).toBe(fromCert);
      expect(r.certificate!.expiry).toBe('warning'); // 30 days: within the 30-day warning
    }
  });

  it('CSR: openssl req -verify accepts it; the returned certificate is imported and checked against the key', async () => {
    const out = path.join(dir, 'csr');
    await job('certificates.csr', {
      subject: SUBJECT,
      ipAddresses: ['127.0.0.1'],
      outputDir: out,
      baseName: 'ocs',
    });
    const csr = path.join(out, 'ocs.csr');
    expect(await openssl('req', '-verify', '-noout', '-in', csr)).toMatch(/verify OK/);
    const text = await openssl('req', '-in', csr, '-noout', '-text');
    expect(text).toContain('CN = localhost');
    expect(text).toContain('DNS:localhost, IP Address:127.0.0.1');
    // the "company PKI": a CA made with openssl signs the request, copying its extensions
    const pki = path.join(dir, 'pki');
    await run('mkdir', ['-p', pki]);
    await openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-keyout',
      `${pki}/ca.key`,
      '-out',
      `${pki}/ca.pem`,
      '-subj',
      '/CN=Company PKI',
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      `${pki}/ca.pem`,
      '-CAkey',
      `${pki}/ca.key`,
      '-CAcreateserial',
      '-days',
      '30',
      '-copy_extensions',
      'copyall',
      '-out',
      `${pki}/ocs.pem`,
    );
    const pasted = readFileSync(`${pki}/ocs.pem`, 'utf8');
    const r = await call(admin, 'certificates.importSigned', {
      keyFile: path.join(out, 'ocs.key'),
      certificatePem: pasted,
      chainFile: `${pki}/ca.pem`,
      outputDir: out,
      baseName: 'ocs',
    });
    expect(r.files.map((f) => path.basename(f.path))).toEqual(['ocs.pem']);
    expect(r.certificate!.ipAddresses).toEqual(['127.0.0.1']);
    expect(r.snippets!.apache).toContain(`SSLCertificateChainFile ${pki}/ca.pem`);
    // a certificate for another key
    const e = await failure(
      call(admin, 'certificates.importSigned', {
        keyFile: path.join(out, 'ocs.key'),
        certificateFile: `${pki}/ca.pem`,
      }),
    );
    expect(e.code).toBe('CERT_INVALID');
    expect(e.params.detail).toMatch(/does not match the private key/);
  });

  it('bad inputs get clear messages; writing needs an admin, checking does not', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...SUBJECT, commonName: 'my server' }, 'subject.commonName', /no spaces/],
      [{ ...SUBJECT, commonName: 'ocs.*.example.com' }, 'subject.commonName', /wildcard is only allowed/],
      [{ ...SUBJECT, country: 'FRA' }, 'subject.country', /two letters/],
    ];
    for (const [subject, field, detail] of cases) {
      const e = await failure(call(admin, 'certificates.selfSigned', unchecked({ subject, outputDir: dir })));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.params.field).toBe(field);
      expect(e.params.detail).toMatch(detail);
    }
    const v = await failure(
      call(admin, 'certificates.selfSigned', { subject: SUBJECT, validityDays: 0, outputDir: dir }),
    );
    expect(v.params).toMatchObject({ field: 'validityDays', detail: 'at least 1 day' });
    const f = await failure(call(user, 'certificates.selfSigned', { subject: SUBJECT, outputDir: dir }));
    expect(f.code).toBe('FORBIDDEN');
    const u = await failure(call(user, 'certificates.check', { url: 'https://127.0.0.1:1/' }));
    expect(u.code).toBe('SERVER_UNREACHABLE');
  });
});

/** Runs the real Unix agent 2.10 against the HTTPS URL with this CA file; returns its DEVICEID or throws. */
async function agentOverHttps(caFile: string, work: string): Promise<{ deviceId: string; log: string }> {
  const base = mkdtempSync(path.join(work, 'agent-'));
  const logFile = path.join(base, 'agent.log');
  let rc = 0;
  try {
    await run(
      'ocsinventory-agent',
      [
        `--basevardir=${base}`,
        `--logfile=${logFile}`,
        '--nolocal',
        '--force',
        `--server=${STACK_ENV.serverHttpsUrl}`,
        `--ca=${caFile}`,
      ],
      { timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (e) {
    rc = (e as { code?: number }).code ?? 1;
  }
  // the download module forks a child with the same command line: wait for it
  for (let i = 0; i < 30; i++) {
    const alive = await run('pgrep', ['-f', `--logfile=${logFile}`]).then(
      () => true,
      () => false,
    );
    if (!alive) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const log = readFileSync(logFile, 'utf8');
  if (rc !== 0)
    throw new Error(
      `agent exited ${rc}: ${log
        .split('\n')
        .filter((l) => l.includes('[error]'))
        .join(' | ')}`,
    );
  const vardir = path.join(base, STACK_ENV.serverHttpsUrl.replace(/\//g, '_'));
  const conf = readFileSync(path.join(vardir, 'ocsinv.conf'), 'utf8');
  return { deviceId: /<DEVICEID>(.*)<\/DEVICEID>/.exec(conf)![1]!, log };
}

async function hardwareRows(db: string, deviceId: string): Promise<number> {
  const { stdout } = await run('mariadb', [
    '-h',
    '127.0.0.1',
    '-u',
    'root',
    '-N',
    db,
    '-e',
    `SELECT COUNT(*) FROM hardware WHERE DEVICEID='${deviceId.replace(/'/g, '')}'`,
  ]);
  return Number(stdout.trim());
}

const noStack = stackUnavailableReason() ?? (realSchemaAvailable() ? null : 'no OCS schema file');

describe.skipIf(noStack !== null)('the real Apache and agent of the OCS stack', () => {
  let db = '';
  let previousDb = 'ocsweb';
  beforeAll(async () => {
    db = await createRealSchemaDb();
  });
  afterAll(async () => {
    if (db) await dropDb(db);
  });

  it('serves the generated certificates to curl --cacert and to the agent over HTTPS (private CA RSA 2048, private CA ECDSA P-256, self-signed RSA)', async () => {
    const served: { label: string; cert: string; key: string; cacert: string; keyType: string }[] = [];
    for (const keyType of ['rsa2048', 'ecdsa-p256'] as const) {
      const out = path.join(dir, `stack-${keyType}`);
      await job('certificates.createCa', {
        subject: { commonName: `Stack CA ${keyType}` },
        keyType,
        passphrase: 'stack-ca-pass',
        outputDir: out,
      });
      await job('certificates.sign', {
        caCertFile: path.join(out, 'cacert.pem'),
        caKeyFile: path.join(out, 'ca.key'),
        caPassphrase: 'stack-ca-pass',
        subject: { commonName: 'localhost' },
        ipAddresses: ['127.0.0.1'],
        keyType,
        outputDir: out,
      });
      const label = `private CA ${keyType}`;
      served.push({
        label,
        cert: path.join(out, 'server.pem'),
        key: path.join(out, 'server.key'),
        cacert: path.join(out, 'cacert.pem'),
        keyType,
      });
    }
    const ss = path.join(dir, 'stack-self-signed');
    await job('certificates.selfSigned', {
      subject: { commonName: 'localhost' },
      ipAddresses: ['127.0.0.1'],
      outputDir: ss,
    });
    // self-signed: the agents' cacert.pem is the certificate itself
    served.push({
      label: 'self-signed rsa2048',
      cert: path.join(ss, 'server.pem'),
      key: path.join(ss, 'server.key'),
      cacert: path.join(ss, 'server.pem'),
      keyType: 'rsa2048',
    });

    await withStackLock(async () => {
      previousDb = /OCS_DB_NAME=(\S+)/.exec(await stack('env'))?.[1] ?? 'ocsweb';
      await stack('use-db', db);
      try {
        for (const s of served) {
          await stack('use-cert', s.cert, s.key);
          // curl: no TLS error (the comm server answers a bare GET with 400)
          const { stdout } = await run('curl', [
            '-sS',
            '-o',
            '/dev/null',
            '-w',
            '%{http_code} %{ssl_verify_result}',
            '--cacert',
            s.cacert,
            STACK_ENV.serverHttpsUrl,
          ]);
          expect(stdout, s.label).toBe('400 0');
          // the stack's own CA does not verify it
          await expect(
            run('curl', ['-sS', '-o', '/dev/null', '--cacert', STACK_ENV.caFile, STACK_ENV.serverHttpsUrl]),
          ).rejects.toThrow();
          // the check panel
          const check = await call(user, 'certificates.check', {
            url: STACK_ENV.serverHttpsUrl,
            caFile: s.cacert,
          });
          expect(check, s.label).toMatchObject({ trusted: true, hostnameMatches: true, warnings: [] });
          expect(check.chain[0]!.keyType).toBe(s.keyType === 'rsa2048' ? 'RSA 2048' : 'ECDSA P-256');
          const wrong = await call(user, 'certificates.check', {
            url: STACK_ENV.serverHttpsUrl,
            caFile: STACK_ENV.caFile,
          });
          expect(wrong.warnings.map((w) => w.code)).toEqual(['UNTRUSTED']);
          // the real agent 2.10 (Perl LWP + IO::Socket::SSL) posts an inventory over HTTPS
          const { deviceId } = await agentOverHttps(s.cacert, dir);
          expect(await hardwareRows(db, deviceId), `${s.label}: hardware row for ${deviceId}`).toBe(1);
          // and refuses the server with another CA file
          await expect(agentOverHttps(STACK_ENV.caFile, dir)).rejects.toThrow(/certificate verify failed/);
        }
      } finally {
        await stack('use-cert', '--default');
        await stack('use-db', previousDb).catch(() => stack('use-db', 'ocsweb'));
      }
    });
  }, 600_000);
});

describe('certificates.inspect on hostile paths (User route)', () => {
  it('accepts only regular files and never blocks on a named pipe', async () => {
    const fifo = path.join(dir, 'pipe');
    await run('mkfifo', [fifo]);
    const timeout = (ms: number) =>
      new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), ms).unref());
    const code = (p: Promise<unknown>) =>
      Promise.race([
        p.then(
          () => 'ok',
          (e: AppError) => `${e.code}:${String(e.params.reason)}`,
        ),
        timeout(5000),
      ]);
    // Five reads of the pipe used to hold every thread of the file pool: now each is refused at once.
    const pipes = await Promise.all(
      Array.from({ length: 5 }, () => code(call(user, 'certificates.inspect', { file: fifo }))),
    );
    expect(pipes).toEqual(Array(5).fill('FILE_INVALID:not a regular file'));
    expect(await code(call(user, 'certificates.inspect', { file: dir }))).toBe(
      'FILE_INVALID:not a regular file',
    );
    expect(await code(call(user, 'certificates.inspect', { file: '/dev/zero' }))).toBe(
      'FILE_INVALID:not a regular file',
    );
    expect(await code(call(user, 'certificates.inspect', { file: path.join(dir, 'none.pem') }))).toMatch(
      /^FILE_NOT_FOUND/,
    );
    const plain = path.join(dir, 'plain.txt');
    await run('sh', ['-c', `printf 'not a cert' > '${plain}'`]);
    expect(await code(call(user, 'certificates.inspect', { file: plain }))).toBe(
      'FILE_INVALID:no PEM certificate found',
    );
  });
});
