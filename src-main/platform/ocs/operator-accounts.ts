import type { Knex } from 'knex';
import { likePattern } from './like';

/**
 * OCS operator accounts as the login and the router need them (the `operators` row, its `tags`
 * perimeter rows, the password columns): part of the OCS data model, so auth and operators share it
 * here instead of one capability reading the other's repository.
 */

/** One `operators` row (columns as OCS names them). */
export interface OperatorDbRow {
  ID: string;
  FIRSTNAME: string | null;
  LASTNAME: string | null;
  PASSWD: string | null;
  ACCESSLVL: number | null;
  COMMENTS: string | null;
  NEW_ACCESSLVL: string | null;
  EMAIL: string | null;
  USER_GROUP: string | null;
  PASSWORD_VERSION: number | null;
}

export const OPERATOR_COLUMNS = [
  'ID',
  'FIRSTNAME',
  'LASTNAME',
  'PASSWD',
  'ACCESSLVL',
  'COMMENTS',
  'NEW_ACCESSLVL',
  'EMAIL',
  'USER_GROUP',
  'PASSWORD_VERSION',
];

/** `ID` is utf8_general_ci: the lookup is case-insensitive, like ocsreports'. */
export async function findOperator(k: Knex, login: string): Promise<OperatorDbRow | undefined> {
  return (await k('operators').where('ID', login).first(OPERATOR_COLUMNS)) as OperatorDbRow | undefined;
}

export async function setPassword(k: Knex, login: string, passwd: string, version: number): Promise<void> {
  await k('operators').where('ID', login).update({ PASSWD: passwd, PASSWORD_VERSION: version });
}

/** Tag perimeter rows (`tags.Tag`) of one operator, as stored (wildcards not expanded). */
export async function tagsOf(k: Knex, login: string): Promise<string[]> {
  const rows = (await k('tags').where('Login', login).select('Tag').orderBy('Tag')) as Array<{ Tag: string }>;
  return rows.map((r) => r.Tag);
}

/** Expands wildcard tags (`*`, `?`) against the TAG values present in `accountinfo` now. */
export async function expandTags(k: Knex, tags: string[]): Promise<string[]> {
  const out = new Set<string>();
  const patterns: string[] = [];
  for (const t of tags) {
    if (/[*?]/.test(t)) patterns.push(likePattern(t, false));
    else out.add(t);
  }
  if (patterns.length) {
    const q = k('accountinfo').distinct('TAG').whereNotNull('TAG');
    q.where((w) => {
      for (const p of patterns) w.orWhere('TAG', 'like', p);
    });
    for (const r of (await q) as Array<{ TAG: string }>) out.add(r.TAG);
  }
  return [...out].sort();
}
