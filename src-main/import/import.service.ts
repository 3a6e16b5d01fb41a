import { getMaxListeners, setMaxListeners } from 'node:events';
import type { Knex } from 'knex';
import {
  IMPORT_LIMITS,
  type ImportFileResult,
  type ImportMode,
  type ImportOrder,
  type ImportSummary,
} from '../../shared/contract/import';
import { formatErrorEn } from '../../shared/i18n/format-error';
import { readWithReconnect } from '../platform/db/connect';
import { looksLikeDbError, mapDbError } from '../platform/db/mysql-errors';
import { AppError, isAppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import { walkInputs, type BatchEntry } from './file-walker';
import { DEFAULT_LIMITS, ownString, readOcsFile, type Inventory, type ReadLimits } from './ocs-reader';
import { ApplyOrder, conflictKeys } from './apply-order';
import { ByteBudget } from './byte-budget';
import { inventoryDateSequence, readInventoryDates } from './inventory-date';
import { holdCompactHeap } from '../platform/memory/heap-growth';
import { attemptsOf, createOfflineSession, withAttempts, type OfflineSession } from './offline-import';
import { readDbFacts } from './server-config';
import { importViaServer, SERVER_TIMEOUT_DEFAULT_S } from './server-import';
import { recheckAtBatchEnd, type CheckedFile, type RecheckProblem } from './server-recheck';
import { softwareExpectation } from './server-verify';

/**
 * Files at once. Server mode: at most SERVER_MAX_CONCURRENCY, the highest level measured safe against the
 * real comm server 2.8.1 on fresh files (docs/import.md, "Server mode concurrency"); above it the server
 * writes duplicated software rows after the check.
 */
export const OFFLINE_DEFAULT_CONCURRENCY = IMPORT_LIMITS.offlineDefaultConcurrency;
export const OFFLINE_MAX_CONCURRENCY = IMPORT_LIMITS.offlineMaxConcurrency;
export const SERVER_DEFAULT_CONCURRENCY = IMPORT_LIMITS.serverDefaultConcurrency;
export const SERVER_MAX_CONCURRENCY = IMPORT_LIMITS.serverMaxConcurrency;
/**
 * Decompressed XML in flight for the whole batch (byte-budget.ts), whatever the concurrency: 64 MiB keeps 16
 * ordinary files (0.1-0.5 MB) in flight, and two or three of 20,000 software. Peak RSS measured ≈ base + 4 × (this + one file).
 */
export const BATCH_XML_BUDGET_BYTES = 64 * 1024 * 1024;

export interface BatchOptions {
  mode: ImportMode;
  serverUrl?: string;
  concurrency?: number;
  limits?: ReadLimits;
  /** Display names for paths (uploads: temp path → original file name). */
  displayName?: (path: string) => string;
  /**
   * Order in which files of one computer (and possible duplicates) are applied: input order (`file`,
   * the default) or oldest inventory first (`inventory-date`, inventory-date.ts).
   */
  order?: ImportOrder;
  /** Server mode: HTTP timeout of one POST, seconds (default SERVER_TIMEOUT_DEFAULT_S). */
  timeoutSeconds?: number;
  /** Bytes of decompressed XML in flight for the batch (default BATCH_XML_BUDGET_BYTES). */
  xmlBudgetBytes?: number;
  /** Measurement and tests only: a server-mode cap other than SERVER_MAX_CONCURRENCY (bench/import/server-concurrency.ts). */
  serverMaxConcurrency?: number;
  /** Tests only: awaited after each file's own check, before the next file of its computer starts. */
  afterFile?: (r: ImportFileResult) => Promise<void>;
  /** Tests only: leave V8's heap growing factor alone (heap-growth.ts), to show what it bounds. */
  defaultHeapGrowth?: boolean;
}

export interface BatchControl {
  signal: AbortSignal;
  progress(done: number, total?: number | null, note?: string | null): void;
}

const DEFAULT_SERVER_URL = 'http://localhost:80/ocsinventory';

function importedResult(
  path: string,
  deviceId: string,
  r: { hardwareId: number; action: 'inserted' | 'updated'; merged: number[]; attempts: number },
  t0: number,
): ImportFileResult {
  return {
    path,
    status: 'imported',
    deviceId,
    hardwareId: r.hardwareId,
    action: r.action,
    merged: r.merged,
    reason: null,
    code: null,
    message: null,
    attempts: r.attempts,
    ms: Math.round(performance.now() - t0),
  };
}

function failure(path: string, e: unknown, ms: number, deviceId: string | null = null): ImportFileResult {
  const err = isAppError(e)
    ? e
    : looksLikeDbError(e)
      ? mapDbError(e)
      : new AppError('INTERNAL', {}, { cause: e });
  if (err.code === 'INTERNAL') log.error('import: unexpected error', { path, error: e });
  const p = err.params;
  const reason =
    (typeof p.reason === 'string' && p.reason) ||
    (err.code === 'CONFLICT' && typeof p.what === 'string' ? p.what : '') ||
    err.code.toLowerCase().replace(/_/g, '-');
  const { message } = formatErrorEn(err.code, p);
  const detail =
    typeof p.detail === 'string' && p.detail && !message.includes(p.detail) ? ` (${p.detail})` : '';
  return {
    path,
    status: 'failed',
    deviceId,
    hardwareId: null,
    action: null,
    merged: [],
    reason,
    code: err.code,
    // Own copies: details may be slices of a file's whole XML text, which a batch of failures would keep.
    message: ownString((message + detail).slice(0, 500)),
    attempts: attemptsOf(e),
    ms,
  };
}

/**
 * Runs a batch: expands folders, then imports with bounded concurrency. One bad file never stops the
 * batch. On cancel no new file starts; a file in flight is either committed or rolled back
 * (offline) / finished and verified (server), so each file is fully in or absent.
 */
export async function runImportBatch(
  knex: Knex,
  inputs: string[],
  opts: BatchOptions,
  ctl: BatchControl,
): Promise<ImportSummary> {
  // The peak memory of a batch must not grow with its number of files (heap-growth.ts).
  const release = opts.defaultHeapGrowth ? () => undefined : holdCompactHeap();
  try {
    return await runBatch(knex, inputs, opts, ctl);
  } finally {
    release();
  }
}

async function runBatch(
  knex: Knex,
  inputs: string[],
  opts: BatchOptions,
  ctl: BatchControl,
): Promise<ImportSummary> {
  const startedAt = new Date().toISOString();
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const name = opts.displayName ?? ((p: string) => p);
  const entries: BatchEntry[] = [];
  ctl.progress(0, null, 'listing files');
  for await (const e of walkInputs(inputs, ctl.signal)) entries.push(e);
  const total = entries.length;
  const facts = await readDbFacts(knex);
  const serverUrl = opts.serverUrl ?? facts.options.localUriServer ?? DEFAULT_SERVER_URL;
  const server = opts.mode === 'server';
  const concurrency = Math.max(
    1,
    Math.min(
      opts.concurrency ?? (server ? SERVER_DEFAULT_CONCURRENCY : OFFLINE_DEFAULT_CONCURRENCY),
      server ? (opts.serverMaxConcurrency ?? SERVER_MAX_CONCURRENCY) : OFFLINE_MAX_CONCURRENCY,
    ),
  );
  const timeoutMs = (opts.timeoutSeconds ?? SERVER_TIMEOUT_DEFAULT_S) * 1000;
  const budget = new ByteBudget(opts.xmlBudgetBytes ?? BATCH_XML_BUDGET_BYTES);
  // Server mode: what each imported file's rows must be, re-checked when the batch ends (server-recheck.ts).
  const checked: CheckedFile[] = [];
  // Apply sequence: position → file index. File order, or oldest inventory first (a first pass reading
  // only each file's date: one number per file is kept). Everything below (claims, byte budget,
  // read-ahead, server re-check) works on positions; the report is given back in file order.
  let seq: Uint32Array | null = null;
  if (opts.order === 'inventory-date' && total > 1) {
    ctl.progress(0, total, 'reading inventory dates');
    const dates = await readInventoryDates(
      entries.map((e) => (e.problem ? null : e.path)),
      concurrency,
      limits,
      ctl.signal,
      (n) => ctl.progress(n, total, 'reading inventory dates'),
    );
    seq = inventoryDateSequence(dates);
    ctl.progress(0, total, null);
  }
  const at = (p: number): number => (seq ? seq[p]! : p);
  const results: Array<ImportFileResult | undefined> = new Array(total);
  // Files of one computer, and possible duplicates of each other, are applied in sequence order (apply-order.ts).
  const order = new ApplyOrder();
  const offline: OfflineSession | null =
    opts.mode === 'offline' && total > 0
      ? await createOfflineSession(knex, facts, Math.min(concurrency, total))
      : null;
  let next = 0;
  let done = 0;

  // Read-ahead: the next files are read and parsed while the current ones are written/posted (parsing is
  // streaming and mostly waits on I/O and inflate; bounded to `concurrency` parsed files not yet taken).
  const ahead = new Map<number, Promise<Inventory>>();
  // Each file being read or written listens to the job's signal: up to 2 × concurrency at once.
  setMaxListeners(Math.max(getMaxListeners(ctl.signal), 2 * concurrency + 10), ctl.signal);
  const parse = (i: number): Promise<Inventory> => {
    const p = readOcsFile(entries[at(i)]!.path, limits, ctl.signal, (n) => budget.take(i, n, ctl.signal));
    p.catch(() => undefined); // awaited (and reported) by the worker that takes file i
    return p;
  };
  const readAhead = () => {
    for (let i = next; i < Math.min(total, next + concurrency); i++) {
      if (!ahead.has(i) && !entries[at(i)]!.problem && !ctl.signal.aborted) ahead.set(i, parse(i));
    }
  };
  const take = (i: number): Promise<Inventory> => {
    const p = ahead.get(i) ?? parse(i);
    ahead.delete(i);
    return p;
  };

  const one = async (entry: BatchEntry, i: number): Promise<ImportFileResult> => {
    const t0 = performance.now();
    const shown = name(entry.path);
    // Every file taken claims its turn exactly once, even one that fails before being applied.
    let done: (() => void) | null = null;
    const turn = async (keys: string[]) => (done = await order.claim(i, keys));
    if (entry.problem) {
      await turn([]);
      done!();
      const { reason, code, detail } = entry.problem;
      return failure(shown, new AppError(code, { path: shown, reason, detail: detail ?? '' }), 0);
    }
    let deviceId: string | null = null;
    try {
      const inv = await take(i).catch(async (e: unknown) => {
        await turn([]);
        throw e;
      });
      deviceId = inv.deviceId;
      const keys = conflictKeys(inv, facts.options.autoDuplicateLvl);
      await turn(keys);
      if (ctl.signal.aborted) throw new AppError('JOB_CANCELLED');
      let result: ImportFileResult;
      if (offline) {
        const r = await offline.importFile(inv, shown, ctl.signal);
        result = importedResult(shown, deviceId, r, t0);
      } else {
        const expected = softwareExpectation(inv);
        const r = await importViaServer(knex, serverUrl, inv, entry.path, { timeoutMs, expected });
        result = importedResult(shown, deviceId, { ...r, merged: [] }, t0);
        if (r.afterTimeout) {
          result.reason = 'imported-after-timeout';
          result.message = `imported (after timeout): no answer within ${timeoutMs / 1000} s, then the database held exactly this file's inventory`;
        }
        if (r.afterDisconnect) {
          result.reason = 'imported-after-disconnect';
          result.message =
            "imported (after the connection broke): the comm server's connection closed before its answer, then the database held exactly this file's inventory";
        }
        checked.push({ index: i, deviceId, hardwareId: r.hardwareId, expected, keys });
      }
      await opts.afterFile?.(result);
      return result;
    } catch (e) {
      const err =
        isAppError(e) && e.code === 'FILE_INVALID'
          ? new AppError('FILE_INVALID', { ...e.params, path: shown })
          : e;
      return failure(shown, err, Math.round(performance.now() - t0), deviceId);
    } finally {
      (done as (() => void) | null)?.();
      budget.release(i);
    }
  };

  const worker = async () => {
    for (;;) {
      if (ctl.signal.aborted) return;
      const i = next++;
      if (i >= total) return;
      const entry = entries[at(i)]!;
      ctl.progress(done, total, name(entry.path));
      readAhead();
      const r = await one(entry, i);
      if (r.code === 'JOB_CANCELLED') return; // rolled back: reported as not processed
      results[i] = r;
      done++;
      ctl.progress(done, total, name(entry.path));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
  } finally {
    await offline?.close();
    for (const i of ahead.keys()) budget.release(i);
  }
  if (server && checked.length > 0) {
    // The comm server may write a computer again after its check (its own concurrency bug): every file
    // reported imported is checked once more now, and downgraded when its rows are no longer the file's.
    ctl.progress(done, total, 're-checking the imported computers');
    // Read-only: a dropped connection is retried once on a new one. If it still cannot run, the report
    // is kept: every file it should have confirmed is failed with the reason (never reported imported).
    let problems: Map<number, RecheckProblem>;
    try {
      problems = await readWithReconnect(knex, () => recheckAtBatchEnd(knex, checked, timeoutMs));
    } catch (e) {
      const err = isAppError(e)
        ? e
        : looksLikeDbError(e)
          ? mapDbError(e)
          : new AppError('INTERNAL', {}, { cause: e });
      log.warn('import: the end-of-batch re-check could not run', { error: e });
      const why = formatErrorEn(err.code, err.params).message;
      problems = new Map();
      for (const c of checked) {
        const r = results[c.index]!;
        results[c.index] = failure(
          r.path,
          withAttempts(
            new AppError(err.code, {
              ...err.params,
              reason: 'recheck-not-run',
              detail: `verified when imported, but the end-of-batch re-check could not run (${why}): not confirmed, import it again`,
            }),
            r.attempts,
          ),
          r.ms,
          r.deviceId,
        );
      }
    }
    for (const [i, problem] of problems) {
      const r = results[i]!;
      results[i] = {
        ...failure(
          r.path,
          withAttempts(
            new AppError('CONFLICT', {
              what: 'changed-after-check',
              reason: problem.reason,
              detail: problem.detail,
            }),
            r.attempts,
          ),
          r.ms,
          r.deviceId,
        ),
      };
    }
  }

  let inFileOrder = results;
  if (seq) {
    inFileOrder = new Array<ImportFileResult | undefined>(total);
    for (let p = 0; p < total; p++) inFileOrder[seq[p]!] = results[p];
  }
  const files = inFileOrder.filter((r): r is ImportFileResult => !!r);
  const imported = files.filter((f) => f.status === 'imported').length;
  return {
    mode: opts.mode,
    imported,
    failed: files.length - imported,
    notProcessed: total - files.length,
    cancelled: ctl.signal.aborted,
    startedAt,
    finishedAt: new Date().toISOString(),
    files,
  };
}
