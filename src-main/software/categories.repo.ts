import type { Knex } from 'knex';
import { tableExists } from '../platform/ocs/schema-facts';
import type { CategoryRule, SoftwareCategory } from '../../shared/contract/software';
import type { RuleRow } from './category-rules';

/**
 * SQL of software categories: the rows ocsreports 2.11.1's category page writes
 * (`software_categories`, `software_category_exp`, deletes of `software_categories_link`) and the rows
 * the comm server reads. Knex bindings only.
 */

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function listCategories(k: Knex): Promise<SoftwareCategory[]> {
  const [cats, rules, links] = await Promise.all([
    k('software_categories').select('ID', 'CATEGORY_NAME', 'OS').orderBy('CATEGORY_NAME').orderBy('ID'),
    k('software_category_exp')
      .select('ID', 'CATEGORY_ID', 'SOFTWARE_EXP', 'SIGN_VERSION', 'VERSION', 'PUBLISHER')
      .orderBy('ID'),
    // No link table before schema 7069 (ocsbase_new.sql's 7039): nothing is linked yet.
    tableExists(k, 'software_categories_link').then((has) =>
      has ? k('software_categories_link').select('CATEGORY_ID').count({ c: '*' }).groupBy('CATEGORY_ID') : [],
    ),
  ]);
  const linked = new Map((links as Row[]).map((r) => [num(r.CATEGORY_ID), num(r.c)]));
  const byCat = new Map<number, CategoryRule[]>();
  for (const r of rules as Row[]) {
    const list = byCat.get(num(r.CATEGORY_ID)) ?? [];
    list.push({
      id: num(r.ID),
      pattern: String(r.SOFTWARE_EXP ?? ''),
      publisher: strOrNull(r.PUBLISHER) || null,
      sign: strOrNull(r.SIGN_VERSION) || null,
      version: strOrNull(r.VERSION) || null,
    });
    byCat.set(num(r.CATEGORY_ID), list);
  }
  return (cats as Row[]).map((c) => ({
    id: num(c.ID),
    name: String(c.CATEGORY_NAME),
    os: strOrNull(c.OS),
    rules: byCat.get(num(c.ID)) ?? [],
    linked: linked.get(num(c.ID)) ?? 0,
  }));
}

/** The category of that name (CATEGORY_NAME compares case-insensitively, as ocsreports' check does). */
export async function categoryIdByName(k: Knex, name: string): Promise<number | null> {
  const r = (await k('software_categories').first('ID').where('CATEGORY_NAME', name).forUpdate()) as
    { ID: number } | undefined;
  return r ? num(r.ID) : null;
}

export async function categoryExists(k: Knex, id: number): Promise<boolean> {
  return !!(await k('software_categories').first('ID').where('ID', id).forUpdate());
}

export async function insertCategory(k: Knex, name: string, os: string): Promise<number> {
  const [id] = (await k('software_categories').insert({ CATEGORY_NAME: name, OS: os })) as number[];
  return num(id);
}

export async function updateCategory(k: Knex, id: number, name: string, os: string): Promise<void> {
  await k('software_categories').update({ CATEGORY_NAME: name, OS: os }).where('ID', id);
}

/** ocsreports' order: rules, then link rows, then the category. */
export async function deleteCategoryRows(k: Knex, id: number): Promise<void> {
  await k('software_category_exp').where('CATEGORY_ID', id).delete();
  await k('software_categories_link').where('CATEGORY_ID', id).delete();
  await k('software_categories').where('ID', id).delete();
}

/** A rule as ocsreports' insert_exp stores it: no sign or version is '' and no publisher is ''. */
export async function insertRule(
  k: Knex,
  r: { categoryId: number; pattern: string; publisher?: string; sign?: string; version?: string },
): Promise<number> {
  const [id] = (await k('software_category_exp').insert({
    CATEGORY_ID: r.categoryId,
    SOFTWARE_EXP: r.pattern,
    SIGN_VERSION: r.sign ?? '',
    VERSION: r.version ?? '',
    PUBLISHER: r.publisher ?? '',
  })) as number[];
  return num(id);
}

export async function deleteRule(k: Knex, id: number): Promise<number> {
  return k('software_category_exp').where('ID', id).delete();
}

/**
 * The rules exactly as the comm server reads them: its own statement (no ORDER BY), so the rows come
 * in the order MariaDB gives it, and "the last matching rule wins" picks the same rule.
 */
export async function serverRules(k: Knex): Promise<RuleRow[]> {
  const res = (await k.raw(
    'SELECT c.ID, c.CATEGORY_NAME, c.OS, s.SOFTWARE_EXP, s.SIGN_VERSION, s.VERSION, s.PUBLISHER FROM software_categories c, software_category_exp s WHERE s.CATEGORY_ID = c.ID',
  )) as [Row[], unknown];
  return res[0].map((r) => ({
    categoryId: num(r.ID),
    os: strOrNull(r.OS),
    pattern: strOrNull(r.SOFTWARE_EXP),
    sign: strOrNull(r.SIGN_VERSION),
    version: strOrNull(r.VERSION),
    publisher: strOrNull(r.PUBLISHER),
  }));
}
