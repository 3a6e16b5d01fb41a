import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/** Same policy as the Electron window: nothing but our own scripts, styles and API. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The built files under assets/ (hashed names: their content never changes), kept after their first
 * read: a cold first screen asks for ~75 of them at once while the same process answers its first RPCs,
 * and a stat plus a read stream per file spaced their answers ~20 ms apart on a loaded machine.
 */
const assets = new Map<string, Buffer>();
/** Beyond this, a file is streamed and not kept (source maps, big lazy chunks). */
const KEEP_MAX_BYTES = 2 * 1024 * 1024;

/** Serves the built renderer; unknown paths get index.html (client-side routes). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    // A malformed escape such as `%E0%A4%A` is the client's mistake, not a server failure.
    res
      .writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' })
      .end('bad request: malformed %-escape in the URL');
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, '.' + path.posix.normalize(rel));
  const inside = file === root || file.startsWith(root + path.sep);
  let target = inside ? file : path.join(root, 'index.html');
  const kept = assets.get(target);
  if (kept) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': typeOf(target), 'Cache-Control': IMMUTABLE });
    res.end(kept);
    return;
  }
  let size = 0;
  try {
    const st = await stat(target);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    if (path.extname(rel) && path.extname(rel) !== '.html') {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    target = path.join(root, 'index.html');
  }
  const immutable = target.includes(`${path.sep}assets${path.sep}`);
  if (immutable && size <= KEEP_MAX_BYTES && path.extname(target) !== '.map') {
    let body: Buffer;
    try {
      body = await readFile(target);
    } catch {
      res.destroy();
      return;
    }
    assets.set(target, body);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': typeOf(target), 'Cache-Control': IMMUTABLE });
    res.end(body);
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': typeOf(target),
    'Cache-Control': immutable ? IMMUTABLE : 'no-cache',
  });
  createReadStream(target)
    .on('error', () => res.destroy())
    .pipe(res);
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

function typeOf(file: string): string {
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}
