import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { appParams, rootParams } from './db';
import { MAKE_FLEET } from './ocs-stack';

/** A job control that is never cancelled and ignores progress (import service calls in tests). */
export const noCtl = () => ({ signal: new AbortController().signal, progress: () => undefined });

/** Runs `fn` on a pool of the application account over `db`, destroyed afterwards. */
export async function withPool<T>(db: string, fn: (k: Knex) => Promise<T>): Promise<T> {
  const k = await createPool(appParams(db), { max: 4 });
  try {
    return await fn(k);
  } finally {
    await k.destroy();
  }
}

/** Builds an entry point (the CLI by default) into `outDir` as one CommonJS file (node_modules through NODE_PATH). */
export async function buildCli(
  outDir: string,
  entry = path.resolve(import.meta.dirname, '../../src-main/cli/index.ts'),
): Promise<string> {
  const out = path.join(outDir, path.basename(entry).replace(/\.ts$/, '') + '.cjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

/** Environment for a built entry point run with `process.execPath`. */
export const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_PATH: path.resolve(import.meta.dirname, '../../node_modules'),
  ...extra,
});

/** The same inventory with `n` software entries of its own (long texts when `long`). */
export function withSoftware(xml: string, n: number, tag: string, long = false): string {
  const pad = long ? ' ' + 'x'.repeat(200) : '';
  const soft: string[] = [];
  for (let i = 0; i < n; i++) {
    soft.push(
      `<SOFTWARES><COMMENTS>${tag} comment ${i}${pad}</COMMENTS><NAME>${tag} product ${i}</NAME>` +
        `<PUBLISHER>${tag} publisher ${i % 50}</PUBLISHER><VERSION>${i % 7}.${i % 13}</VERSION></SOFTWARES>`,
    );
  }
  return xml
    .replace(/<SOFTWARES>[\s\S]*?<\/SOFTWARES>\s*/g, '')
    .replace('</CONTENT>', soft.join('\n') + '\n</CONTENT>');
}

/** make-fleet.py into `out` (one worker: the tests share 2 cores); the `.ocs` file names, sorted. */
export function makeFleet(out: string, count: number, extra: string[] = [], seed = 11): string[] {
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(count),
    '--out',
    out,
    '--seed',
    String(seed),
    '--jobs',
    '1',
    ...extra,
  ]);
  return readdirSync(out)
    .filter((f) => f.endsWith('.ocs'))
    .sort();
}

/**
 * When the calling test fails (a hang guard's timeout included), prints what the database server is
 * doing: every statement with its state and time, and the InnoDB lock waits. A rare hang that does not
 * reproduce alone then says where it waited. Call inside the test.
 */
export function printServerStateOnFailure(onTestFailed: (fn: () => Promise<void>) => void): void {
  onTestFailed(async () => {
    const k = await createPool(rootParams('mysql'), { max: 1 });
    try {
      const [procs] = (await k.raw(
        "SELECT ID, USER, DB, COMMAND, TIME, STATE, LEFT(INFO, 300) AS INFO FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Sleep' ORDER BY TIME DESC",
      )) as [unknown[]];
      const [waits] = (await k.raw('SELECT * FROM information_schema.INNODB_LOCK_WAITS')) as [unknown[]];
      console.log(`server state at the failure:\n${JSON.stringify({ procs, waits }, null, 1)}`);
    } catch (e) {
      console.log(`server state at the failure: not read (${String(e)})`);
    } finally {
      await k.destroy();
    }
  });
}
