/**
 * Child process of test/integration/import-memory.test.ts and bench/import: one batch, then its time and
 * peak RSS from /proc/self/status (VmHWM, kernel-measured, no sampling) as one JSON line on stdout.
 * With NODE_OPTIONS=--expose-gc it also reports the heap still live after the batch (two full GCs).
 *   node scripts/run-ts.mjs test/helpers/import-memory-child.ts <db> <dir> <concurrency> [--budget bytes|unbounded] [--server url] [--heap-growth default] [--order inventory-date]
 */
import { readFileSync } from 'node:fs';
import { ImportOrder } from '../../shared/contract/import';
import { runImportBatch } from '../../src-main/import/import.service';
import { createPool } from '../../src-main/platform/db/connect';
import { appParams } from './db';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const budget = flag('--budget');
  const server = flag('--server');
  const heapGrowth = flag('--heap-growth');
  const order = ImportOrder.parse(flag('--order') ?? 'file');
  const [db, dir, conc] = args;
  const k = await createPool(appParams(db!), { max: 2 });
  try {
    const t0 = performance.now();
    const s = await runImportBatch(
      k,
      [dir!],
      {
        mode: server ? 'server' : 'offline',
        serverUrl: server,
        concurrency: Number(conc),
        order,
        // `unbounded`: the batch as it was before the budget (tests only, to show what it bounds).
        xmlBudgetBytes: budget === 'unbounded' ? Infinity : budget ? Number(budget) : undefined,
        // `default`: V8's own heap growth, as before heap-growth.ts (tests only).
        defaultHeapGrowth: heapGrowth === 'default',
      },
      { signal: new AbortController().signal, progress: () => undefined },
    );
    const seconds = (performance.now() - t0) / 1000;
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    const ms = s.files.map((f) => f.ms);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.stdout.write(
      JSON.stringify({
        imported: s.imported,
        failed: s.failed,
        seconds,
        p50: pct(ms, 50),
        p95: pct(ms, 95),
        vmHwmKb: kb('VmHWM'),
        // What the batch still holds (its results included): measured only when gc is exposed.
        liveHeapKb: gc ? Math.round(process.memoryUsage().heapUsed / 1024) : null,
        // Buffers still held outside the heap (file chunks, packets): what a leak of file bytes would grow.
        liveExternalKb: gc ? Math.round(process.memoryUsage().external / 1024) : null,
        reasons: s.files
          .filter((f) => f.status === 'failed')
          .slice(0, 3)
          .map((f) => `${f.path}: ${f.message}`),
      }) + '\n',
    );
  } finally {
    await k.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
