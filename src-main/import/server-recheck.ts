import type { Knex } from 'knex';
import { normaliseKey } from './apply-order';
import { rowsOf } from './db-helpers';
import { softwareProblem, storedSoftware, type SoftwareExpectation } from './server-verify';

/** A file server mode reported imported: what its computer's rows must still be when the batch ends. */
export interface CheckedFile {
  index: number;
  deviceId: string;
  hardwareId: number;
  expected: SoftwareExpectation;
  /** Its conflict keys (apply-order.ts): a later file sharing one may have merged this computer away. */
  keys: string[];
}

export interface RecheckProblem {
  reason: 'changed-after-check' | 'deleted-after-check';
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The end-of-batch check of server mode. The comm server 2.8.1 can write a computer again after OCS
 * Desk's check of it (a deadlock retry of another request duplicating its software rows), so the check
 * right after each POST is not enough: every computer is checked once more when the batch ends, and a
 * file whose computer no longer holds exactly its rows is returned here (to be reported failed).
 *
 * For a computer imported by several files of the batch, the last one is checked (the earlier ones were
 * replaced by it, as the server fed serially would do). A computer gone at the end is accepted only when
 * a later imported file of the batch could have merged it (same OLD_DEVICEID or duplicate criterion).
 * While the server still holds a `locks` row on one of these computers (a request still running, e.g.
 * after a timeout), the check waits for it, at most `waitMs` (and 2 minutes: a stale lock must not hold
 * the report for long).
 */
export async function recheckAtBatchEnd(
  knex: Knex,
  checked: readonly CheckedFile[],
  waitMs: number,
): Promise<Map<number, RecheckProblem>> {
  const lastOf = new Map<string, CheckedFile>();
  const lastByKey = new Map<string, number>();
  for (const c of checked) {
    const k = normaliseKey(c.deviceId);
    const prev = lastOf.get(k);
    if (!prev || prev.index < c.index) lastOf.set(k, c);
    for (const key of c.keys) lastByKey.set(key, Math.max(lastByKey.get(key) ?? -1, c.index));
  }
  const files = [...lastOf.values()];

  const current = new Map<string, number>();
  for (let i = 0; i < files.length; i += 500) {
    const part = files.slice(i, i + 500).map((f) => f.deviceId);
    const rows = await rowsOf<{ ID: number; DEVICEID: string }>(
      knex.raw(
        `SELECT ID, DEVICEID FROM hardware WHERE DEVICEID IN (${part.map(() => '?').join(',')})`,
        part,
      ),
    );
    for (const r of rows) {
      const k = normaliseKey(r.DEVICEID);
      const id = Number(r.ID);
      if (!current.has(k) || id < current.get(k)!) current.set(k, id);
    }
  }
  const ids = [...current.values()];

  const t0 = Date.now();
  const wait = Math.min(waitMs, 120_000);
  for (let i = 0; i < ids.length;) {
    const part = ids.slice(i, i + 500);
    const [l] = await rowsOf<{ N: number | string }>(
      knex.raw(
        `SELECT COUNT(*) AS N FROM locks WHERE HARDWARE_ID IN (${part.map(() => '?').join(',')})`,
        part,
      ),
    );
    if (Number(l!.N) > 0 && Date.now() - t0 < wait) {
      await sleep(500);
      continue;
    }
    i += 500;
  }

  const stored = await storedSoftware(knex, ids);
  const problems = new Map<number, RecheckProblem>();
  for (const f of files) {
    const id = current.get(normaliseKey(f.deviceId));
    if (id === undefined) {
      if (!f.keys.some((k) => (lastByKey.get(k) ?? -1) > f.index))
        problems.set(f.index, {
          reason: 'deleted-after-check',
          detail: 'verified when imported, but no computer has this DEVICEID at the end of the batch',
        });
      continue;
    }
    const p = softwareProblem(stored.get(id), f.expected);
    if (p)
      problems.set(f.index, {
        reason: 'changed-after-check',
        detail: `verified when imported, but the comm server wrote this computer again before the end of the batch (${p})`,
      });
  }
  return problems;
}
