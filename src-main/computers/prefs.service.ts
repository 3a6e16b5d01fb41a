import type { Knex } from 'knex';
import type { GridPrefs } from '../../shared/contract/computers';
import type { SavedSearch } from '../../shared/contract/search';
import { AppError } from '../platform/errors';
import type { Operator } from '../platform/rpc/session';
import * as repo from './prefs.repo';

/** An operator's own grid layout and saved searches, keyed by its login (never another's). */

function loginOf(op: Operator | null): string {
  if (!op) throw new AppError('AUTH_REQUIRED');
  return op.id;
}

export const getGridPrefs = (k: Knex, op: Operator | null): Promise<GridPrefs | null> =>
  repo.getGridPrefs(k, loginOf(op));

export async function setGridPrefs(k: Knex, op: Operator | null, prefs: GridPrefs): Promise<{ ok: true }> {
  await repo.setGridPrefs(k, loginOf(op), prefs);
  return { ok: true };
}

export const listSaved = (k: Knex, op: Operator | null): Promise<SavedSearch[]> =>
  repo.listSaved(k, loginOf(op));

export const saveSearch = (
  k: Knex,
  op: Operator | null,
  input: Parameters<typeof repo.saveSearch>[2],
): Promise<SavedSearch> => repo.saveSearch(k, loginOf(op), input);

export async function deleteSaved(k: Knex, op: Operator | null, id: number): Promise<{ ok: true }> {
  await repo.deleteSaved(k, loginOf(op), id);
  return { ok: true };
}
