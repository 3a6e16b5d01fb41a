import http from 'node:http';
import https from 'node:https';
import type { CommProbe } from '../../shared/contract/diagnostics';

export interface ProbeAnswer {
  status: number | null;
  headers: http.IncomingHttpHeaders;
  /** The body's first `maxBody` bytes. */
  body: Buffer;
  ms: number;
  /** Network failure (refused, timeout, TLS handshake…), null when the server answered. */
  error: string | null;
}

/**
 * One HTTP(S) request with a deadline. Certificates are not verified here: whether the agents trust
 * the server is the certificate check's question; this one asks whether the server answers.
 */
export function httpProbe(
  url: string,
  opts: { method?: 'GET' | 'HEAD'; timeoutMs: number; maxBody?: number },
): Promise<ProbeAnswer> {
  const started = performance.now();
  const maxBody = opts.maxBody ?? 64 * 1024;
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Omit<ProbeAnswer, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...a, ms: Math.round(performance.now() - started) });
    };
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      finish({ status: null, headers: {}, body: Buffer.alloc(0), error: 'not a valid address' });
      return;
    }
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      {
        method: opts.method ?? 'GET',
        headers: { 'User-Agent': 'OCS-Desk-diagnostics' },
        ...(u.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < maxBody) chunks.push(c.subarray(0, maxBody - size));
          size += c.length;
          if (size >= maxBody) res.destroy();
        });
        const end = () =>
          finish({
            status: res.statusCode ?? null,
            headers: res.headers,
            body: Buffer.concat(chunks),
            error: null,
          });
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({
        status: null,
        headers: {},
        body: Buffer.alloc(0),
        error: `no answer within ${Math.round(opts.timeoutMs / 1000)} s`,
      });
    }, opts.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) =>
      finish({ status: null, headers: {}, body: Buffer.alloc(0), error: e.code ?? e.message }),
    );
    req.end();
  });
}

/**
 * A GET of the comm server's address, which any working comm server answers 400 (only agents' POSTs
 * and a few GETs are requests to it); 500 is its answer when it cannot reach its database or read its
 * settings (ocs-compat 1.3).
 */
export async function probeCommServer(
  url: string,
  from: CommProbe['from'],
  timeoutMs: number,
): Promise<CommProbe> {
  const a = await httpProbe(url, { timeoutMs, maxBody: 4096 });
  const server = typeof a.headers.server === 'string' ? a.headers.server : null;
  const verdict: CommProbe['verdict'] =
    a.status === null ? 'unreachable' : a.status === 400 ? 'ok' : a.status >= 500 ? 'errors' : 'unexpected';
  return { url, from, verdict, status: a.status, server, ms: a.ms, error: a.error };
}
