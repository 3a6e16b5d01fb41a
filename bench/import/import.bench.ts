/**
 * Import benchmark (docs/import.md): N make-fleet files (`--files N`, default 300; seed 5) through
 *  1. the real comm server, one curl at a time (baseline, same run),
 *  2. OCS Desk server mode (POST + check + end-of-batch re-check, at its cap of 1 file at once),
 *  3. OCS Desk offline at the default concurrency (4) and at the highest (16),
 *  4. OCS Desk offline at the default concurrency with `--order inventory-date` (the date pass included).
 * Each OCS Desk batch runs in a child process (test/helpers/import-memory-child.ts) so its peak RSS is the
 * kernel's VmHWM for that batch alone. Prints rates, ratios to serial curl, stored/verified counts,
 * p50/p95 per file, peak RSS and the load. Above 300 files the offline batches also run on the fleet's
 * first 300 files, so the peak RSS of the big batch is compared with a 300-file batch of the same run
 * (the memory goal: flat with the number of files). The comm server is held (stack lock) for the curl
 * phase and the server-mode phase separately, so other users of the stack can pass between them.
 * Needs root and ../shared/ocs-stack installed.
 *   npm run bench:import -- --files 300
 *   npm run bench:import -- --files 3000
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_LIMITS } from '../../shared/contract/import';
import { createPool } from '../../src-main/platform/db/connect';
import { dropDb, grantApp, rootParams } from '../../test/helpers/db';
import { postSerially } from '../../test/helpers/import-dump';
import {
  MAKE_FLEET,
  STACK_ENV,
  stack,
  stackUnavailableReason,
  withStackLock,
} from '../../test/helpers/ocs-stack';

const args = process.argv.slice(2);
const fi = args.indexOf('--files');
const N = Number(fi >= 0 ? args[fi + 1] : (process.env.OCS_BENCH_IMPORT_N ?? 300));
if (!Number.isInteger(N) || N < 1) throw new Error('--files: a whole number of files, e.g. --files 300');
// `--comm-files M`: the two comm-server paths (serial curl, server mode) on the fleet's first M files only
// (on a loaded machine the comm server takes ~1 s per file; the rates are per file, the fleet is uniform).
const ci = args.indexOf('--comm-files');
const M = ci >= 0 ? Number(args[ci + 1]) : N;
if (!Number.isInteger(M) || M < 1 || M > N) throw new Error('--comm-files: a whole number up to --files');
const SMALL = 300;
const REPO = process.cwd();
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Row {
  files: number;
  rate: number;
  stored: number;
  verified?: number;
  p50: number;
  p95: number;
  rssMb?: number;
}

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

/** One OCS Desk batch in its own process: time measured inside it, peak RSS = its VmHWM. */
async function desk(
  db: string,
  dir: string,
  concurrency: number,
  server: string | undefined,
  files: number,
  order: 'file' | 'inventory-date' = 'file',
): Promise<Row> {
  const r = spawnSync(
    process.execPath,
    [
      path.join(REPO, 'scripts/run-ts.mjs'),
      'test/helpers/import-memory-child.ts',
      db,
      dir,
      String(concurrency),
      ...(server ? ['--server', server] : []),
      ...(order === 'file' ? [] : ['--order', order]),
    ],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) throw new Error(`batch failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    imported: number;
    failed: number;
    seconds: number;
    p50: number;
    p95: number;
    vmHwmKb: number;
    reasons: string[];
  };
  if (out.failed) console.log(`${db}: ${out.failed} failed, e.g.`, out.reasons);
  return {
    files,
    rate: (out.imported + out.failed) / out.seconds,
    stored: await count(db),
    verified: out.imported,
    p50: out.p50,
    p95: out.p95,
    rssMb: out.vmHwmKb / 1024,
  };
}

async function main() {
  const why = stackUnavailableReason();
  if (why) throw new Error(why);
  const benchStart = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-bench-fleet-'));
  execFileSync('python3', [MAKE_FLEET, '--count', String(N), '--out', dir, '--seed', '5']);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ocs'))
    .sort()
    .map((f) => path.join(dir, f));
  const loadBefore = load();
  console.log(`fleet: ${files.length} files in ${dir}; load ${loadBefore}`);
  const tag = `${process.pid}`;
  const db = {
    curl: `ocsdesk_bench_curl_${tag}`,
    srv: `ocsdesk_bench_srv_${tag}`,
    off: `ocsdesk_bench_off_${tag}`,
    offMax: `ocsdesk_bench_offmax_${tag}`,
    offDate: `ocsdesk_bench_offdate_${tag}`,
  };
  // The fleet's first SMALL files, for the peak RSS of a small batch of the same run.
  const small = N > SMALL ? mkdtempSync(path.join(os.tmpdir(), 'ocs-bench-first-')) : null;
  if (small) for (const f of files.slice(0, SMALL)) copyFileSync(f, path.join(small, path.basename(f)));
  const commFiles = files.slice(0, M);
  const commDir = M < N ? mkdtempSync(path.join(os.tmpdir(), 'ocs-bench-comm-')) : dir;
  if (M < N) for (const f of commFiles) copyFileSync(f, path.join(commDir, path.basename(f)));
  const smallDb = { off: `ocsdesk_bench_offs_${tag}`, offMax: `ocsdesk_bench_offmaxs_${tag}` };
  const allDbs = [...Object.values(db), ...(small ? Object.values(smallDb) : [])];
  const results: Record<string, Row> = {};
  const smallRss: Record<string, number> = {};
  try {
    for (const d of allDbs) {
      await stack('reset-db', d);
      await grantApp(d);
    }
    await withStackLock(async () => {
      try {
        // 1. Baseline: curl, one file at a time, as an agent would post.
        await stack('use-db', db.curl);
        const lat: number[] = [];
        const t0 = performance.now();
        for (const f of commFiles) {
          const t = performance.now();
          const code = postSerially([f])[0];
          if (code !== '200') console.log(`curl ${path.basename(f)}: HTTP ${code}`);
          lat.push(performance.now() - t);
        }
        results['comm server, serial curl'] = {
          files: M,
          rate: M / ((performance.now() - t0) / 1000),
          stored: await count(db.curl),
          p50: pct(lat, 50),
          p95: pct(lat, 95),
        };
        console.log(`curl done; load ${load()}`);
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });
    await withStackLock(async () => {
      try {
        // 2. OCS Desk server mode, at its cap.
        await stack('use-db', db.srv);
        results[`OCS Desk server mode (${IMPORT_LIMITS.serverMaxConcurrency} at once, verified)`] =
          await desk(db.srv, commDir, IMPORT_LIMITS.serverMaxConcurrency, STACK_ENV.serverUrl, M);
        console.log(`server mode done; load ${load()}`);
      } finally {
        await stack('use-db', 'ocsweb');
      }
    });
    // 3. Offline, default and highest concurrency (and the same on the first SMALL files).
    for (const [c, big, little] of [
      [IMPORT_LIMITS.offlineDefaultConcurrency, db.off, smallDb.off],
      [IMPORT_LIMITS.offlineMaxConcurrency, db.offMax, smallDb.offMax],
    ] as const) {
      const name = `OCS Desk offline (concurrency ${c})`;
      results[name] = await desk(big, dir, c, undefined, N);
      if (small) smallRss[name] = (await desk(little, small, c, undefined, SMALL)).rssMb ?? 0;
    }
    // 4. Offline by inventory date (docs/import.md "Order by inventory date"): the same files, read twice.
    const c = IMPORT_LIMITS.offlineDefaultConcurrency;
    results[`OCS Desk offline (concurrency ${c}, inventory-date)`] = await desk(
      db.offDate,
      dir,
      c,
      undefined,
      N,
      'inventory-date',
    );
  } finally {
    for (const d of allDbs) await dropDb(d);
    rmSync(dir, { recursive: true, force: true });
    if (small) rmSync(small, { recursive: true, force: true });
    if (commDir !== dir) rmSync(commDir, { recursive: true, force: true });
  }
  const base = results['comm server, serial curl']!.rate;
  console.log(
    `\nimport benchmark, ${files.length} files (${os.cpus().length} CPUs, load before ${loadBefore}, after ${load()}; ` +
      `whole run ${((performance.now() - benchStart) / 60000).toFixed(1)} min)`,
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(50)} ${r.rate.toFixed(2).padStart(7)} files/s  x${(r.rate / base).toFixed(2).padStart(6)}  ` +
        `stored ${r.stored}/${r.files}` +
        (r.verified === undefined ? '' : ` verified ${r.verified}`) +
        `  p50 ${r.p50.toFixed(0)} ms p95 ${r.p95.toFixed(0)} ms` +
        (r.rssMb ? `  peak RSS ${r.rssMb.toFixed(0)} MB` : '') +
        (smallRss[name] ? ` (first ${SMALL} files: ${smallRss[name].toFixed(0)} MB)` : ''),
    );
  }
  console.log(
    'goals: server mode >= 0.9x serial curl with every computer verified; offline >= 20x serial curl; ' +
      'peak RSS flat with the number of files',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
