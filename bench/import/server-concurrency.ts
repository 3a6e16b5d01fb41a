/**
 * Which server-mode concurrency is safe against the real comm server 2.8.1 (docs/import.md, "Server mode
 * concurrency"). For each level: N fresh make-fleet files (their own index range, so every software text is
 * new to a fresh database) through OCS Desk server mode, each file checked after its POST and every
 * computer re-checked at the end of the batch. Prints per level: imported, failed by reason, and how
 * many passed their own check but not the end-of-batch one (the server wrote them again).
 *
 *   node bench/import/run.mjs bench/import/server-concurrency.ts [--files 200] [levels...]
 * Needs root and ../shared/ocs-stack installed; takes the stack lock.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImportBatch } from '../../src-main/import/import.service';
import { createPool } from '../../src-main/platform/db/connect';
import { appParams, dropDb, grantApp } from '../../test/helpers/db';
import {
  MAKE_FLEET,
  STACK_ENV,
  stack,
  stackUnavailableReason,
  withStackLock,
} from '../../test/helpers/ocs-stack';

const args = process.argv.slice(2);
const fi = args.indexOf('--files');
const N = fi >= 0 ? Number(args.splice(fi, 2)[1]) : 200;
const levels = args.length ? args.map(Number) : [1, 2, 3, 4];
const ctl = { signal: new AbortController().signal, progress: () => undefined };

async function main() {
  const why = stackUnavailableReason();
  if (why) throw new Error(why);
  console.log(
    `server-mode concurrency, ${N} fresh files per level, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const c of levels) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `ocs-srvconc-${c}-`));
    const seed = String(Date.now() % 100000);
    execFileSync('python3', [
      MAKE_FLEET,
      '--count',
      String(N),
      '--out',
      dir,
      '--seed',
      seed,
      '--start-index',
      String(Math.floor(Math.random() * 3_500_000)),
    ]);
    const db = `ocsdesk_srvconc_${process.pid}_${c}`;
    try {
      await withStackLock(async () => {
        await stack('reset-db', db);
        await grantApp(db);
        await stack('use-db', db);
        try {
          const k = await createPool(appParams(db), { max: 4 });
          try {
            const t0 = performance.now();
            const s = await runImportBatch(
              k,
              [dir],
              { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency: c, serverMaxConcurrency: 16 },
              ctl,
            );
            const secs = (performance.now() - t0) / 1000;
            const reasons: Record<string, number> = {};
            for (const f of s.files)
              if (f.status === 'failed')
                reasons[f.reason ?? f.code ?? '?'] = (reasons[f.reason ?? f.code ?? '?'] ?? 0) + 1;
            const late = (reasons['changed-after-check'] ?? 0) + (reasons['deleted-after-check'] ?? 0);
            console.log(
              `concurrency ${String(c).padStart(2)}: ${s.imported}/${s.files.length} imported and re-checked, ` +
                `${s.failed} failed ${JSON.stringify(reasons)}; passed their own check but not the end-of-batch one: ${late}; ` +
                `${(s.files.length / secs).toFixed(2)} files/s; load ${os.loadavg()[0]!.toFixed(1)}`,
            );
          } finally {
            await k.destroy();
          }
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
    } finally {
      await dropDb(db);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
