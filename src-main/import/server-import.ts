import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { AppError } from '../platform/errors';
import { rowsOf } from './db-helpers';
import { DICTIONARY_MAX_CHARS } from './ocs-map';
import type { Inventory } from './ocs-reader';
import { withAttempts } from './offline-import';
import { IMPORT_USER_AGENT } from './offline-writer';

/** What the comm server's status codes mean for an inventory POST (docs/ocs-compat 1.3). */
const STATUS_REASON: Record<number, string> = {
  400: 'server-refused-400 (XML parse error, missing QUERY or bad DEVICEID)',
  403: 'server-refused-403 (device locked by another process, flood filter or session required)',
  500: 'server-error-500 (database error, or the body could not be decompressed)',
};

/** Software rows the server will keep: entries whose dictionary texts fit their varchar(255) column. */
export function expectedSoftwareCount(inv: Inventory): number {
  let n = 0;
  for (const s of inv.sections.get('SOFTWARES') ?? []) {
    if ([s.NAME, s.PUBLISHER, s.VERSION].some((v) => v !== undefined && [...v].length > DICTIONARY_MAX_CHARS))
      continue;
    n++;
  }
  return n;
}

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

/** Proof in the DB: hardware row with that DEVICEID, LASTCOME moved (it is set to NOW() by every inventory), software count. */
async function verify(
  knex: Knex,
  inv: Inventory,
  before: Before,
): Promise<{ hardwareId: number; problem: string | null }> {
  // One round trip: the hardware row and its software count.
  const rows = await rowsOf<{ ID: number; LASTCOME: string | null; N: number | string }>(
    knex.raw(
      `SELECT h.ID, h.LASTCOME, (SELECT COUNT(*) FROM software s WHERE s.HARDWARE_ID = h.ID) AS N
         FROM hardware h WHERE h.DEVICEID = ? ORDER BY h.ID LIMIT 1`,
      [inv.deviceId],
    ),
  );
  if (rows.length === 0)
    return { hardwareId: 0, problem: 'not-stored-after-200: no hardware row with this DEVICEID' };
  const h = rows[0]!;
  if (h.LASTCOME === null || h.LASTCOME < before.dbNow) {
    return {
      hardwareId: Number(h.ID),
      problem: 'not-stored-after-200: LASTCOME did not move (the inventory was rolled back)',
    };
  }
  const expected = expectedSoftwareCount(inv);
  if (Number(h.N) !== expected) {
    return {
      hardwareId: Number(h.ID),
      problem: `software-count-mismatch: ${h.N} rows stored, ${expected} in the file`,
    };
  }
  return { hardwareId: Number(h.ID), problem: null };
}

export interface ServerImportResult {
  hardwareId: number;
  action: 'inserted' | 'updated';
  attempts: number;
}

/**
 * POSTs the file bytes unchanged, as an agent would (Content-Type application/x-compress; the server
 * inflates zlib bodies and accepts plain XML starting with `<?xml`), then verifies the computer in
 * the DB. A 200 whose rows are not there is retried (`retries` times) and then reported as failed.
 */
export async function importViaServer(
  knex: Knex,
  serverUrl: string,
  inv: Inventory,
  path: string,
  opts: { retries?: number; timeoutMs?: number } = {},
): Promise<ServerImportResult> {
  const body = await readFile(path);
  const retries = opts.retries ?? 2;
  let lastProblem = '';
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const before = await snapshot(knex, inv.deviceId);
    let res: Response;
    try {
      res = await fetch(serverUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-compress', 'User-Agent': IMPORT_USER_AGENT },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      const err = e as { name?: string; cause?: { code?: string } };
      if (err?.name === 'TimeoutError')
        throw new AppError(
          'TIMEOUT',
          { what: serverUrl, seconds: Math.round((opts.timeoutMs ?? 120_000) / 1000) },
          { cause: e },
        );
      throw new AppError(
        'SERVER_UNREACHABLE',
        { url: serverUrl, reason: 'server-unreachable', detail: err?.cause?.code ?? String(e).slice(0, 100) },
        { cause: e },
      );
    }
    if (res.status !== 200) {
      const reason = STATUS_REASON[res.status] ?? `server-status-${res.status}`;
      // 403 "device locked" is transient; the others are answers about the file.
      if (res.status === 403 && attempt <= retries) {
        await new Promise((r) => setTimeout(r, 1000 * attempt));
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
    const v = await verify(knex, inv, before);
    if (!v.problem)
      return {
        hardwareId: v.hardwareId,
        action: before.lastcome === null ? 'inserted' : 'updated',
        attempts: attempt,
      };
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
