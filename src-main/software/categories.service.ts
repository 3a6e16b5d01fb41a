import type { Knex } from 'knex';
import type { z } from 'zod';
import type { RuleInput, SoftwareCategory } from '../../shared/contract/software';
import { AppError } from '../platform/errors';
import { deleteConfigRows, readConfigRows, writeConfigValue } from '../platform/ocs/config';
import {
  categoryExists,
  categoryIdByName,
  deleteCategoryRows,
  deleteRule,
  insertCategory,
  insertRule,
  listCategories,
  updateCategory,
} from './categories.repo';

/** config DEFAULT_CATEGORY as the comm server reads it (IVALUE, NULL or no row = none). */
export async function defaultCategory(k: Knex): Promise<number | null> {
  const row = (await readConfigRows(k, ['DEFAULT_CATEGORY'])).get('DEFAULT_CATEGORY');
  return row?.ivalue ?? null;
}

export async function categoriesView(
  k: Knex,
): Promise<{ categories: SoftwareCategory[]; defaultCategory: number | null }> {
  const [categories, def] = await Promise.all([listCategories(k), defaultCategory(k)]);
  return { categories, defaultCategory: def };
}

const conflict = (name: string) =>
  new AppError('CONFLICT', { detail: `The software category "${name}" already exists.` });

/** A new category; the name must be free (ocsreports' add_category refuses a second one). */
export async function createCategory(k: Knex, name: string, os: string): Promise<{ id: number }> {
  return k.transaction(async (t) => {
    if ((await categoryIdByName(t, name)) !== null) throw conflict(name);
    return { id: await insertCategory(t, name, os) };
  });
}

export async function renameCategory(k: Knex, id: number, name: string, os: string): Promise<void> {
  await k.transaction(async (t) => {
    if (!(await categoryExists(t, id))) throw new AppError('NOT_FOUND', { what: 'software category', id });
    const other = await categoryIdByName(t, name);
    if (other !== null && other !== id) throw conflict(name);
    await updateCategory(t, id, name, os);
  });
}

/**
 * Deletes as ocsreports does (rules, link rows, category) and, unlike it, clears DEFAULT_CATEGORY when it
 * named this category: the comm server would otherwise keep linking software to a category that is gone.
 */
export async function removeCategory(k: Knex, id: number): Promise<void> {
  await k.transaction(async (t) => {
    if (!(await categoryExists(t, id))) throw new AppError('NOT_FOUND', { what: 'software category', id });
    await deleteCategoryRows(t, id);
    if ((await defaultCategory(t)) === id) await deleteConfigRows(t, ['DEFAULT_CATEGORY']);
  });
}

export async function addRule(k: Knex, r: z.output<typeof RuleInput>): Promise<{ id: number }> {
  return k.transaction(async (t) => {
    if (!(await categoryExists(t, r.categoryId)))
      throw new AppError('NOT_FOUND', { what: 'software category', id: r.categoryId });
    return {
      id: await insertRule(t, {
        categoryId: r.categoryId,
        pattern: r.pattern,
        publisher: r.publisher || undefined,
        sign: r.sign,
        version: r.version || undefined,
      }),
    };
  });
}

export async function removeRule(k: Knex, id: number): Promise<void> {
  if (!(await deleteRule(k, id))) throw new AppError('NOT_FOUND', { what: 'category rule', id });
}

/** Sets DEFAULT_CATEGORY (IVALUE), or removes the row for "none" (both read as none by the comm server). */
export async function setDefaultCategory(k: Knex, id: number | null): Promise<void> {
  await k.transaction(async (t) => {
    if (id === null) return deleteConfigRows(t, ['DEFAULT_CATEGORY']);
    if (!(await categoryExists(t, id))) throw new AppError('NOT_FOUND', { what: 'software category', id });
    await writeConfigValue(t, 'DEFAULT_CATEGORY', 'IVALUE', id);
  });
}
