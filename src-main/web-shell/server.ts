import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app/compose';
import { eventVisibleTo } from '../platform/events/event-bus';
import { log } from '../platform/log/logger';
import { Session } from '../platform/rpc/session';
import { checkRequest, newToken } from './guard';
import { SECURITY_HEADERS, serveStatic } from './static';

const MAX_BODY = 2 * 1024 * 1024;
const DRAIN_MS = 10_000;

export interface WebShell {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly session: Session;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

/**
 * The request body, at most MAX_BODY bytes. Beyond that it rejects with BodyTooLarge and keeps
 * draining (and dropping) what the client still sends, so the client reads the 413 instead of a
 * reset connection; a client that goes on sending for ever is cut after DRAIN_MS.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    let size = 0;
    let over = false;
    const chunks: Buffer[] = [];
    const tooLarge = () => {
      over = true;
      chunks.length = 0;
      setTimeout(() => req.destroy(), DRAIN_MS).unref();
      reject(new BodyTooLarge());
    };
    if (declared > MAX_BODY) tooLarge();
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_BODY) return tooLarge();
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** A JSON-RPC body: an object with a string route. Anything else is the client's mistake (400). */
function parseRpcBody(text: string): { route: string; input: unknown } | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not valid JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object';
  const { route, input } = body as { route?: unknown; input?: unknown };
  if (typeof route !== 'string') return 'the body needs a "route" string';
  return { route, input };
}

/**
 * The loopback "web shell": the same router as the Electron window, over HTTP on 127.0.0.1 only,
 * on a random port, with a random per-start token. Used where the Electron binary is not available.
 */
export async function startWebShell(
  app: App,
  opts: { rendererDir: string; host?: '127.0.0.1' },
): Promise<WebShell> {
  const token = newToken();
  const session = new Session();
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const isApi = url.startsWith('/api/');
    const failure = checkRequest(req, port, token, { needToken: isApi });
    if (failure) {
      log.warn('web shell refused a request', { failure, path: url.split('?')[0] });
      sendJson(res, failure === 'bad-token' ? 401 : 403, { error: failure });
      return;
    }
    if (url === '/api/rpc') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'method' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { error: 'content-type' });
      }
      let text: string;
      try {
        text = await readBody(req);
      } catch (e) {
        if (!(e instanceof BodyTooLarge)) throw e;
        res.setHeader('Connection', 'close');
        return sendJson(res, 413, { error: 'body-too-large', detail: `at most ${MAX_BODY} bytes` });
      }
      const body = parseRpcBody(text);
      if (typeof body === 'string') return sendJson(res, 400, { error: 'body', detail: body });
      const result = await app.router.call(body.route, body.input, session, 'web');
      return sendJson(res, 200, result);
    }
    if (url === '/api/events') {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'method' });
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const off = app.bus.subscribe((e, meta) => {
        if (eventVisibleTo(meta, session)) res.write(`data: ${JSON.stringify(e)}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        off();
        clearInterval(ping);
      });
      return;
    }
    if (isApi) return sendJson(res, 404, { error: 'not found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method' });
    await serveStatic(opts.rendererDir, url, res);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error('web shell request failed', { error: e });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    session,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await session.dispose();
    },
  };
}
