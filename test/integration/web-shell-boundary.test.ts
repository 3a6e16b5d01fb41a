import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src-main/app/compose';
import { startWebShell, type WebShell } from '../../src-main/web-shell/server';

/**
 * The web shell's boundary, request by request over raw TCP (so that nothing a client library
 * would fix up — Host, escapes, lengths — is fixed up): every hostile request gets its specific
 * status and a body without a stack trace or a file path.
 */

interface Reply {
  status: number;
  body: string;
}

/** Decodes a chunked HTTP/1.1 body. */
function unchunk(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const eol = s.indexOf('\r\n', i);
    if (eol < 0) return out;
    const n = parseInt(s.slice(i, eol), 16);
    if (!n) return out;
    out += s.slice(eol + 2, eol + 2 + n);
    i = eol + 2 + n + 2;
  }
}

/** Sends raw bytes, reads the reply until the server closes or `timeoutMs`. */
function raw(
  port: number,
  chunks: Array<string | Buffer>,
  opts: { gapMs?: number; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      const [head = '', ...rest] = data.split('\r\n\r\n');
      let body = rest.join('\r\n\r\n');
      if (/^transfer-encoding:\s*chunked/im.test(head)) body = unchunk(body);
      resolve({ status: m ? Number(m[1]) : 0, body });
    };
    const timer = setTimeout(() => {
      sock.destroy();
      done();
    }, opts.timeoutMs ?? 10_000);
    sock.on('data', (c) => (data += c.toString('utf8')));
    sock.on('close', () => {
      clearTimeout(timer);
      done();
    });
    sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    void (async () => {
      for (const c of chunks) {
        if (sock.destroyed) return;
        sock.write(c);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
    })();
  });
}

function noStack(r: Reply): void {
  expect(r.body).not.toMatch(/\n\s+at |Error:|\/src-main\/|node_modules|\.ts:\d+/);
}

describe('web shell boundary', () => {
  let shell: WebShell;
  let host = '';

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>OCS Desk</title>');
    shell = await startWebShell(composeApp(), { rendererDir: dir });
    host = `127.0.0.1:${shell.port}`;
  });
  afterAll(() => shell.close());

  /** A request with Connection: close (the server ends the reply, raw() reads to the end). */
  const req = (lines: string[], body = '') =>
    `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  const call = (headers: string[], body = JSON.stringify({ route: 'system.info', input: {} })) =>
    req(['POST /api/rpc HTTP/1.1', ...headers], body);
  const auth = () => [`Host: ${host}`, `Authorization: Bearer ${shell.token}`];

  it('the well-formed call works (the baseline of every case below)', async () => {
    const r = await raw(shell.port, [call([...auth(), 'Content-Type: application/json'])]);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });

  it('token: missing, wrong, another scheme, in the query string, on the events stream → 401', async () => {
    const cases = [
      call([`Host: ${host}`, 'Content-Type: application/json']),
      call([`Host: ${host}`, 'Authorization: Bearer x', 'Content-Type: application/json']),
      call([`Host: ${host}`, `Authorization: Basic ${shell.token}`, 'Content-Type: application/json']),
      call([`Host: ${host}`, `Authorization: Bearer  ${shell.token}`, 'Content-Type: application/json']),
      call([
        `Host: ${host}`,
        `Authorization: bearer ${shell.token.toUpperCase()}`,
        'Content-Type: application/json',
      ]),
      req(
        [`POST /api/rpc?token=${shell.token} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json'],
        '{}',
      ),
      req(['GET /api/events HTTP/1.1', `Host: ${host}`]),
    ];
    for (const c of cases) {
      const r = await raw(shell.port, [c]);
      expect(r.status, c.split('\r\n').slice(0, 3).join(' | ')).toBe(401);
      noStack(r);
    }
  });

  it('Host: foreign, other port, suffix tricks, missing → 403', async () => {
    for (const h of [
      'evil.example',
      `evil.example:${shell.port}`,
      '127.0.0.1:1',
      `127.0.0.1.evil.example:${shell.port}`,
      `localhost.evil:${shell.port}`,
    ]) {
      const r = await raw(shell.port, [
        call([`Host: ${h}`, `Authorization: Bearer ${shell.token}`, 'Content-Type: application/json']),
      ]);
      expect(r.status, h).toBe(403);
      noStack(r);
    }
    const none = await raw(shell.port, ['GET / HTTP/1.0\r\n\r\n']);
    expect([400, 403]).toContain(none.status);
  });

  it('Origin: cross-site, null, another scheme or port → 403', async () => {
    for (const o of [
      'http://evil.example',
      'null',
      `https://127.0.0.1:${shell.port}`,
      'http://127.0.0.1:1',
      `http://127.0.0.1:${shell.port}.evil.example`,
    ]) {
      const r = await raw(shell.port, [call([...auth(), `Origin: ${o}`, 'Content-Type: application/json'])]);
      expect(r.status, o).toBe(403);
      noStack(r);
    }
  });

  it('content types other than JSON → 415; methods other than POST → 405', async () => {
    for (const t of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/json',
      '',
    ]) {
      const r = await raw(shell.port, [call([...auth(), ...(t ? [`Content-Type: ${t}`] : [])])]);
      expect(r.status, t).toBe(415);
      noStack(r);
    }
    for (const m of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await raw(shell.port, [req([`${m} /api/rpc HTTP/1.1`, ...auth()])]);
      expect(r.status, m).toBe(405);
    }
  });

  it('null, non-object and malformed JSON bodies → 400', async () => {
    for (const body of [
      'null',
      '[]',
      '"system.info"',
      '42',
      '{',
      '{"route":1}',
      '{"input":{}}',
      '',
      '\u0000',
      '{"route":"system.info"',
    ]) {
      const r = await raw(shell.port, [call([...auth(), 'Content-Type: application/json'], body)]);
      expect(r.status, JSON.stringify(body)).toBe(400);
      noStack(r);
    }
  });

  it('malformed URL escapes → 400, never 500', async () => {
    for (const p of ['/%E0%A4%A', '/%', '/%zz', '/computers/%C0%AF', '/%ED%A0%80']) {
      const r = await raw(shell.port, [req([`GET ${p} HTTP/1.1`, `Host: ${host}`])]);
      expect(r.status, p).toBe(400);
      noStack(r);
    }
  });

  it('oversized bodies (declared or sent) → 413 that the client can read', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const sent = await raw(shell.port, [call([...auth(), 'Content-Type: application/json'], big)]);
    expect(sent.status).toBe(413);
    noStack(sent);
    const declared = await raw(shell.port, [
      [
        'POST /api/rpc HTTP/1.1',
        ...auth(),
        'Content-Type: application/json',
        'Content-Length: 999999999',
        '',
        '{',
      ].join('\r\n'),
    ]);
    expect(declared.status).toBe(413);
  });

  it('a slow client that trickles its request is answered normally; a stalled one does not block others', async () => {
    const whole = call([...auth(), 'Content-Type: application/json']);
    const pieces = whole.match(/[\s\S]{1,16}/g)!;
    const stalled = raw(shell.port, [whole.slice(0, whole.length - 5)], { timeoutMs: 3000 });
    const slow = await raw(shell.port, pieces, { gapMs: 20 });
    expect(slow.status).toBe(200);
    const other = await raw(shell.port, [whole]);
    expect(other.status).toBe(200);
    expect((await stalled).status).toBe(0); // no answer yet for an incomplete body, and no crash
  });
});
