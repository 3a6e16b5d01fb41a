import type { Knex } from 'knex';
import { severityOf } from '../../shared/contract/cve';
import type { z } from 'zod';
import type {
  CveByComputerInput,
  CveByComputerOutput,
  CveCsvInput,
  CveSoftwareInput,
  CveSoftwareOutput,
  CveStatus,
  SoftwareKey,
} from '../../shared/contract/cve';
import { csvLine } from '../computers/csv-export';
import { readConfigRows } from '../platform/ocs/config';
import type { Scope } from '../platform/ocs/scope';
import { countsState, keptCounts, nameCounts, nameCountsNow, tripleComputers } from '../software/name-counts';
import { COUNT_WAIT_MS } from '../software/software.service';
import {
  computerTally,
  computerTallyNow,
  keptTally,
  pageOfTally,
  readVulnerable,
  tallyState,
  walkByName,
} from './computer-tally';
import { candidateTriples, computersOf, cvesOf, keyOf, tableFigures } from './cve.repo';

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

/**
 * One page of vulnerable software installed in the scope. The triples come from cve_search (filters
 * and sorts by name, CVSS or CVE count in SQL); which of them the perimeter has, and on how many
 * computers, from the kept background count of All software (name-counts.ts): no read of software.
 * Until that count is kept the list has no rows and a null total, with the count's state; without any
 * cve_search row the list is empty at once, and no count is started.
 */
export async function vulnerableSoftware(
  k: Knex,
  scope: Scope,
  input: z.output<typeof CveSoftwareInput>,
  waitMs: number = COUNT_WAIT_MS.byCount,
): Promise<z.output<typeof CveSoftwareOutput>> {
  const candidates = await candidateTriples(k, input);
  if (!candidates.length) return { rows: [], total: 0, counts: countsState(k, scope) };
  if (input.waitCounts) await nameCountsNow(k, scope);
  const { counts, state } = await nameCounts(k, scope, waitMs);
  if (!counts) return { rows: [], total: null, counts: state };
  const installed = candidates
    .map((r) => ({ ...r, computers: tripleComputers(counts, r.nameId, r.publisherId, r.versionId) }))
    .filter((r) => r.computers > 0);
  if (input.sort.column === 'computers') {
    const sign = input.sort.dir === 'asc' ? 1 : -1;
    // Stable: equal counts stay in the candidates' name order.
    installed.sort((a, b) => sign * (a.computers - b.computers));
  }
  return {
    rows: installed.slice(input.offset, input.offset + input.limit),
    total: installed.length,
    counts: state,
  };
}

export async function softwareCves(
  k: Knex,
  scope: Scope,
  key: SoftwareKey,
): Promise<{ rows: Array<{ cve: string; cvss: number; link: string }>; computers: number }> {
  // The kept count when there is one; else this triple's name's rows, read live.
  const kept = keptCounts(k, scope);
  const [rows, computers] = await Promise.all([
    cvesOf(k, key),
    kept
      ? tripleComputers(kept, key.nameId, key.publisherId, key.versionId)
      : computersOf(k, scope, [key]).then((c) => c.get(keyOf(key)) ?? 0),
  ]);
  return { rows, computers };
}

/**
 * One page of the computers with vulnerable software (computer-tally.ts). From the kept tally when
 * there is one; else sorted by name the page is walked first (the tally starts behind it); the other
 * sorts wait a moment for the tally, then answer no rows and its state. No cve_search row: empty at
 * once, no tally started.
 */
export async function vulnerableComputers(
  k: Knex,
  scope: Scope,
  input: z.output<typeof CveByComputerInput>,
  waitMs: number = COUNT_WAIT_MS.byCount,
): Promise<CveByComputerOutput> {
  const v = await readVulnerable(k);
  if (!v.nameIds.length) return { rows: [], total: 0, counts: tallyState(k, scope) };
  if (input.waitCounts) await computerTallyNow(k, scope);
  if (input.sort.column === 'name' && !keptTally(k, scope)) {
    const walked = await walkByName(k, scope, v, input);
    if (walked) {
      const { state } = await computerTally(k, scope, 0);
      return { ...walked, counts: state };
    }
  }
  const { tally, state } = await computerTally(k, scope, waitMs);
  if (!tally) return { rows: [], total: null, counts: state };
  return { ...(await pageOfTally(k, scope, tally, input)), counts: state };
}

/**
 * Either list as CSV text (header + one line per row), in the grid's order and with its filters. The
 * columns are the grid's, with the CVSS score and its band apart. Both lists are ordered in memory (the
 * kept count or tally), so the export takes its rows as one page of up to `maxRows`.
 */
export async function exportCveCsv(
  k: Knex,
  scope: Scope,
  input: z.output<typeof CveCsvInput>,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const lines: string[] = [];
  const whole = { offset: 0, limit: input.maxRows };
  let rows = 0;
  let total = 0;
  if (input.list === 'software') {
    // An explicit export waits for the count (which software is installed, and on how many computers).
    const page = await vulnerableSoftware(k, scope, { ...input, ...whole, waitCounts: true });
    lines.push(
      csvLine(['Software', 'Publisher', 'Version', 'Highest CVSS', 'Severity', 'CVEs', 'Computers'], ','),
    );
    for (const r of page.rows)
      lines.push(
        csvLine([r.name, r.publisher, r.version, r.maxCvss, severityOf(r.maxCvss), r.cves, r.computers], ','),
      );
    rows = page.rows.length;
    total = page.total ?? 0;
  } else {
    // An explicit export waits for the tally (every computer's figures).
    const tally = (await readVulnerable(k)).nameIds.length
      ? await computerTallyNow(k, scope)
      : { rows: [], computedAt: '' };
    const page = await pageOfTally(k, scope, tally, { ...input, ...whole, waitCounts: false });
    lines.push(
      csvLine(['Computer', 'ID', 'TAG', 'Vulnerable software', 'CVEs', 'Highest CVSS', 'Severity'], ','),
    );
    for (const r of page.rows)
      lines.push(
        csvLine([r.name, r.id, r.tag ?? '', r.software, r.cves, r.maxCvss, severityOf(r.maxCvss)], ','),
      );
    rows = page.rows.length;
    total = page.total;
  }
  return { csv: lines.join(''), rows, truncated: rows < total };
}

export { affectedComputers, computerCves, historyPage } from './cve.repo';
