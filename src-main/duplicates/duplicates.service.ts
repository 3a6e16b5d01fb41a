import type { Knex } from 'knex';
import { DUPLICATE_CRITERIA } from '../../shared/contract/duplicates';
import type { Scope } from '../platform/ocs/scope';
import { countGroups, type Candidates } from './duplicates.repo';

/** Reads the routes serve as the repositories answer them. */
export { listGroups } from './duplicates.repo';
export { addBlacklist, listBlacklist, removeBlacklist } from './blacklist.repo';

/** The number of groups and computers for each criterion, within the operator's perimeter. */
export async function summary(k: Knex, scope: Scope) {
  const out = [];
  const known: Candidates = new Map();
  // One after the other: six GROUP BY scans in parallel would compete for the same pool and disk.
  for (const criterion of DUPLICATE_CRITERIA)
    out.push({ criterion, ...(await countGroups(k, criterion, scope, known)) });
  return out;
}
