import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { IMPORT_LIMITS } from '../../shared/contract/import';
import { readWithReconnect } from '../platform/db/connect';
import { AppError } from '../platform/errors';
import { rowsOf } from './db-helpers';
import type { Inventory } from './ocs-reader';
import { withAttempts } from './offline-import';
import { IMPORT_USER_AGENT } from './offline-writer';
import {
  softwareExpectation,
  softwareProblem,
  storedSoftware,
  type SoftwareExpectation,
} from './server-verify';

/** Default HTTP timeout of one POST (bounds in IMPORT_LIMITS: a 20,000-software file took 93-108 s under load). */
export const SERVER_TIMEOUT_DEFAULT_S = IMPORT_LIMITS.timeoutSeconds.default;
/** After a timeout the comm server may still be writing: how long the database is watched at most while it holds the computer's lock. */
const LOCKED_WAIT_MAX_MS = 10 * 60_000;

/** What the comm server's status codes mean for an inventory POST (docs/ocs-compat 1.3). */
const STATUS_REASON: Record<number, string> = {
  400: 'server-refused-400 (XML parse error, missing QUERY or bad DEVICEID)',
  403: 'server-refused-403 (device locked by another process, flood filter or session required)',
  500: 'server-error-500 (database error, or the body could not be decompressed)',
};

interface Before {
  dbNow: string;
  lastcome: string | null;
}

async function snapshot(knex: Knex, deviceId: string): Promise<Before> {
  for (;;) {
    // One round trip: the DB time and the computer's LASTCOME.
    const [now] = await rowsOf<{ NOW: string; LASTCOME: string | null }>(
      knex.raw(
        'SELECT NOW() AS NOW, (SELECT LASTCOME FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1) AS LASTCOME',
        [deviceId],
      ),
    );
    const lastcome = now!.LASTCOME ?? null;
    // LASTCOME has 1 s resolution: if it already equals "now", wait for the next second so a new
    // LASTCOME is distinguishable from the old one.
    if (lastcome !== null && lastcome >= now!.NOW) {
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    return { dbNow: now!.NOW, lastcome };
  }
}

/**
 * Proof in the DB: hardware row with that DEVICEID, LASTCOME moved (it is set to NOW() by every
 * inventory), and its software rows exactly the file's (count and names, server-verify.ts).
 */
async function verify(
  knex: Knex,
  inv: Inventory,
  before: Before,
  expected: SoftwareExpectation,
): Promise<{ hardwareId: number; problem: string | null; locked: boolean }> {
  const rows = await rowsOf<{ ID: number; LASTCOME: string | null; L: number | string }>(
    knex.raw(
      `SELECT h.ID, h.LASTCOME, (SELECT COUNT(*) FROM locks l WHERE l.HARDWARE_ID = h.ID) AS L
         FROM hardware h WHERE h.DEVICEID = ? ORDER BY h.ID LIMIT 1`,
      [inv.deviceId],
    ),
  );
  if (rows.length === 0)
    return {
      hardwareId: 0,
      locked: false,
      problem: 'not-stored-after-200: no hardware row with this DEVICEID',
    };
  const h = rows[0]!;
  const hardwareId = Number(h.ID);
  const locked = Number(h.L) > 0;
  if (h.LASTCOME === null || h.LASTCOME < before.dbNow) {
    return {
      hardwareId,
      locked,
      problem: 'not-stored-after-200: LASTCOME did not move (the inventory was rolled back)',
    };
  }
  const stored = await storedSoftware(knex, [hardwareId]);
  return { hardwareId, locked, problem: softwareProblem(stored.get(hardwareId), expected) };
}

export interface ServerImportResult {
  hardwareId: number;
  action: 'inserted' | 'updated';
  attempts: number;
  /** The POST timed out, but the database then held exactly this file's inventory. */
  afterTimeout: boolean;
  /** The connection broke during the POST, but the database then held exactly this file's inventory. */
  afterDisconnect?: boolean;
}

export interface ServerImportOptions {
  retries?: number;
  /** HTTP timeout of one POST (default SERVER_TIMEOUT_DEFAULT_S). */
  timeoutMs?: number;
  /** What the file's rows must be (computed from `inv` when absent). */
  expected?: SoftwareExpectation;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After a timeout the comm server may still be writing the file (it does not stop when the client
 * goes). The database is watched for as long again as the timeout, and longer while the server holds
 * the computer's `locks` row (at most LOCKED_WAIT_MAX_MS): the file counts as imported only when its
 * rows are there, exactly as the normal check wants them.
 */
async function afterTimeout(
  knex: Knex,
  inv: Inventory,
  before: Before,
  expected: SoftwareExpectation,
  timeoutMs: number,
): Promise<{ hardwareId: number; problem: string | null }> {
  const t0 = Date.now();
  for (;;) {
    const v = await verify(knex, inv, before, expected);
    if (!v.problem) return v;
    const waited = Date.now() - t0;
    if (waited >= LOCKED_WAIT_MAX_MS || (waited >= timeoutMs && !v.locked)) return v;
    await sleep(Math.min(1000, Math.max(100, timeoutMs / 10)));
  }
}

/**
 * POSTs the file bytes unchanged, as an agent would (Content-Type application/x-compress; the server
 * inflates zlib bodies and accepts plain XML starting with `<?xml`), then verifies the computer in
 * the DB. A 200 whose rows are not there is retried (`retries` times) and then reported as failed.
 * A timeout is not retried: the database says whether the server stored the file after all.
 */
export async function importViaServer(
  knex: Knex,
  serverUrl: string,
  inv: Inventory,
  path: string,
  opts: ServerImportOptions = {},
): Promise<ServerImportResult> {
  const body = await readFile(path);
  const retries = opts.retries ?? 2;
  const timeoutMs = opts.timeoutMs ?? SERVER_TIMEOUT_DEFAULT_S * 1000;
  const expected = opts.expected ?? softwareExpectation(inv);
  let lastProblem = '';
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    // The database reads around the POST: a dropped connection is retried on a new one, then the file
    // fails with the database's own error (DB_CONNECTION_LOST naming the server), never INTERNAL.
    const read = <T>(fn: () => Promise<T>) =>
      readWithReconnect(knex, fn).catch((e: unknown) => {
        throw withAttempts(e, attempt);
      });
    const before = await read(() => snapshot(knex, inv.deviceId));
    const action = before.lastcome === null ? 'inserted' : 'updated';
    let res: Response;
    try {
      res = await fetch(serverUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-compress', 'User-Agent': IMPORT_USER_AGENT },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
    } catch (e) {
      const err = e as { name?: string; cause?: { code?: string; message?: string } };
      if (err?.name === 'TimeoutError') {
        const seconds = Math.round(timeoutMs / 100) / 10;
        const v = await read(() => afterTimeout(knex, inv, before, expected, timeoutMs));
        if (!v.problem) return { hardwareId: v.hardwareId, action, attempts: attempt, afterTimeout: true };
        throw withAttempts(
          new AppError(
            'TIMEOUT',
            {
              what: serverUrl,
              seconds,
              reason: 'timeout-not-stored',
              detail: `the database does not hold this file's inventory after the timeout (${v.problem.replace(/-after-200/, '')}); raise the timeout for large files`,
            },
            { cause: e },
          ),
          attempt,
        );
      }
      // The connection broke once the server may have had the file (reset or closed mid-answer, not
      // refused): the database says whether it stored it, as after a timeout (watched while it holds the
      // computer's lock), so a stored file is not reported failed.
      const netCode = err?.cause?.code ?? '';
      if (netCode !== 'ECONNREFUSED') {
        const v = await read(() => afterTimeout(knex, inv, before, expected, 0));
        if (!v.problem)
          return {
            hardwareId: v.hardwareId,
            action,
            attempts: attempt,
            afterTimeout: false,
            afterDisconnect: true,
          };
      }
      throw withAttempts(
        new AppError(
          'SERVER_UNREACHABLE',
          {
            url: serverUrl,
            reason: 'server-unreachable',
            detail:
              netCode === 'ECONNREFUSED'
                ? 'connection refused (ECONNREFUSED): the comm server is not running'
                : `the connection broke before the answer (${[netCode, err?.cause?.message].filter(Boolean).join(': ') || String(e).slice(0, 100)}); the database does not hold this file's inventory`,
          },
          { cause: e },
        ),
        attempt,
      );
    }
    if (res.status !== 200) {
      const reason = STATUS_REASON[res.status] ?? `server-status-${res.status}`;
      // 403 "device locked" is transient; the others are answers about the file.
      if (res.status === 403 && attempt <= retries) {
        await sleep(1000 * attempt);
        lastProblem = reason;
        continue;
      }
      throw withAttempts(
        new AppError('HTTP_FAILED', {
          url: serverUrl,
          status: res.status,
          reason: reason.split(' ')[0]!,
          detail: reason,
        }),
        attempt,
      );
    }
    const v = await read(() => verify(knex, inv, before, expected));
    if (!v.problem) return { hardwareId: v.hardwareId, action, attempts: attempt, afterTimeout: false };
    lastProblem = v.problem;
  }
  throw withAttempts(
    new AppError('CONFLICT', {
      what: 'not-verified',
      reason: lastProblem.split(':')[0]!,
      detail: lastProblem,
    }),
    retries + 1,
  );
}
