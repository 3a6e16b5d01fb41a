import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  isIpAddress,
  type CertificateInfo,
  type CheckResult,
  type IssueResult,
  type WrittenFile,
} from '../../shared/contract/certificates';
import type { z } from 'zod';
import type * as C from '../../shared/contract/certificates';
import { AppError } from '../platform/errors';
import { fsError } from '../platform/files/atomic';
import { readRegularText } from '../platform/files/read-regular';
import { assertAbsent, writeNewFile } from '../platform/files/write-new-file';
import type { JobControl } from '../platform/jobs/job-runner';
import { certificateInfo, splitPemCertificates } from './inspect';
import { generateKey, privateKeyPem, readPrivateKey, type KeyPair } from './keys';
import { agentNote, serverSnippets } from './snippets';
import { checkServer } from './tls-check';
import { buildCertificate, buildCsr, subjectNameDer, type AltNamesInput } from './x509';

type Out<T extends z.ZodType> = z.output<T>;
const DAY_MS = 86_400_000;
/** Back-dates notBefore a little so a server whose clock is slightly behind accepts the certificate. */
const CLOCK_SKEW_MS = 5 * 60_000;
const KEY_MODE = 0o600;
const PUBLIC_MODE = 0o644;

/** Progress reporting and cancellation: the job context, or a no-op one (CLI, tests). */
export type Ctl = Pick<JobControl, 'signal' | 'progress'>;

/** The server name (CN) always goes in the alternative names: clients only look there. */
export function altNamesFor(commonName: string, dnsNames: string[], ipAddresses: string[]): AltNamesInput {
  const dns = new Set(dnsNames.map((n) => n.toLowerCase()));
  const ips = new Set(ipAddresses);
  if (isIpAddress(commonName)) ips.add(commonName);
  else dns.add(commonName.toLowerCase());
  return { dnsNames: [...dns], ipAddresses: [...ips] };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError('JOB_CANCELLED'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function newKey(type: C.KeyType, ctl: Ctl, step: number, total: number): Promise<KeyPair> {
  ctl.progress(
    step,
    total,
    `generating the ${type.startsWith('rsa') ? `RSA ${type.slice(3)}` : 'ECDSA P-256'} key`,
  );
  return abortable(generateKey(type), ctl.signal);
}

async function ensureDir(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  try {
    await mkdir(abs, { recursive: true });
    if (!(await stat(abs)).isDirectory())
      throw new AppError('FILE_INVALID', { path: abs, reason: 'not a folder' });
  } catch (e) {
    throw fsError(e, abs);
  }
  return abs;
}

/** Certificates, keys and CSRs are small regular files; anything else is refused at once. */
function readText(file: string): Promise<string> {
  return readRegularText(file, 1024 * 1024);
}

function parseCertificate(pem: string, source: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (e) {
    throw new AppError('FILE_INVALID', { path: source, reason: 'not a PEM certificate' }, { cause: e });
  }
}

/** The key written with the request must be the one the certificate certifies. */
export function assertKeyMatches(
  cert: X509Certificate,
  key: KeyObject,
  certName: string,
  keyName: string,
): void {
  if (!cert.checkPrivateKey(key)) {
    throw new AppError('CERT_INVALID', {
      detail: `the certificate ${certName} does not match the private key ${keyName} (it was issued for another key)`,
    });
  }
}

async function writeAll(
  files: { kind: WrittenFile['kind']; path: string; data: string; mode: number }[],
  overwrite: boolean,
): Promise<WrittenFile[]> {
  for (const f of files) await writeNewFile(f.path, f.data, { mode: f.mode, overwrite });
  return files.map((f) => ({ kind: f.kind, path: f.path, mode: f.mode.toString(8) }));
}

function validityDates(days: number, now = new Date()): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  };
}

export async function createSelfSigned(input: Out<typeof C.SelfSignedInput>, ctl: Ctl): Promise<IssueResult> {
  const dir = await ensureDir(input.outputDir);
  const keyPath = path.join(dir, `${input.baseName}.key`);
  const certPath = path.join(dir, `${input.baseName}.pem`);
  if (!input.overwrite) await assertAbsent([keyPath, certPath]);
  const total = 3;
  const key = await newKey(input.keyType, ctl, 0, total);
  ctl.signal.throwIfAborted();
  ctl.progress(1, total, 'signing the certificate');
  const pem = buildCertificate({
    subject: input.subject,
    subjectPublicKey: key.publicKey,
    issuer: input.subject,
    issuerKey: key.privateKey,
    ...validityDates(input.validityDays),
    profile: 'server',
    altNames: altNamesFor(input.subject.commonName, input.dnsNames, input.ipAddresses),
  });
  ctl.signal.throwIfAborted();
  ctl.progress(2, total, 'writing the files');
  const files = await writeAll(
    [
      { kind: 'key', path: keyPath, data: privateKeyPem(key.privateKey), mode: KEY_MODE },
      { kind: 'certificate', path: certPath, data: pem, mode: PUBLIC_MODE },
    ],
    input.overwrite,
  );
  ctl.progress(3, total, 'done');
  return {
    files,
    certificate: certificateInfo(new X509Certificate(pem)),
    snippets: serverSnippets({ certificate: certPath, key: keyPath, serverName: input.subject.commonName }),
    // A self-signed certificate is its own CA: the agents get the certificate itself.
    agentNote: agentNote(certPath),
  };
}

export async function createCsr(input: Out<typeof C.CsrInput>, ctl: Ctl): Promise<IssueResult> {
  const dir = await ensureDir(input.outputDir);
  const keyPath = path.join(dir, `${input.baseName}.key`);
  const csrPath = path.join(dir, `${input.baseName}.csr`);
  if (!input.overwrite) await assertAbsent([keyPath, csrPath]);
  const key = await newKey(input.keyType, ctl, 0, 3);
  ctl.signal.throwIfAborted();
  ctl.progress(1, 3, 'building the request');
  const csr = buildCsr(
    input.subject,
    key.privateKey,
    altNamesFor(input.subject.commonName, input.dnsNames, input.ipAddresses),
  );
  ctl.progress(2, 3, 'writing the files');
  const files = await writeAll(
    [
      { kind: 'key', path: keyPath, data: privateKeyPem(key.privateKey), mode: KEY_MODE },
      { kind: 'csr', path: csrPath, data: csr, mode: PUBLIC_MODE },
    ],
    input.overwrite,
  );
  ctl.progress(3, 3, 'done');
  return { files, certificate: null, snippets: null, agentNote: null };
}

export async function importSigned(input: Out<typeof C.ImportInput>): Promise<IssueResult> {
  const keyPath = path.resolve(input.keyFile);
  const key = readPrivateKey(await readText(keyPath), keyPath);
  const source = input.certificateFile ? path.resolve(input.certificateFile) : 'the pasted certificate';
  const text = input.certificateFile ? await readText(source) : (input.certificatePem ?? '');
  const pems = splitPemCertificates(text);
  if (pems.length === 0)
    throw new AppError('FILE_INVALID', { path: source, reason: 'no PEM certificate found' });
  const leaf = parseCertificate(pems[0]!, source);
  assertKeyMatches(leaf, key, source, keyPath);
  const chainPath = input.chainFile ? path.resolve(input.chainFile) : null;
  const chain = chainPath
    ? splitPemCertificates(await readText(chainPath)).map((p) => parseCertificate(p, chainPath))
    : [];
  if (chain[0] && !leaf.verify(chain[0].publicKey)) {
    throw new AppError('CERT_INVALID', {
      detail: `the certificate was not signed by the first certificate of ${chainPath}`,
    });
  }
  const files: WrittenFile[] = [];
  let certPath = source;
  if (input.certificatePem) {
    const dir = await ensureDir(input.outputDir!);
    certPath = path.join(dir, `${input.baseName}.pem`);
    files.push(
      ...(await writeAll(
        [{ kind: 'certificate', path: certPath, data: text.trim() + '\n', mode: PUBLIC_MODE }],
        input.overwrite,
      )),
    );
  }
  const info = certificateInfo(leaf);
  const serverName = info.dnsNames[0] ?? info.ipAddresses[0] ?? 'ocs.example.com';
  return {
    files,
    certificate: info,
    snippets: serverSnippets({ certificate: certPath, key: keyPath, chain: chainPath, serverName }),
    agentNote: chainPath
      ? agentNote(
          `the root certificate of your PKI (the last one of ${chainPath}, or the one your PKI publishes)`,
        )
      : agentNote(`the root certificate of your PKI`),
  };
}

export async function createCa(input: Out<typeof C.CreateCaInput>, ctl: Ctl): Promise<IssueResult> {
  const dir = await ensureDir(input.outputDir);
  const keyPath = path.join(dir, 'ca.key');
  const certPath = path.join(dir, 'cacert.pem');
  if (!input.overwrite) await assertAbsent([keyPath, certPath]);
  const key = await newKey(input.keyType, ctl, 0, 3);
  ctl.signal.throwIfAborted();
  ctl.progress(1, 3, 'signing the CA certificate');
  const pem = buildCertificate({
    subject: input.subject,
    subjectPublicKey: key.publicKey,
    issuer: input.subject,
    issuerKey: key.privateKey,
    ...validityDates(input.validityDays),
    profile: 'ca',
    altNames: null,
  });
  ctl.progress(2, 3, 'writing the files');
  const files = await writeAll(
    [
      {
        kind: 'ca-key',
        path: keyPath,
        data: privateKeyPem(key.privateKey, input.passphrase),
        mode: KEY_MODE,
      },
      { kind: 'ca-certificate', path: certPath, data: pem, mode: PUBLIC_MODE },
    ],
    input.overwrite,
  );
  ctl.progress(3, 3, 'done');
  return {
    files,
    certificate: certificateInfo(new X509Certificate(pem)),
    snippets: null,
    agentNote: agentNote(certPath),
  };
}

export async function signWithCa(input: Out<typeof C.SignInput>, ctl: Ctl): Promise<IssueResult> {
  const caCertPath = path.resolve(input.caCertFile);
  const caKeyPath = path.resolve(input.caKeyFile);
  const caPem = splitPemCertificates(await readText(caCertPath))[0];
  if (!caPem) throw new AppError('FILE_INVALID', { path: caCertPath, reason: 'no PEM certificate found' });
  const caCert = parseCertificate(caPem, caCertPath);
  if (!caCert.ca)
    throw new AppError('CERT_INVALID', {
      detail: `${caCertPath} is not a CA certificate (basicConstraints CA:FALSE)`,
    });
  const caKey = readPrivateKey(await readText(caKeyPath), caKeyPath, input.caPassphrase);
  assertKeyMatches(caCert, caKey, caCertPath, caKeyPath);
  const { notBefore, notAfter } = validityDates(input.validityDays);
  const caEnd = new Date(caCert.validTo);
  if (notAfter > caEnd) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'validityDays',
      detail: `the certificate would outlive the CA (which expires on ${caEnd.toISOString().slice(0, 10)}); at most ${Math.floor((caEnd.getTime() - Date.now()) / DAY_MS)} days`,
    });
  }
  if (new Date() > caEnd) throw new AppError('CERT_INVALID', { detail: `the CA ${caCertPath} has expired` });

  const dir = await ensureDir(input.outputDir);
  const keyPath = path.join(dir, `${input.baseName}.key`);
  const certPath = path.join(dir, `${input.baseName}.pem`);
  const agentCaPath = path.join(dir, 'cacert.pem');
  // cacert.pem for the agents goes beside the server files, unless it is already there (same CA).
  let copyCa = path.resolve(agentCaPath) !== caCertPath;
  if (copyCa) {
    const existing = await readFile(agentCaPath, 'utf8').catch(() => null);
    if (
      existing !== null &&
      splitPemCertificates(existing)[0]?.replace(/\s/g, '') === caPem.replace(/\s/g, '')
    )
      copyCa = false;
  }
  if (!input.overwrite) await assertAbsent([keyPath, certPath, ...(copyCa ? [agentCaPath] : [])]);

  const key = await newKey(input.keyType, ctl, 0, 3);
  ctl.signal.throwIfAborted();
  ctl.progress(1, 3, 'signing the server certificate with the CA');
  const pem = buildCertificate({
    subject: input.subject,
    subjectPublicKey: key.publicKey,
    issuer: { nameDer: subjectNameDer(caCert.raw) },
    issuerKey: caKey,
    notBefore,
    notAfter,
    profile: 'server',
    altNames: altNamesFor(input.subject.commonName, input.dnsNames, input.ipAddresses),
  });
  if (!new X509Certificate(pem).verify(createPublicKey(caKey))) throw new AppError('INTERNAL');
  ctl.progress(2, 3, 'writing the files');
  const files = await writeAll(
    [
      { kind: 'key', path: keyPath, data: privateKeyPem(key.privateKey), mode: KEY_MODE },
      { kind: 'certificate', path: certPath, data: pem, mode: PUBLIC_MODE },
      ...(copyCa
        ? [{ kind: 'ca-certificate' as const, path: agentCaPath, data: caPem + '\n', mode: PUBLIC_MODE }]
        : []),
    ],
    input.overwrite,
  );
  if (!copyCa)
    files.push({
      kind: 'ca-certificate',
      path: agentCaPath,
      mode: ((await stat(agentCaPath)).mode & 0o777).toString(8),
    });
  ctl.progress(3, 3, 'done');
  return {
    files,
    certificate: certificateInfo(new X509Certificate(pem)),
    // The root is what the agents hold; the server sends only its own certificate.
    snippets: serverSnippets({ certificate: certPath, key: keyPath, serverName: input.subject.commonName }),
    agentNote: agentNote(agentCaPath),
  };
}

export async function inspectFile(file: string): Promise<CertificateInfo> {
  const abs = path.resolve(file);
  const pem = splitPemCertificates(await readText(abs))[0];
  if (!pem) throw new AppError('FILE_INVALID', { path: abs, reason: 'no PEM certificate found' });
  return certificateInfo(parseCertificate(pem, abs));
}

export function checkUrl(input: Out<typeof C.CheckInput>): Promise<CheckResult> {
  return checkServer({ url: input.url, caFile: input.caFile, timeoutMs: input.timeoutMs });
}
