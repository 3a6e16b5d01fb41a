/**
 * Import benchmark (docs/import.md): N make-fleet files (OCS_BENCH_IMPORT_N, default 1000) through
 *  1. the real comm server, one curl at a time (baseline, same run),
 *  2. OCS Desk server mode (POST + DB verification, concurrency 1),
 *  3. OCS Desk offline mode (concurrency OCS_BENCH_IMPORT_CONCURRENCY, default 4).
 * Prints rates, ratios, verified counts and peak RSS. Needs root and ../shared/ocs-stack installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImportBatch } from '../../src-main/import/import.service';
import { IMPORT_USER_AGENT } from '../../src-main/import/offline-writer';
import { createPool } from '../../src-main/platform/db/connect';
import { dropDb, rootParams } from '../../test/helpers/db';
import {
  MAKE_FLEET,
  STACK_ENV,
  stack,
  stackUnavailableReason,
  withStackLock,
} from '../../test/helpers/ocs-stack';

const N = Number(process.env.OCS_BENCH_IMPORT_N ?? 1000);
const CONC = Number(process.env.OCS_BENCH_IMPORT_CONCURRENCY ?? 4);
const ctl = { signal: new AbortController().signal, progress: () => undefined };

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const resetPeak = () => (peak = process.memoryUsage().rss);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

async function count(db: string): Promise<number> {
  const k = await createPool(rootParams(db), { max: 1 });
  try {
    const [[r]] = (await k.raw("SELECT COUNT(*) AS n FROM hardware WHERE DEVICEID NOT LIKE '\\_%'")) as [
      [{ n: string }],
    ];
    return Number(r.n);
  } finally {
    await k.destroy();
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function main() {
  const why = stackUnavailableReason();
  if (why) throw new Error(why);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-bench-fleet-'));
  execFileSync('python3', [MAKE_FLEET, '--count', String(N), '--out', dir, '--seed', '5']);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ocs'))
    .sort()
    .map((f) => path.join(dir, f));
  console.log(`fleet: ${files.length} files in ${dir}`);
  const dbs = ['ocsdesk_bench_curl', 'ocsdesk_bench_srv', 'ocsdesk_bench_off'];
  const results: Record<string, { rate: number; stored: number; p50?: number; p95?: number; rss?: number }> =
    {};
  try {
    await withStackLock(async () => {
      for (const db of dbs) await stack('reset-db', db);
      try {
        // 1. Baseline: curl, one file at a time, as an agent would post.
        await stack('use-db', dbs[0]!);
        const lat: number[] = [];
        let t0 = performance.now();
        for (const f of files) {
          const t = performance.now();
          const r = spawnSync('curl', [
            '-s',
            '-o',
            '/dev/null',
            '-w',
            '%{http_code}',
            '-H',
            'Content-Type: application/x-compress',
            '-A',
            IMPORT_USER_AGENT,
            '--data-binary',
            `@${f}`,
            STACK_ENV.serverUrl,
          ]);
          if (String(r.stdout) !== '200') console.log(`curl ${path.basename(f)}: HTTP ${String(r.stdout)}`);
          lat.push(performance.now() - t);
        }
        let s = (performance.now() - t0) / 1000;
        results['comm server, serial curl'] = {
          rate: files.length / s,
          stored: await count(dbs[0]!),
          p50: pct(lat, 50),
          p95: pct(lat, 95),
        };
        // 2. OCS Desk server mode (verified).
        await stack('use-db', dbs[1]!);
        const k1 = await createPool(rootParams(dbs[1]!), { max: 4 });
        resetPeak();
        t0 = performance.now();
        const srv = await runImportBatch(k1, [dir], { mode: 'server', serverUrl: STACK_ENV.serverUrl }, ctl);
        s = (performance.now() - t0) / 1000;
        await k1.destroy();
        const ms1 = srv.files.map((f) => f.ms);
        results['OCS Desk server mode (verified)'] = {
          rate: files.length / s,
          stored: srv.imported,
          p50: pct(ms1, 50),
          p95: pct(ms1, 95),
          rss: peak,
        };
        if (srv.failed)
          console.log('server mode failures:', srv.files.filter((f) => f.status === 'failed').slice(0, 5));
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });
    // 3. Offline.
    const k2 = await createPool(rootParams(dbs[2]!), { max: 4 });
    resetPeak();
    const t0 = performance.now();
    const off = await runImportBatch(k2, [dir], { mode: 'offline', concurrency: CONC }, ctl);
    const s = (performance.now() - t0) / 1000;
    await k2.destroy();
    const ms2 = off.files.map((f) => f.ms);
    results[`OCS Desk offline (concurrency ${CONC})`] = {
      rate: files.length / s,
      stored: await count(dbs[2]!),
      p50: pct(ms2, 50),
      p95: pct(ms2, 95),
      rss: peak,
    };
    if (off.failed)
      console.log('offline failures:', off.files.filter((f) => f.status === 'failed').slice(0, 5));
  } finally {
    clearInterval(sampler);
    for (const db of dbs) await dropDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
  const base = results['comm server, serial curl']!.rate;
  console.log(
    `\nimport benchmark, ${files.length} files (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(36)} ${r.rate.toFixed(2).padStart(7)} files/s  x${(r.rate / base).toFixed(2).padStart(6)}  ` +
        `stored/verified ${r.stored}/${files.length}  p50 ${r.p50?.toFixed(0)} ms p95 ${r.p95?.toFixed(0)} ms` +
        (r.rss ? `  peak RSS ${mb(r.rss)}` : ''),
    );
  }
  console.log(
    'goals: server mode >= 0.9x serial curl with every computer verified; offline >= 20x serial curl',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
