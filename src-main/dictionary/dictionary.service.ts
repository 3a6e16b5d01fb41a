import type { Knex } from 'knex';
import type { z } from 'zod';
import type { DictionaryTarget } from '../../shared/contract/dictionary';
import { AppError } from '../platform/errors';
import { categoryExists, forget, insertFormatted, insertIgnored } from './dictionary.repo';

/** Reads the routes serve as the repository answers them (the scope is already a required argument). */
export { categories, listNames } from './dictionary.repo';

/** The key as utf8_general_ci compares it (case and trailing spaces ignored), to drop duplicates. */
const ciKey = (s: string) => s.replace(/ +$/, '').toLowerCase();

/**
 * Moves names to IGNORED, UNCHANGED or a category in one transaction: the rows ocsreports writes
 * (delete from the source tab, then dico_ignored(name) / dico_soft(name, name) / dico_soft(name, C)).
 */
export async function moveNames(
  k: Knex,
  names: string[],
  to: z.output<typeof DictionaryTarget>,
): Promise<void> {
  const seen = new Set<string>();
  const unique = names.filter((n) => {
    const key = ciKey(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await k.transaction(async (trx) => {
    if (to.kind === 'CATEGORY') {
      const exists = await categoryExists(trx, to.name);
      if (to.create && exists)
        throw new AppError('CONFLICT', { detail: `The category "${to.name}" already exists.` });
      if (!to.create && !exists) throw new AppError('NOT_FOUND', { what: `Category "${to.name}"` });
    }
    await forget(trx, unique);
    if (to.kind === 'IGNORED') await insertIgnored(trx, unique);
    else await insertFormatted(trx, unique, to.kind === 'CATEGORY' ? to.name : null);
  });
}
