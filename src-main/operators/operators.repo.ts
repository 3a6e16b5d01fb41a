import type { Knex } from 'knex';
import { OPERATOR_COLUMNS as COLUMNS, type OperatorDbRow } from '../platform/ocs/operator-accounts';

// Reads shared with the login (find, tags, password) live in platform/ocs/operator-accounts.ts.
export {
  findOperator,
  setPassword,
  tagsOf,
  expandTags,
  type OperatorDbRow,
} from '../platform/ocs/operator-accounts';

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

export async function deleteOperator(k: Knex, login: string): Promise<number> {
  return k('operators').where('ID', login).del();
}

export async function countProfile(k: Knex, profile: string): Promise<number> {
  const r = (await k('operators').where('NEW_ACCESSLVL', profile).count({ n: '*' }).first()) as
    { n: number | string } | undefined;
  return Number(r?.n ?? 0);
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
