import type { Knex } from 'knex';
import type { DashboardSummary, Distribution, TopSoftware } from '../../shared/contract/dashboard';
import type { Scope } from '../platform/ocs/scope';
import { contactCounts, deploymentCounts, hardwareValueCounts, osVersionCounts } from './dashboard.repo';
import { mostInstalled } from '../software/software.service';

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

/** How long Home's top software waits for a count when none is kept (a small fleet's fits). */
const TOP_WAIT_MS = process.env.OCS_DESK_COUNT_WAIT_MS ? Number(process.env.OCS_DESK_COUNT_WAIT_MS) : 600;

/**
 * The most installed names, from All software's per-name counts (software/name-counts.ts): counted in
 * the background and kept a few minutes, so the dashboard never waits for a read of every software
 * row; while the first count runs the answer has no rows and says since when it counts.
 */
export function topSoftware(
  k: Knex,
  scope: Scope,
  limit: number,
  waitMs = TOP_WAIT_MS,
): Promise<TopSoftware> {
  return mostInstalled(k, scope, limit, waitMs);
}
