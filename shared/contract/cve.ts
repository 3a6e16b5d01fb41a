import { z } from 'zod';
import { CsvText, defineRoute, Empty, Page } from './route';
import { NameCountsState } from './software';

/**
 * CVE: what ocsreports' CVE cron jobs stored (docs/cve.md). OCS Desk only reads these tables:
 * `cve_search` (one row per CVE found for a software name, publisher and version, written by
 * ocsreports' crontab/cron_cve.php), `cve_search_history` (one row per publisher: last lookup and
 * CVEs found) and `cve_search_computer` (cron_cve_computer.php's flat copy per computer). Affected
 * computers are counted live from `software`, inside the operator's TAG perimeter.
 */

/** CVSS v3 qualitative bands (FIRST CVSS v3.1 specification, section 5). */
export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Band of a CVSS score: none 0.0, low 0.1–3.9, medium 4.0–6.9, high 7.0–8.9, critical 9.0–10.0. */
export function severityOf(cvss: number): Severity {
  if (cvss >= 9) return 'critical';
  if (cvss >= 7) return 'high';
  if (cvss >= 4) return 'medium';
  if (cvss > 0) return 'low';
  return 'none';
}

export const CveStatus = z.object({
  /** config VULN_CVESEARCH_ENABLE = 1 (ocsreports' cron jobs do nothing otherwise). */
  enabled: z.boolean(),
  /** config VULN_CVESEARCH_HOST holds a cve-search server address. */
  hostSet: z.boolean(),
  /** Rows in each table (whole tables: these counts name no computer). */
  cveRows: z.number().int().nonnegative(),
  computerRows: z.number().int().nonnegative(),
  historyRows: z.number().int().nonnegative(),
  /** Latest cve_search_history.FLAG_DATE (the last publisher looked up), as stored. */
  lastRun: z.string().nullable(),
});
export type CveStatus = z.infer<typeof CveStatus>;

export const CveSortColumn = z.enum(['name', 'cvss', 'cves', 'computers']);

export const CveSoftwareInput = z.object({
  /** Part of the software name, publisher or CVE id (case-insensitive, `*` and `?` wildcards). */
  filter: z.string().max(255).optional(),
  /** Bands of the software's highest CVSS; empty or absent = every band. */
  severities: z.array(Severity).max(SEVERITIES.length).optional(),
  sort: z
    .object({ column: CveSortColumn, dir: z.enum(['asc', 'desc']) })
    .default({ column: 'cvss', dir: 'desc' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  /**
   * Wait for All software's background count however long it takes (the command line, a one-shot
   * process that keeps none); otherwise at most a moment, then no rows and the count's state.
   */
  waitCounts: z.boolean().default(false),
});
export type CveSoftwareInput = z.input<typeof CveSoftwareInput>;

const Id = z.number().int().nonnegative();
/** One software as cve_search keys it: (name, publisher, version) dictionary ids. */
export const SoftwareKey = z.object({ nameId: Id, publisherId: Id, versionId: Id });
export type SoftwareKey = z.infer<typeof SoftwareKey>;

/** A vulnerable software installed on at least one computer of the operator's perimeter. */
export const VulnerableSoftware = SoftwareKey.extend({
  name: z.string(),
  publisher: z.string(),
  version: z.string(),
  /** Distinct CVE ids stored for it. */
  cves: z.number().int().nonnegative(),
  maxCvss: z.number(),
  /** Distinct computers of the perimeter with this exact name, publisher and version. */
  computers: z.number().int().nonnegative(),
});
export type VulnerableSoftware = z.infer<typeof VulnerableSoftware>;

/**
 * A page of vulnerable software. Which software the perimeter has, and on how many computers, comes
 * from All software's background count (`counts`): until it is kept, no rows and a null total.
 */
export const CveSoftwareOutput = z.object({
  rows: z.array(VulnerableSoftware),
  total: z.number().int().nonnegative().nullable(),
  counts: NameCountsState,
});
export type CveSoftwareOutput = z.infer<typeof CveSoftwareOutput>;

export const CveEntry = z.object({ cve: z.string(), cvss: z.number(), link: z.string() });
export type CveEntry = z.infer<typeof CveEntry>;

export const AffectedComputer = z.object({
  id: z.number().int(),
  name: z.string(),
  tag: z.string().nullable(),
  lastdate: z.string().nullable(),
});
export type AffectedComputer = z.infer<typeof AffectedComputer>;

/** A CVE of one computer's installed software. */
export const ComputerCve = CveEntry.extend({ name: z.string(), publisher: z.string(), version: z.string() });
export type ComputerCve = z.infer<typeof ComputerCve>;

export const CveComputerSortColumn = z.enum(['name', 'cvss', 'cves', 'software']);

/** The "by computer" list: ocsreports' BY_COMPUTER tab, one row per computer rather than per CVE. */
export const CveByComputerInput = z.object({
  /** Part of the computer name or TAG (case-insensitive, `*` and `?` wildcards). */
  filter: z.string().max(255).optional(),
  /** Bands of the computer's highest CVSS; empty or absent = every band. */
  severities: z.array(Severity).max(SEVERITIES.length).optional(),
  sort: z
    .object({ column: CveComputerSortColumn, dir: z.enum(['asc', 'desc']) })
    .default({ column: 'cvss', dir: 'desc' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  /**
   * Wait for the perimeter's per-computer tally however long it takes (the command line, a one-shot
   * process that keeps none); otherwise at most a moment, then the count's state.
   */
  waitCounts: z.boolean().default(false),
});
export type CveByComputerInput = z.input<typeof CveByComputerInput>;

/** A computer of the perimeter with at least one vulnerable software. */
export const VulnerableComputer = z.object({
  id: z.number().int(),
  name: z.string(),
  tag: z.string().nullable(),
  /** Distinct vulnerable (name, publisher, version) it has. */
  software: z.number().int().nonnegative(),
  /** Distinct CVE ids of those. */
  cves: z.number().int().nonnegative(),
  maxCvss: z.number(),
});
export type VulnerableComputer = z.infer<typeof VulnerableComputer>;

/**
 * A page of the by-computer list. Sorted by name the page comes first and `total` is null until the
 * perimeter's tally (built in the background, `counts`) is kept; the other sorts need the tally: no
 * rows and a null total until then.
 */
export const CveByComputerOutput = z.object({
  rows: z.array(VulnerableComputer),
  total: z.number().int().nonnegative().nullable(),
  counts: NameCountsState,
});
export type CveByComputerOutput = z.infer<typeof CveByComputerOutput>;

/** CSV of one list, with the grid's filters and order (UTF-8, comma-separated, header first). */
export const CveCsvInput = z.discriminatedUnion('list', [
  CveSoftwareInput.omit({ offset: true, limit: true, waitCounts: true }).extend({
    list: z.literal('software'),
    maxRows: z.number().int().min(1).max(200_000).default(50_000),
  }),
  CveByComputerInput.omit({ offset: true, limit: true, waitCounts: true }).extend({
    list: z.literal('computers'),
    maxRows: z.number().int().min(1).max(200_000).default(50_000),
  }),
]);
export type CveCsvInput = z.input<typeof CveCsvInput>;

export const HistoryRow = z.object({
  flagDate: z.string(),
  cveCount: z.number().int(),
  publisher: z.string(),
});
export type HistoryRow = z.infer<typeof HistoryRow>;

export const cve = {
  /** Whether the feature is on in `config` and what the tables hold (the empty-state text). */
  status: defineRoute({ right: 'browse', input: Empty, output: CveStatus }),
  software: defineRoute({ right: 'browse', input: CveSoftwareInput, output: CveSoftwareOutput }),
  /** CVEs of one software, and how many computers of the perimeter have it. */
  cves: defineRoute({
    right: 'browse',
    input: SoftwareKey,
    output: z.object({ rows: z.array(CveEntry), computers: z.number().int().nonnegative() }),
  }),
  /** Computers of the perimeter having the software, or any software a CVE id names. */
  computers: defineRoute({
    right: 'browse',
    input: z.union([
      SoftwareKey.extend({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      }),
      z.object({
        cve: z.string().min(1).max(255),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    ]),
    output: Page(AffectedComputer),
  }),
  /** CVEs of one computer's software (its detail page's CVE section). */
  computer: defineRoute({
    right: 'browse',
    input: z.object({ id: z.number().int().positive() }),
    output: z.object({ rows: z.array(ComputerCve) }),
  }),
  /** Computers of the perimeter with vulnerable software: counts and highest CVSS per computer. */
  byComputer: defineRoute({
    right: 'browse',
    input: CveByComputerInput,
    output: CveByComputerOutput,
  }),
  /** Either list as CSV, in the grid's order. */
  exportCsv: defineRoute({
    right: 'browse',
    input: CveCsvInput,
    output: CsvText,
  }),
  /** Last lookups per publisher, latest first. */
  history: defineRoute({
    right: 'browse',
    input: z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: Page(HistoryRow),
  }),
};
