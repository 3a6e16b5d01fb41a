import { z } from 'zod';
import { defineRoute, Empty } from './route';
import { NameCountsState } from './software';

/**
 * Home dashboard: fleet figures within the operator's TAG perimeter. Every figure is the count the
 * computers search gives for the criteria named beside it, so a tile's click-through lists exactly the
 * computers it counted (the TAG and IP discovery tiles use `tags.repartition` and `ipdiscover.networks`).
 */

/** One value of a distribution; `value` null = empty or missing (search: IS_EMPTY). */
export const DashCount = z.object({ value: z.string().nullable(), count: z.number().int().nonnegative() });
export type DashCount = z.infer<typeof DashCount>;

/** The biggest values, and how many computers have one of the others (`others` values in all). */
export const Distribution = z.object({
  top: z.array(DashCount),
  rest: z.number().int().nonnegative(),
  others: z.number().int().nonnegative(),
});
export type Distribution = z.infer<typeof Distribution>;

export const OsVersionCount = z.object({
  os: z.string().nullable(),
  version: z.string().nullable(),
  count: z.number().int().nonnegative(),
});

export const PackageDeployment = z.object({
  fileId: z.string(),
  name: z.string(),
  /** Computers whose status is WAITING (no answer yet) or NOTIFIED. */
  inProgress: z.number().int().nonnegative(),
  /** Computers whose status is ERR_* or EXIT_CODE_*. */
  failing: z.number().int().nonnegative(),
});

export const DashboardSummary = z.object({
  /** Computers (groups excluded): search with no criterion. */
  total: z.number().int().nonnegative(),
  /** Last contact (hardware.LASTCOME) NEWER_THAN_DAYS 1 / 7 / 30. */
  seen: z.object({
    day: z.number().int().nonnegative(),
    week: z.number().int().nonnegative(),
    month: z.number().int().nonnegative(),
  }),
  /** Last contact OLDER_THAN_DAYS 30. */
  notSeen30: z.number().int().nonnegative(),
  /** hardware.OSNAME EQUAL value (IS_EMPTY for null). */
  os: Distribution,
  /** hardware.OSNAME and hardware.OSVERSION EQUAL. */
  osVersions: z.array(OsVersionCount),
  /** hardware.USERAGENT EQUAL value. */
  agents: Distribution,
  /** devices.DOWNLOAD EQUAL WAITING or NOTIFIED / EQUAL ERROR, computers with at least one such package. */
  deployments: z.object({
    inProgress: z.number().int().nonnegative(),
    failing: z.number().int().nonnegative(),
    packages: z.array(PackageDeployment),
  }),
});
export type DashboardSummary = z.infer<typeof DashboardSummary>;

export const TopSoftware = z.object({
  /** Empty while no count has arrived (`counts.computedAt` null). */
  rows: z.array(z.object({ name: z.string(), computers: z.number().int().nonnegative() })),
  /** All software's per-name counts (counting reads every software row): when, or since when. */
  counts: NameCountsState,
});
export type TopSoftware = z.infer<typeof TopSoftware>;

export const dashboard = {
  summary: defineRoute({ right: 'browse', input: Empty, output: DashboardSummary }),
  /** The most installed software names (software.NAME EQUAL name). */
  topSoftware: defineRoute({
    right: 'browse',
    input: z.object({ limit: z.number().int().min(1).max(50).default(10) }),
    output: TopSoftware,
  }),
};
