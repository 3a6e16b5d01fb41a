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
 * Top software reads every software row's index entry (seconds at 14 M rows): the answer is kept
 * TTL_MS per pool and perimeter, and callers asking at the same time share one statement.
 */
const TTL_MS = 5 * 60_000;
const topCache = new WeakMap<Knex, Map<string, { at: number; value: Promise<TopSoftware> }>>();

export function topSoftware(k: Knex, scope: Scope, limit: number): Promise<TopSoftware> {
  const key = JSON.stringify([scope.tags ? [...scope.tags].sort() : null, scope.groupIds, limit]);
  let m = topCache.get(k);
  if (!m) topCache.set(k, (m = new Map()));
  const hit = m.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = topSoftwareNames(k, scope, limit).then((rows) => ({
    rows,
    computedAt: new Date().toISOString(),
  }));
  m.set(key, { at: Date.now(), value });
  value.catch(() => m.delete(key));
  return value;
}
