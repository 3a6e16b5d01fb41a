import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src-main/app/compose';
import { startWebShell, type WebShell } from '../../src-main/web-shell/server';

function send(
  shell: WebShell,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web shell guard', () => {
  let shell: WebShell;
  let host = '';
  const rpc = (headers: Record<string, string>, body = JSON.stringify({ route: 'system.info', input: {} })) =>
    send(shell, {
      method: 'POST',
      path: '/api/rpc',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>OCS Desk</title>');
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'assets', 'page-abc123.js'), 'export const page = 1;');
    shell = await startWebShell(composeApp(), { rendererDir: dir });
    host = `127.0.0.1:${shell.port}`;
  });
  afterAll(() => shell.close());

  it('listens on loopback with a long random token in the URL fragment', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('answers a call carrying the token', async () => {
    const r = await rpc({ host, authorization: `Bearer ${shell.token}` });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, data: { door: 'web' } });
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a missing or wrong token', async () => {
    expect((await rpc({ host })).status).toBe(401);
    expect((await rpc({ host, authorization: 'Bearer nope' })).status).toBe(401);
    expect((await rpc({ host, authorization: `Bearer ${shell.token}x` })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const r = await rpc({ host: `evil.example:${shell.port}`, authorization: `Bearer ${shell.token}` });
    expect(r.status).toBe(403);
    expect((await send(shell, { path: '/', headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    const r = await rpc({ host, origin: 'http://evil.example', authorization: `Bearer ${shell.token}` });
    expect(r.status).toBe(403);
  });

  it('only accepts POST with JSON for calls, and bounds the body', async () => {
    const auth = { host, authorization: `Bearer ${shell.token}` };
    expect((await send(shell, { path: '/api/rpc', headers: auth })).status).toBe(405);
    const text = await send(shell, {
      method: 'POST',
      path: '/api/rpc',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    // An oversized body gets a 413 the client can read (not a dropped connection), declared or not.
    const big = await rpc(auth, 'x'.repeat(3 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: 'body-too-large' });
    const chunked = await rpc(
      { ...auth, 'transfer-encoding': 'chunked' },
      JSON.stringify({ route: 'system.info', input: { pad: 'y'.repeat(3 * 1024 * 1024) } }),
    );
    expect(chunked.status).toBe(413);
  });

  it('answers 400 with a clear error to a null or malformed body and a malformed %-escape', async () => {
    const auth = { host, authorization: `Bearer ${shell.token}` };
    for (const body of ['null', '[]', '"x"', '{"route":5}', '{"route":']) {
      const r = await rpc(auth, body);
      expect(r.status, body).toBe(400);
      expect(JSON.parse(r.body), body).toMatchObject({ error: 'body', detail: expect.any(String) });
    }
    for (const p of ['/%E0%A4%A', '/%', '/assets/%zz.js']) {
      const r = await send(shell, { path: p, headers: { host } });
      expect(r.status, p).toBe(400);
      expect(r.body).toMatch(/malformed/);
    }
    // The shell still answers afterwards.
    expect((await rpc(auth)).status).toBe(200);
  });

  it('serves the renderer with security headers and index.html for client routes', async () => {
    const r = await send(shell, { path: '/computers/12', headers: { host } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>OCS Desk</title>');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const escape = await send(shell, { path: '/../../etc/passwd', headers: { host } });
    expect(escape.body).not.toContain('root:');
  });

  it('serves a built asset from memory after its first read, with the same headers and bytes', async () => {
    const first = await send(shell, { path: '/assets/page-abc123.js', headers: { host } });
    const again = await send(shell, { path: '/assets/page-abc123.js', headers: { host } });
    for (const r of [first, again]) {
      expect(r.status).toBe(200);
      expect(r.body).toBe('export const page = 1;');
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    }
    expect((await send(shell, { path: '/assets/missing-1.js', headers: { host } })).status).toBe(404);
    const escape = await send(shell, { path: '/assets/../../../etc/passwd', headers: { host } });
    expect(escape.body).not.toContain('root:');
  });

  it('maps unknown routes and roles through the router', async () => {
    const r = await rpc(
      { host, authorization: `Bearer ${shell.token}` },
      JSON.stringify({ route: 'computers.columns', input: {} }),
    );
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    const u = await rpc(
      { host, authorization: `Bearer ${shell.token}` },
      JSON.stringify({ route: 'nope.nope', input: {} }),
    );
    expect(JSON.parse(u.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
  });
});
