import type { Knex } from 'knex';
import type { MergeResult } from '../../shared/contract/duplicates';
import { configInt } from '../platform/ocs/config';
import { invalidateGroupIds } from '../platform/ocs/scope';
import { scoped, type Scope } from '../platform/ocs/scope';
import { getSchemaInfo, type SchemaInfo } from '../computers/schema-info';
import { invalidateTotals } from '../computers/totals-cache';
import { pickSurvivor } from './duplicates.repo';
import {
  releaseLocks,
  replaceDuplicate,
  takeLocks,
  withWriter,
  type Writer,
} from '../platform/ocs/comm-procedures';

interface HwRow {
  ID: number;
  LASTCOME: string | null;
  LASTDATE: string | null;
}

export async function mergeGroups(
  k: Knex,
  scope: Scope,
  groups: number[][],
  opts: {
    progress: (done: number, total: number, note?: string) => void;
    signal: AbortSignal;
  },
): Promise<MergeResult> {
  const s = await getSchemaInfo(k);
  const trace = (await configInt(k, 'TRACE_DELETED')) === 1 && s.tables.has('deleted_equiv');
  return withWriter(k, (w) => mergeAll(k, s, scope, groups, trace, w, opts));
}

async function mergeAll(
  k: Knex,
  s: SchemaInfo,
  scope: Scope,
  groups: number[][],
  trace: boolean,
  w: Writer,
  opts: { progress: (done: number, total: number, note?: string) => void; signal: AbortSignal },
): Promise<MergeResult> {
  const out: MergeResult = { merged: 0, removed: 0, survivors: [], skipped: [], traced: trace };
  opts.progress(0, groups.length);
  for (const [gi, wanted] of groups.entries()) {
    opts.signal.throwIfAborted();
    // Only computers the operator may see (groups are never computers; TAG restriction).
    const q = scoped(
      k,
      k('hardware').select('ID', 'LASTCOME', 'LASTDATE').whereIn('ID', wanted),
      'ID',
      scope,
    );
    const rows = ((await q) as HwRow[]).map((r) => ({
      ...r,
      ID: Number(r.ID),
      LASTCOME: r.LASTCOME ? String(r.LASTCOME) : null,
      LASTDATE: r.LASTDATE ? String(r.LASTDATE) : null,
    }));
    if (rows.length < 2) {
      out.skipped.push({ ids: wanted, reason: 'not-found' });
      continue;
    }
    const ids = rows.map((r) => r.ID);
    const cur = pickSurvivor(
      rows.map((r) => ({ ...r, id: r.ID, lastCome: r.LASTCOME, lastDate: r.LASTDATE })),
    )!;
    // Newest first, so the oldest computer is replaced last and its administrative data win.
    const olds = rows
      .filter((r) => r.ID !== cur.ID)
      .sort(
        (a, b) =>
          (b.LASTCOME ?? '').localeCompare(a.LASTCOME ?? '') ||
          (b.LASTDATE ?? '').localeCompare(a.LASTDATE ?? '') ||
          b.ID - a.ID,
      );
    // Every computer of the group or none (a computer the comm server holds right now is left alone).
    const held = await takeLocks(k, ids, w);
    if (held.length < ids.length) {
      await releaseLocks(k, held, w);
      out.skipped.push({ ids, reason: 'locked' });
      continue;
    }
    try {
      await k.transaction(async (trx) => {
        for (const old of olds)
          await replaceDuplicate(trx, s, {
            current: cur.ID,
            old: old.ID,
            inventoryTables: s.hardwareIdTables,
            trace,
          });
      });
      out.merged++;
      out.removed += olds.length;
      out.survivors.push(cur.ID);
    } finally {
      invalidateTotals();
      await releaseLocks(k, ids, w);
    }
    opts.progress(gi + 1, groups.length);
  }
  invalidateGroupIds(k);
  opts.progress(groups.length, groups.length);
  return out;
}
