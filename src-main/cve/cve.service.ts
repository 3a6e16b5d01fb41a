import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CveSoftwareInput, CveStatus, SoftwareKey, VulnerableSoftware } from '../../shared/contract/cve';
import { readConfigRows } from '../platform/ocs/config';
import type { Scope } from '../platform/ocs/scope';
import { computersOf, cvesOf, keyOf, pageTriples, tableFigures } from './cve.repo';

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

export { affectedComputers, computerCves, historyPage } from './cve.repo';
