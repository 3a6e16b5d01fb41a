import type { Knex } from 'knex';
import type { z } from 'zod';
import type { RegistryQuery, RegistryQueryInput } from '../../shared/contract/registry';
import type { Scope } from '../platform/ocs/scope';
import { configInt } from '../platform/ocs/config';
import { AppError } from '../platform/errors';
import * as repo from './registry.repo';

export async function listQueries(
  k: Knex,
  scope: Scope,
): Promise<{ queries: RegistryQuery[]; enabled: boolean }> {
  const [queries, registry] = await Promise.all([repo.listQueries(k, scope), configInt(k, 'REGISTRY')]);
  return { queries, enabled: registry === 1 };
}

/** Creates or edits a query; name and (hive, key, value) stay unique (utf8_general_ci comparisons). */
export async function saveQuery(
  k: Knex,
  scope: Scope,
  q: z.output<typeof RegistryQueryInput>,
): Promise<RegistryQuery> {
  const id = await k.transaction(async (trx) => {
    if (q.id && (await repo.queryName(trx, q.id, true)) === undefined)
      throw new AppError('NOT_FOUND', { what: `Registry query ${q.id}` });
    const clash = await repo.clashes(trx, q);
    const field = (path: string, message: string) => ({ fields: [{ path, message }] });
    if (clash.name)
      throw new AppError(
        'CONFLICT',
        { detail: `A registry query named "${q.name}" already exists.` },
        field('name', 'already used'),
      );
    if (clash.target)
      throw new AppError(
        'CONFLICT',
        { detail: 'Another registry query already reads this hive, key and value.' },
        field('value', 'already queried'),
      );
    if (q.id) {
      await repo.updateQuery(trx, q.id, q);
      return q.id;
    }
    return repo.insertQuery(trx, q);
  });
  const saved = await repo.getQuery(k, scope, id);
  if (!saved) throw new AppError('NOT_FOUND', { what: `Registry query ${id}` });
  return saved;
}

export async function deleteQuery(k: Knex, id: number): Promise<void> {
  await k.transaction(async (trx) => {
    const name = await repo.queryName(trx, id, true);
    if (name === undefined) throw new AppError('NOT_FOUND', { what: `Registry query ${id}` });
    await repo.deleteQuery(trx, id, name);
  });
}

export async function listValues(
  k: Knex,
  scope: Scope,
  input: { id: number; filter?: string; offset: number; limit: number },
): ReturnType<typeof repo.listValues> {
  const name = await repo.queryName(k, input.id);
  if (name === undefined) throw new AppError('NOT_FOUND', { what: `Registry query ${input.id}` });
  if (!name) return { rows: [], total: 0 };
  return repo.listValues(k, scope, name, input);
}
