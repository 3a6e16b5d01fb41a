// Package build benchmark (see ../../../shared/design/benchmarks.md, "Package build").
// OCS Desk's one-pass build vs the baseline `split -b` + `md5sum` (two passes), same file, same
// disk, same run. Env: BENCH_PACKAGE_SIZE (bytes, or with a G/M suffix; default 4G),
// BENCH_PACKAGE_FRAG (fragment size, default 100M), BENCH_PACKAGE_DIR (work folder, default the
// system temp dir), BENCH_PACKAGE_SPARSE=1 (sparse file instead of generated data),
// BENCH_PACKAGE_ROUNDS (default 3).
// Fairness: before every timed contender, `sync` (no dirty pages of an earlier write left to flush)
// and the same read of the archive (same page-cache state); the order alternates by round (odd:
// baseline first, even: OCS Desk first); every round is printed with the load, then the medians.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

function bytes(v: string | undefined, def: number): number {
  if (!v) return def;
  const m = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(v.trim());
  if (!m) throw new Error(`bad size ${v}`);
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Math.round(Number(m[1]) * mult);
}

const SIZE = bytes(process.env.BENCH_PACKAGE_SIZE, 4 * 1024 ** 3);
const FRAG = bytes(process.env.BENCH_PACKAGE_FRAG, 100 * 1024 ** 2);
const ROUNDS = Number(process.env.BENCH_PACKAGE_ROUNDS ?? 3);
const work = mkdtempSync(path.join(process.env.BENCH_PACKAGE_DIR ?? tmpdir(), 'ocsdesk-bench-pkg-'));
const child = path.join(__dirname, 'build-child.cjs');
const MiB = 1024 * 1024;

function timed(cmd: string, args: string[]): { seconds: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, stdout: r.stdout };
}

try {
  const archive = path.join(work, 'archive.tar.gz');
  if (process.env.BENCH_PACKAGE_SPARSE === '1') {
    closeSync(openSync(archive, 'w'));
    truncateSync(archive, SIZE);
  } else {
    // generated data: a 16 MiB random block repeated (incompressible for the disk, cheap to make)
    const block = randomBytes(16 * MiB);
    const fd = openSync(archive, 'w');
    for (let done = 0; done < SIZE;) {
      const n = Math.min(block.length, SIZE - done);
      writeSync(fd, block, 0, n);
      done += n;
    }
    closeSync(fd);
  }
  // Same start for every contender: nothing dirty to flush, the archive in the page cache as far as it fits.
  const settle = () => {
    timed('sync', []);
    timed('dd', [`if=${archive}`, 'of=/dev/null', 'bs=4M', 'status=none']);
  };
  process.stdout.write(
    `package build bench: ${(SIZE / 1024 ** 3).toFixed(2)} GiB ${process.env.BENCH_PACKAGE_SPARSE === '1' ? 'sparse' : 'generated'} archive, fragments of ${(FRAG / MiB).toFixed(0)} MiB, ${ROUNDS} round(s), in ${work}\n`,
  );

  const results: Array<{ base: number; desk: number; deskNoSync: number; rss: number; rssNoSync: number }> =
    [];
  for (let round = 1; round <= ROUNDS; round++) {
    const load0 = loadavg()[0]!;
    let md5 = '';
    // baseline: split + md5sum (two passes)
    const runBase = () => {
      const bdir = path.join(work, `split-${round}`);
      mkdirSync(bdir);
      settle();
      const s = timed('split', ['-b', String(FRAG), '-d', '-a', '5', archive, path.join(bdir, 'frag-')]);
      const m = timed('md5sum', [archive]);
      md5 = m.stdout.split(' ')[0]!;
      rmSync(bdir, { recursive: true, force: true });
      return { split: s.seconds, md5sum: m.seconds };
    };
    const runDesk = (fsync: boolean) => {
      const odir = path.join(work, `desk-${round}-${fsync ? 's' : 'n'}`);
      mkdirSync(odir);
      settle();
      const r = timed(process.execPath, [child, archive, odir, String(FRAG), fsync ? '1' : '0']);
      const out = JSON.parse(r.stdout) as { digest: string; maxRssKb: number };
      rmSync(odir, { recursive: true, force: true });
      return { seconds: r.seconds, rss: out.maxRssKb / 1024, digest: out.digest };
    };
    const baseFirst = round % 2 === 1;
    let b: { split: number; md5sum: number };
    let d: { seconds: number; rss: number; digest: string };
    let n: { seconds: number; rss: number; digest: string };
    if (baseFirst) {
      b = runBase();
      d = runDesk(true);
      n = runDesk(false);
    } else {
      d = runDesk(true);
      n = runDesk(false);
      b = runBase();
    }
    for (const x of [d, n]) {
      if (x.digest !== md5) throw new Error(`digest mismatch: ${x.digest} vs md5sum ${md5}`);
    }
    const base = b.split + b.md5sum;
    results.push({ base, desk: d.seconds, deskNoSync: n.seconds, rss: d.rss, rssNoSync: n.rss });
    const mibs = (t: number) => (SIZE / MiB / t).toFixed(0);
    process.stdout.write(
      `round ${round} (${baseFirst ? 'baseline first' : 'OCS Desk first'}, load ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}): ` +
        `split ${b.split.toFixed(2)} s + md5sum ${b.md5sum.toFixed(2)} s = ${base.toFixed(2)} s (${mibs(base)} MiB/s) | ` +
        `OCS Desk ${d.seconds.toFixed(2)} s (${mibs(d.seconds)} MiB/s, fsync) ratio ${(base / d.seconds).toFixed(2)}x, peak RSS ${d.rss.toFixed(0)} MB | ` +
        `no fsync ${n.seconds.toFixed(2)} s ratio ${(base / n.seconds).toFixed(2)}x, peak RSS ${n.rss.toFixed(0)} MB\n`,
    );
  }
  // Ratios are taken per round (same moment, same machine load), then the medians.
  const ratios = results.map((r) => r.base / r.desk).sort((a, b) => a - b);
  const ratiosN = results.map((r) => r.base / r.deskNoSync).sort((a, b) => a - b);
  const med = (xs: number[]) =>
    xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
  const rss = Math.max(...results.map((r) => Math.max(r.rss, r.rssNoSync)));
  process.stdout.write(
    `\nresult: throughput ratio OCS Desk ÷ (split + md5sum), per round: median ${med(ratios).toFixed(2)}x ` +
      `(rounds ${results.map((r) => (r.base / r.desk).toFixed(2) + 'x').join(', ')}; median times: baseline ${med(results.map((r) => r.base).sort((a, b) => a - b)).toFixed(2)} s, ` +
      `OCS Desk ${med(results.map((r) => r.desk).sort((a, b) => a - b)).toFixed(2)} s) ` +
      `with fsync (goal ≥ 1.0x); without fsync median ${med(ratiosN).toFixed(2)}x; peak RSS ${rss.toFixed(0)} MB (goal < 200 MB)\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
