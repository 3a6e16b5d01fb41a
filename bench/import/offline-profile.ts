/**
 * Offline-only profile (no comm server): N make-fleet files into a fresh OCS Desk DB, statements per
 * file (knex `query` events), time in parse vs DB, rate, peak RSS, and the CPU time per file of this
 * process and of mariadbd (from /proc: on a shared server it includes other clients' work, so an upper
 * bound). CPU per file does not depend on the machine's load the way files/s does.
 * Usage: node bench/import/run.mjs bench/import/offline-profile.ts [N] [concurrency] [dir]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImportBatch } from '../../src-main/import/import.service';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../../test/helpers/db';
import { MAKE_FLEET } from '../../test/helpers/ocs-stack';

const N = Number(process.argv[2] ?? 200);
const CONC = process.argv[3] ? Number(process.argv[3]) : undefined;
const dir = process.argv[4] ?? path.join(os.tmpdir(), `ocs-prof-fleet-${N}`);

/**
 * CPU time (user + system) so far of the mariadbd serving `k` (its @@pid_file: other sessions may run
 * their own mariadbd on this machine), in ms; NaN when it cannot be read.
 */
async function mariadbdCpuMs(k: import('knex').Knex): Promise<number> {
  try {
    const [[r]] = (await k.raw('SELECT @@pid_file AS f')) as [[{ f: string }]];
    const pid = readFileSync(r.f, 'utf8').trim();
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

async function main() {
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    mkdirSync(dir, { recursive: true });
    execFileSync('python3', [MAKE_FLEET, '--count', String(N), '--out', dir, '--seed', '5']);
  }
  const db = await createOcsDb();
  let peak = process.memoryUsage().rss;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const k = await createPool(rootParams(db), { max: 4 });
  const kinds = new Map<string, number>();
  let statements = 0;
  const started = new Map<string, [string, number]>();
  const msBy = new Map<string, number>();
  const done = (q: { __knexQueryUid: string }) => {
    const s = started.get(q.__knexQueryUid);
    if (!s) return;
    started.delete(q.__knexQueryUid);
    msBy.set(s[0], (msBy.get(s[0]) ?? 0) + performance.now() - s[1]);
  };
  const watch = (k: import('knex').Knex) => {
    k.on('query', (q: { sql: string; __knexQueryUid: string }) => {
      statements++;
      const key = q.sql.slice(0, 96).replace(/\s+/g, ' ').slice(0, 48);
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
      started.set(q.__knexQueryUid, [key, performance.now()]);
    });
    k.on('query-response', (_r: unknown, q: { __knexQueryUid: string }) => done(q));
    k.on('query-error', (e: unknown, q: { __knexQueryUid: string; sql: string }) => {
      done(q);
      console.log('query error:', String(e).slice(0, 120), '|', q.sql.replace(/\s+/g, ' ').slice(0, 100));
    });
  };
  // The offline session's own pool forwards its statements to `k`: watching `k` sees both.
  watch(k);
  try {
    const cpu0 = process.cpuUsage();
    const db0 = await mariadbdCpuMs(k);
    const t0 = performance.now();
    const r = await runImportBatch(
      k,
      [dir],
      { mode: 'offline', concurrency: CONC },
      { signal: new AbortController().signal, progress: () => undefined },
    );
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const dbCpu = (await mariadbdCpuMs(k)) - db0;
    console.log(
      `${r.imported}/${r.files.length} imported, failed ${r.failed}; ${(r.files.length / s).toFixed(2)} files/s; ` +
        `${(statements / r.files.length).toFixed(1)} statements/file; peak RSS ${(peak / 1048576).toFixed(0)} MB (heap ${(peakHeap / 1048576).toFixed(0)} MB); load ${os.loadavg()[0]!.toFixed(1)}`,
    );
    console.log(
      `CPU per file: this process ${((cpu.user + cpu.system) / 1000 / r.files.length).toFixed(1)} ms ` +
        `(user ${(cpu.user / 1000 / r.files.length).toFixed(1)}), mariadbd ≤ ${(dbCpu / r.files.length).toFixed(1)} ms`,
    );
    if (process.env.OCS_PROFILE_HEAPSNAPSHOT) {
      (globalThis as { gc?: () => void }).gc?.();
      console.log(
        `heap after gc ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB; snapshot`,
        (await import('node:v8')).writeHeapSnapshot(process.env.OCS_PROFILE_HEAPSNAPSHOT),
      );
    }
    if (r.failed) console.log(r.files.filter((f) => f.status === 'failed').slice(0, 3));
    const f = r.files.length;
    console.log('  per file: count, ms (wall, summed over connections)');
    for (const [q, n] of [...kinds]
      .sort((a, b) => (msBy.get(b[0]) ?? 0) - (msBy.get(a[0]) ?? 0))
      .slice(0, 40)) {
      console.log(String((n / f).toFixed(2)).padStart(7), ((msBy.get(q) ?? 0) / f).toFixed(2).padStart(7), q);
    }
  } finally {
    clearInterval(sampler);
    await k.destroy();
    await dropDb(db);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
