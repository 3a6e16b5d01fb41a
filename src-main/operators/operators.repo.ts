import type { Knex } from 'knex';

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

const COLUMNS = [
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
  return (await k('operators').where('ID', login).first(COLUMNS)) as OperatorDbRow | undefined;
}

export async function listOperators(k: Knex): Promise<OperatorDbRow[]> {
  return (await k('operators').select(COLUMNS).orderBy('ID')) as OperatorDbRow[];
}

export async function insertOperator(k: Knex, row: OperatorDbRow): Promise<void> {
  await k('operators').insert(row);
}

export async function updateOperator(k: Knex, login: string, patch: Partial<OperatorDbRow>): Promise<number> {
  if (Object.keys(patch).length === 0) return 1;
  return k('operators').where('ID', login).update(patch);
}

export async function setPassword(k: Knex, login: string, passwd: string, version: number): Promise<void> {
  await k('operators').where('ID', login).update({ PASSWD: passwd, PASSWORD_VERSION: version });
}

export async function deleteOperator(k: Knex, login: string): Promise<number> {
  return k('operators').where('ID', login).del();
}

export async function countProfile(k: Knex, profile: string): Promise<number> {
  const r = (await k('operators').where('NEW_ACCESSLVL', profile).count({ n: '*' }).first()) as
    { n: number | string } | undefined;
  return Number(r?.n ?? 0);
}

/** Tag perimeter rows (`tags.Tag`) of one operator, as stored (wildcards not expanded). */
export async function tagsOf(k: Knex, login: string): Promise<string[]> {
  const rows = (await k('tags').where('Login', login).select('Tag').orderBy('Tag')) as Array<{ Tag: string }>;
  return rows.map((r) => r.Tag);
}

export async function allTags(k: Knex): Promise<Map<string, string[]>> {
  const rows = (await k('tags').select('Tag', 'Login').orderBy('Tag')) as Array<{
    Tag: string;
    Login: string;
  }>;
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const key = r.Login.toLowerCase();
    out.set(key, [...(out.get(key) ?? []), r.Tag]);
  }
  return out;
}

export async function replaceTags(k: Knex, login: string, tags: string[]): Promise<void> {
  await k('tags').where('Login', login).del();
  if (tags.length) await k('tags').insert(tags.map((Tag) => ({ Tag, Login: login })));
}

/** `*` -> `%`, `?` -> `_`; literal `%`, `_` and `\` are escaped (ocsreports leaves them as wildcards). */
export function likePattern(tag: string): string {
  return tag
    .replace(/[\\%_]/g, (c) => '\\' + c)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

/** Expands wildcard tags against the TAG values present in `accountinfo` now. */
export async function expandTags(k: Knex, tags: string[]): Promise<string[]> {
  const out = new Set<string>();
  const patterns: string[] = [];
  for (const t of tags) {
    if (/[*?]/.test(t)) patterns.push(likePattern(t));
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
