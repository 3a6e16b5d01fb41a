import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

// npm runs benchmarks from the project root (run-ts bundles this file elsewhere, so no __dirname).
const ROOT = process.cwd();

/** The built web shell (`dist/main/web-shell.cjs`), as the e2e tests start it, and its one session. */
export interface BenchShell {
  origin: string;
  token: string;
  child: ChildProcess;
  /** One route call over HTTP with the shell's token, as the renderer makes it; throws on an error answer. */
  rpc<T = unknown>(route: string, input: unknown): Promise<T>;
  stop(): void;
}

/**
 * `dist` (default `OCS_BENCH_DIST`, else `dist/`): another build's folder (a copy of dist/ made before a
 * change) measures that build, e.g. to compare two builds in one session.
 */
export async function startShell(dist = process.env.OCS_BENCH_DIST ?? 'dist'): Promise<BenchShell> {
  // Its own settings folder: no saved profile or window state of a user leaks in.
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-bench-browser-'));
  const child = spawn(process.execPath, [path.resolve(ROOT, dist, 'main/web-shell.cjs')], {
    cwd: ROOT,
    env: { ...process.env, OCS_DESK_LOG_LEVEL: 'warn', OCS_DESK_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('web shell did not start in 20 s')), 20_000);
    child.once('exit', (code) =>
      reject(new Error(`web shell exited with ${code} (run npm run build first)`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(line);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const u = new URL(url);
  const token = /token=([^&]+)/.exec(u.hash)![1]!;
  const rpc = async <T>(route: string, input: unknown): Promise<T> => {
    const res = await fetch(`${u.origin}/api/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ route, input }),
    });
    const body = (await res.json()) as { ok: boolean; data?: T; error?: { code: string } };
    if (!body.ok) throw new Error(`${route}: ${body.error?.code ?? res.status}`);
    return body.data as T;
  };
  return { origin: u.origin, token, child, rpc, stop: () => child.kill('SIGTERM') };
}
