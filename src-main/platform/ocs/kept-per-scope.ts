import type { Knex } from 'knex';
import { mapDbError } from '../db/mysql-errors';
import { AppError } from '../errors';
import { scopeKey, type Scope } from './scope';

/**
 * A figure of a whole perimeter that is too slow to compute on a request (a read of every software
 * row): computed in the background, one at a time per connection pool (whatever the figure), kept per
 * perimeter, served while a fresher one is computed. All software's count (software/name-counts.ts)
 * and the CVE per-computer tally (cve/computer-tally.ts) are two of them.
 */

/** What a screen says about it: when the kept one was computed, since when one runs, why the last failed. */
export interface KeptState {
  computedAt: string | null;
  countingSince: string | null;
  failed: 'timeout' | 'error' | null;
}

/** How long a kept one is fresh, and when a failed one is tried again (read at each call: tunable). */
export interface KeptLimits {
  ttlMs: number;
  retryMs: number;
}

/** The tail of each pool's queue: one background computation at a time per pool. */
const queues = new WeakMap<Knex, Promise<unknown>>();

/** Runs `work` after the pool's queued background computations. */
export function queued<T>(k: Knex, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(k) ?? Promise.resolve()).then(work);
  queues.set(
    k,
    run.catch(() => undefined),
  );
  return run;
}

interface Slot<T> {
  last?: T;
  running?: { since: string; done: Promise<T | null> };
  failed?: { at: number; reason: 'timeout' | 'error' };
}

export interface KeptPerScope<T> {
  /**
   * The perimeter's value as kept, starting a computation when there is none or it is older than the
   * TTL (not again within the retry delay of a failed one); waits at most `waitMs` when none is kept.
   */
  get(k: Knex, scope: Scope, waitMs: number): Promise<{ value: T | null; state: KeptState }>;
  /** A value no older than the TTL, however long it takes (CSV exports, the command line). */
  now(k: Knex, scope: Scope): Promise<T>;
  /** The kept value, however old, without starting anything (null when none). */
  kept(k: Knex, scope: Scope): T | null;
  /** The state, without starting anything. */
  state(k: Knex, scope: Scope): KeptState;
}

export function keptPerScope<T extends { computedAt: string }>(
  compute: (k: Knex, scope: Scope) => Promise<T>,
  limits: KeptLimits,
): KeptPerScope<T> {
  const slots = new WeakMap<Knex, Map<string, Slot<T>>>();
  const slotOf = (k: Knex, scope: Scope): Slot<T> => {
    let m = slots.get(k);
    if (!m) slots.set(k, (m = new Map()));
    const key = scopeKey(scope);
    let slot = m.get(key);
    if (!slot) m.set(key, (slot = {}));
    return slot;
  };
  const start = (k: Knex, slot: Slot<T>, scope: Scope): void => {
    const since = new Date().toISOString();
    const done = queued(k, () => compute(k, scope)).then(
      (value): T => {
        slot.last = value;
        slot.failed = undefined;
        slot.running = undefined;
        return value;
      },
      (e: unknown) => {
        const killed = (e instanceof AppError ? e : mapDbError(e)).code === 'DB_QUERY_KILLED';
        slot.failed = { at: Date.now(), reason: killed ? 'timeout' : 'error' };
        slot.running = undefined;
        return null;
      },
    );
    slot.running = { since, done };
  };
  const stateOf = (slot: Slot<T> | undefined): KeptState => ({
    computedAt: slot?.last?.computedAt ?? null,
    countingSince: slot?.running?.since ?? null,
    failed: slot?.running ? null : (slot?.failed?.reason ?? null),
  });
  const fresh = (v: T | undefined) => !!v && Date.now() - Date.parse(v.computedAt) < limits.ttlMs;

  const get: KeptPerScope<T>['get'] = async (k, scope, waitMs) => {
    const slot = slotOf(k, scope);
    const retry = !slot.failed || Date.now() - slot.failed.at >= limits.retryMs;
    if (!slot.running && !fresh(slot.last) && retry) start(k, slot, scope);
    if (!slot.last && slot.running && waitMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        slot.running.done,
        new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
      ]);
      clearTimeout(timer);
    }
    return { value: slot.last ?? null, state: stateOf(slot) };
  };
  return {
    get,
    async now(k, scope) {
      const { value } = await get(k, scope, 0);
      if (value && fresh(value)) return value;
      const slot = slotOf(k, scope);
      if (!slot.running) start(k, slot, scope);
      const got = await slot.running!.done;
      if (!got)
        throw new AppError('DB_QUERY_KILLED', {
          reason: slot.failed?.reason === 'timeout' ? 'max_statement_time' : 'error',
        });
      return got;
    },
    kept: (k, scope) => slots.get(k)?.get(scopeKey(scope))?.last ?? null,
    state: (k, scope) => stateOf(slots.get(k)?.get(scopeKey(scope))),
  };
}
