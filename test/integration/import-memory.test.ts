import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_XML_BUDGET_BYTES, OFFLINE_MAX_CONCURRENCY } from '../../src-main/import/import.service';
import { createRealSchemaDb, dropDb, realSchemaAvailable } from '../helpers/db';
import { MAKE_FLEET } from '../helpers/ocs-stack';

/**
 * Issue 16 defect 7: the memory of a batch is bounded, not the memory of a file. 32 files of 24 MB of XML
 * each (a padding section the writer ignores, so writing stays cheap and parsing is what holds memory)
 * imported offline at the highest concurrency, in a child process whose peak RSS is the kernel's VmHWM.
 * Before the batch budget the batch held up to 2 × concurrency parsed files: 930 MB here (measured with
 * the budget off, see docs/import.md); with it (64 MiB of XML in flight) 494 MB.
 */

const execFileP = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-memory-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

const FILES = 32;
const ROWS = 400; // × 60,000 characters ≈ 24 MB of XML per file
const BOUND_MB = 700;

/** make-fleet files, each with a section the comm server and the writer ignore, ≈ 24 MB of XML. */
function bigFleet(dir: string): void {
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(FILES),
    '--out',
    dir,
    '--seed',
    '71',
    '--compress',
    'none',
    '--jobs',
    '1',
  ]);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ocs'))) {
    const xml = readFileSync(path.join(dir, f), 'utf8');
    const rows: string[] = [];
    for (let i = 0; i < ROWS; i++)
      rows.push(
        `<ZZPADDING><VALUE>${String(i).padStart(6, '0')}${'abcdefghij'.repeat(6000)}</VALUE></ZZPADDING>`,
      );
    writeFileSync(path.join(dir, f), xml.replace('</CONTENT>', rows.join('\n') + '\n</CONTENT>'));
  }
}

async function peakOfBatch(db: string, dir: string, concurrency: number, budget?: string) {
  const { stdout } = await execFileP(
    process.execPath,
    [
      path.join(REPO, 'scripts/run-ts.mjs'),
      'test/helpers/import-memory-child.ts',
      db,
      dir,
      String(concurrency),
      ...(budget ? ['--budget', budget] : []),
    ],
    { cwd: REPO, maxBuffer: 1 << 20, timeout: 600_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as {
    imported: number;
    failed: number;
    vmHwmKb: number;
    reasons: string[];
  };
}

describe.skipIf(!realSchemaAvailable())('the memory of an offline batch is bounded (defect 7)', () => {
  it(`${FILES} files of 24 MB of XML at concurrency ${OFFLINE_MAX_CONCURRENCY}: peak RSS under ${BOUND_MB} MB`, async () => {
    const dir = path.join(work, 'big');
    bigFleet(dir);
    const db = await createRealSchemaDb();
    dbs.push(db);
    const r = await peakOfBatch(db, dir, OFFLINE_MAX_CONCURRENCY);
    expect(r, JSON.stringify(r.reasons)).toMatchObject({ imported: FILES, failed: 0 });
    expect(BATCH_XML_BUDGET_BYTES).toBe(64 * 1024 * 1024);
    expect(Math.round(r.vmHwmKb / 1024)).toBeLessThan(BOUND_MB);
  });
});
