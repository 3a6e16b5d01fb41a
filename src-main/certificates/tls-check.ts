import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import tls, { type DetailedPeerCertificate } from 'node:tls';
import type { CheckResult, CheckWarning } from '../../shared/contract/certificates';
import { AppError } from '../platform/errors';
import { fsError } from '../platform/files/atomic';
import { certificateInfo } from './inspect';

interface CheckOptions {
  url: string;
  caFile?: string;
  timeoutMs: number;
  now?: Date;
}

/** Certificates the peer presented, leaf first (Node links them through issuerCertificate). */
function peerChain(leaf: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: DetailedPeerCertificate | undefined = leaf;
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}

/**
 * Connects to an HTTPS server, reads its certificate chain and checks it against the chosen
 * cacert.pem (the file the agents trust) and the host name, as the agents would.
 */
export async function checkServer(opts: CheckOptions): Promise<CheckResult> {
  const url = new URL(opts.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  let ca: string | undefined;
  if (opts.caFile) {
    try {
      ca = await readFile(opts.caFile, 'utf8');
    } catch (e) {
      throw fsError(e, opts.caFile);
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(ca)) {
      throw new AppError('FILE_INVALID', { path: opts.caFile, reason: 'no PEM certificate in this file' });
    }
  }
  const { socket, chain } = await new Promise<{ socket: tls.TLSSocket; chain: X509Certificate[] }>(
    (resolve, reject) => {
      const socket = tls.connect({
        host,
        port,
        servername: isIP(host) ? undefined : host,
        rejectUnauthorized: false,
        ...(ca ? { ca } : {}),
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new AppError('TIMEOUT', { what: opts.url, seconds: Math.round(opts.timeoutMs / 1000) }));
      }, opts.timeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        const leaf = socket.getPeerCertificate(true);
        if (!leaf || !leaf.raw) {
          socket.destroy();
          reject(new AppError('TLS_FAILED', { url: opts.url, detail: 'the server sent no certificate' }));
          return;
        }
        resolve({ socket, chain: peerChain(leaf) });
      });
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        if (
          ['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(
            e.code ?? '',
          )
        ) {
          reject(
            new AppError('SERVER_UNREACHABLE', { url: opts.url, reason: e.code ?? e.message }, { cause: e }),
          );
        } else {
          reject(new AppError('TLS_FAILED', { url: opts.url, detail: e.message }, { cause: e }));
        }
      });
    },
  );
  const trusted = socket.authorized;
  const trustError = socket.authorizationError ? String(socket.authorizationError) : null;
  const protocol = socket.getProtocol();
  const peer = socket.getPeerCertificate();
  socket.end();
  socket.destroy();

  const hostnameMatches = tls.checkServerIdentity(host, peer) === undefined;
  const infos = chain.map((c) => certificateInfo(c, opts.now));
  const leaf = infos[0]!;
  const warnings: CheckWarning[] = [];
  if (leaf.expiry === 'expired')
    warnings.push({ code: 'EXPIRED', message: `the certificate expired on ${leaf.notAfter}` });
  if (leaf.expiry === 'warning') {
    warnings.push({
      code: 'EXPIRES_SOON',
      message: `the certificate expires in ${leaf.daysLeft} days (${leaf.notAfter})`,
    });
  }
  if (leaf.expiry === 'not-yet-valid') {
    warnings.push({ code: 'NOT_YET_VALID', message: `the certificate is valid only from ${leaf.notBefore}` });
  }
  if (!trusted) {
    warnings.push({
      code: 'UNTRUSTED',
      message: `not signed by ${opts.caFile ? opts.caFile : 'a CA of the system store'} (${trustError ?? 'unknown reason'}): agents using that file will refuse it`,
    });
  }
  if (!hostnameMatches) {
    warnings.push({
      code: 'NAME_MISMATCH',
      message: `the certificate does not name ${host}: agents check the name and will refuse it`,
    });
  }
  return {
    url: opts.url,
    host,
    port,
    protocol,
    chain: infos,
    trusted,
    trustError,
    hostnameMatches,
    caFile: opts.caFile ?? null,
    warnings,
    checkedAt: (opts.now ?? new Date()).toISOString(),
  };
}
