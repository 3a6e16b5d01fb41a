import type { Knex } from 'knex';
import { severityOf } from '../../shared/contract/cve';
import type { z } from 'zod';
import type {
  CveByComputerInput,
  CveCsvInput,
  CveSoftwareInput,
  CveStatus,
  SoftwareKey,
  VulnerableSoftware,
} from '../../shared/contract/cve';
import { csvLine } from '../computers/csv-export';
import { readConfigRows } from '../platform/ocs/config';
import type { Scope } from '../platform/ocs/scope';
import { computersOf, cvesOf, keyOf, pageComputers, pageTriples, tableFigures } from './cve.repo';

/**
 * The CVE screens (docs/cve.md). The two options are not in the options catalogue: ocsreports reads
 * them with its own fallback (require/cve/Cve.php: a missing row means disabled, no host), so the raw
 * rows are read here and that fallback applied.
 */
export async function cveStatus(k: Knex): Promise<CveStatus> {
  const [rows, figures] = await Promise.all([
    readConfigRows(k, ['VULN_CVESEARCH_ENABLE', 'VULN_CVESEARCH_HOST']),
    tableFigures(k),
  ]);
  return {
    enabled: (rows.get('VULN_CVESEARCH_ENABLE')?.ivalue ?? 0) === 1,
    hostSet: (rows.get('VULN_CVESEARCH_HOST')?.tvalue ?? '').trim() !== '',
    ...figures,
  };
}

export async function vulnerableSoftware(
  k: Knex,
  scope: Scope,
  input: z.output<typeof CveSoftwareInput>,
): Promise<{ rows: VulnerableSoftware[]; total: number }> {
  const page = await pageTriples(k, scope, input);
  const missing = page.rows.filter((r) => r.computers === undefined);
  const counts = await computersOf(k, scope, missing);
  return {
    total: page.total,
    rows: page.rows.map((r) => ({ ...r, computers: r.computers ?? counts.get(keyOf(r)) ?? 0 })),
  };
}

export async function softwareCves(
  k: Knex,
  scope: Scope,
  key: SoftwareKey,
): Promise<{ rows: Array<{ cve: string; cvss: number; link: string }>; computers: number }> {
  const [rows, counts] = await Promise.all([cvesOf(k, key), computersOf(k, scope, [key])]);
  return { rows, computers: counts.get(keyOf(key)) ?? 0 };
}

export function vulnerableComputers(k: Knex, scope: Scope, input: z.output<typeof CveByComputerInput>) {
  return pageComputers(k, scope, input);
}

/** Rows per call while exporting: each call is one pass over the triples, so few and large. */
const CSV_PAGE = 5_000;

/**
 * Either list as CSV text (header + one line per row), in the grid's order and with its filters. The
 * columns are the grid's, with the CVSS score and its band apart.
 */
export async function exportCveCsv(
  k: Knex,
  scope: Scope,
  input: z.output<typeof CveCsvInput>,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const lines: string[] = [];
  let offset = 0;
  let total = 0;
  const { maxRows } = input;
  if (input.list === 'software') {
    lines.push(
      csvLine(['Software', 'Publisher', 'Version', 'Highest CVSS', 'Severity', 'CVEs', 'Computers'], ','),
    );
    for (;;) {
      const limit = Math.min(CSV_PAGE, maxRows - offset);
      if (limit <= 0) break;
      const page = await vulnerableSoftware(k, scope, { ...input, offset, limit });
      total = page.total;
      for (const r of page.rows)
        lines.push(
          csvLine(
            [r.name, r.publisher, r.version, r.maxCvss, severityOf(r.maxCvss), r.cves, r.computers],
            ',',
          ),
        );
      offset += page.rows.length;
      if (page.rows.length < limit) break;
    }
  } else {
    lines.push(
      csvLine(['Computer', 'ID', 'TAG', 'Vulnerable software', 'CVEs', 'Highest CVSS', 'Severity'], ','),
    );
    for (;;) {
      const limit = Math.min(CSV_PAGE, maxRows - offset);
      if (limit <= 0) break;
      const page = await pageComputers(k, scope, { ...input, offset, limit });
      total = page.total;
      for (const r of page.rows)
        lines.push(
          csvLine([r.name, r.id, r.tag ?? '', r.software, r.cves, r.maxCvss, severityOf(r.maxCvss)], ','),
        );
      offset += page.rows.length;
      if (page.rows.length < limit) break;
    }
  }
  return { csv: lines.join(''), rows: offset, truncated: offset < total };
}

export { affectedComputers, computerCves, historyPage } from './cve.repo';
