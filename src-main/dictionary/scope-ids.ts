import type { Knex } from 'knex';
import { applyScope, type Scope } from '../computers/filter-sql';

/** hardware IDs the operator may see, as a subquery; null when nothing is restricted (no TAG list). */
export function scopedHardwareIds(k: Knex, scope: Scope): Knex.QueryBuilder | null {
  if (!scope.tags) return null;
  const q = k.from({ h: 'hardware' }).select('h.ID');
  applyScope(k, q, scope);
  return q;
}
