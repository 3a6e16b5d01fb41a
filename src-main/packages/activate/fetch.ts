import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../platform/errors';

export interface FetchOptions {
  /** PEM CA certificates trusted for HTTPS (replace the system store, as the agents do). */
  ca?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
]);

/** Maps a network/TLS failure to the message the admin can act on. */
export function networkError(e: unknown, url: string, timeoutMs: number): AppError {
  if (e instanceof AppError) return e;
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? '';
  if (UNTRUSTED.has(code)) {
    return new AppError(
      'TLS_FAILED',
      { url, reason: 'untrusted', detail: `certificate not trusted by the CA file (${code})` },
      { cause: e },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new AppError(
      'TLS_FAILED',
      {
        url,
        reason: 'name-mismatch',
        detail: `the certificate does not name this host (${err.reason ?? code})`,
      },
      { cause: e },
    );
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return new AppError(
      'TLS_FAILED',
      { url, reason: 'expired', detail: 'the certificate has expired' },
      { cause: e },
    );
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return new AppError(
      'TLS_FAILED',
      { url, reason: 'not-yet-valid', detail: 'the certificate is not valid yet' },
      { cause: e },
    );
  }
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    /certificate|ssl|tls/i.test(err?.message ?? '')
  ) {
    return new AppError(
      'TLS_FAILED',
      { url, reason: 'tls', detail: `${code || 'TLS error'}: ${err?.message ?? ''}`.slice(0, 300) },
      { cause: e },
    );
  }
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') {
    return new AppError('TIMEOUT', { what: url, seconds: Math.round(timeoutMs / 100) / 10 }, { cause: e });
  }
  if (UNREACHABLE.has(code)) return new AppError('SERVER_UNREACHABLE', { url, reason: code }, { cause: e });
  return new AppError('SERVER_UNREACHABLE', { url, reason: code || String(err?.message ?? e) }, { cause: e });
}

/**
 * GET `url` and hand every body chunk to `onChunk`; returns the byte count. Non-2xx → HTTP_FAILED.
 * The timeout is an idle timeout (no byte for timeoutMs), so big fragments on slow links pass.
 */
export function fetchStream(
  url: string,
  opts: FetchOptions,
  onChunk: (b: Buffer) => void,
): Promise<{ bytes: number; contentLength: number | null }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const isHttps = u.protocol === 'https:';
    const mod = isHttps ? https : http;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(networkError(e, url, opts.timeoutMs));
    };
    const req = mod.request(
      u,
      {
        method: 'GET',
        agent: false,
        headers: { 'user-agent': 'OCS-Desk', accept: '*/*' },
        ...(isHttps ? { ca: opts.ca, rejectUnauthorized: true } : {}),
        signal: opts.signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          res.resume();
          fail(new AppError('HTTP_FAILED', { url, status }));
          return;
        }
        const cl = res.headers['content-length'];
        let bytes = 0;
        res.on('data', (b: Buffer) => {
          bytes += b.length;
          try {
            onChunk(b);
          } catch (e) {
            fail(e);
          }
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({ bytes, contentLength: cl === undefined ? null : Number(cl) });
        });
        res.on('error', fail);
      },
    );
    req.setTimeout(opts.timeoutMs, () => {
      const e = new Error('timeout') as NodeJS.ErrnoException;
      e.code = 'TIMEOUT';
      fail(e);
    });
    req.on('error', (e) => {
      if (opts.signal?.aborted) {
        if (!settled) {
          settled = true;
          reject(new AppError('JOB_CANCELLED'));
        }
        return;
      }
      fail(e);
    });
    req.end();
  });
}

export async function fetchText(url: string, opts: FetchOptions, max = 1024 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  await fetchStream(url, opts, (b) => {
    n += b.length;
    if (n > max) throw new AppError('FILE_INVALID', { path: url, reason: 'too large for an info file' });
    parts.push(b);
  });
  return Buffer.concat(parts).toString('utf8');
}
