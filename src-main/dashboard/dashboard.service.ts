import type { Knex } from 'knex';
import type { DashboardSummary, Distribution, TopSoftware } from '../../shared/contract/dashboard';
import type { Scope } from '../platform/ocs/scope';
import {
  contactCounts,
  deploymentCounts,
  hardwareValueCounts,
  osVersionCounts,
  topSoftwareNames,
} from './dashboard.repo';

const TOP = 10;

/** The TOP biggest values (ties by value), and what the others add up to. */
export function distribution(
  counts: Array<{ value: string | null; count: number }>,
  top = TOP,
): Distribution {
  const sorted = [...counts].sort(
    (a, b) => b.count - a.count || (a.value ?? '').localeCompare(b.value ?? ''),
  );
  const rest = sorted.slice(top);
  return {
    top: sorted.slice(0, top),
    rest: rest.reduce((s, c) => s + c.count, 0),
    others: rest.length,
  };
}

/** Every figure of the dashboard but top software, side by side on the pool (each one statement). */
export async function dashboardSummary(k: Knex, scope: Scope): Promise<DashboardSummary> {
  const [contact, os, osVersions, agents, deployments] = await Promise.all([
    contactCounts(k, scope),
    hardwareValueCounts(k, scope, 'OSNAME'),
    osVersionCounts(k, scope, TOP),
    hardwareValueCounts(k, scope, 'USERAGENT'),
    deploymentCounts(k, scope, 8),
  ]);
  return {
    total: contact.total,
    seen: { day: contact.day, week: contact.week, month: contact.month },
    notSeen30: contact.notSeen30,
    os: distribution(os),
    osVersions,
    agents: distribution(agents),
    deployments,
  };
}

/**
 * Top software reads every software row's index entry (seconds at 14 M rows, minutes on a loaded
 * server: 4 min measured by bench:browser): the answer is kept TTL_MS per pool and perimeter, callers
 * asking at the same time share one statement, and once it is older the kept answer is still returned
 * at once while a fresh count runs (its time is in `computedAt`), so only the very first visit waits.
 */
const TTL_MS = 5 * 60_000;
interface Kept {
  at: number;
  value: Promise<TopSoftware>;
  /** The last answer that arrived, while a newer count runs. */
  last?: TopSoftware;
  /** A count is under way: never a second one beside it, however long it takes. */
  running: boolean;
}
const topCache = new WeakMap<Knex, Map<string, Kept>>();

export function topSoftware(k: Knex, scope: Scope, limit: number): Promise<TopSoftware> {
  const key = JSON.stringify([scope.tags ? [...scope.tags].sort() : null, scope.groupIds, limit]);
  let m = topCache.get(k);
  if (!m) topCache.set(k, (m = new Map()));
  const hit = m.get(key);
  if (hit && (hit.running || Date.now() - hit.at < TTL_MS))
    return hit.last ? Promise.resolve(hit.last) : hit.value;
  const value = topSoftwareNames(k, scope, limit).then((rows) => ({
    rows,
    computedAt: new Date().toISOString(),
  }));
  const kept: Kept = { at: Date.now(), value, last: hit?.last, running: true };
  m.set(key, kept);
  value.then(
    (v) => {
      // Fresh from when it arrived, however long the count took.
      kept.at = Date.now();
      kept.last = v;
      kept.running = false;
    },
    () => {
      kept.running = false;
      // A failed recount keeps the last answer (counted again on the next call); no answer yet: forgotten.
      if (kept.last) kept.at = 0;
      else m.delete(key);
    },
  );
  return kept.last ? Promise.resolve(kept.last) : value;
}
