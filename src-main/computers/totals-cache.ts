import type { Knex } from 'knex';
import type { ComputerFilter } from '../../shared/contract/computers';
import { scopeKey, type Scope } from '../platform/ocs/scope';

/**
 * Totals of filtered lists, kept for a few seconds so that paging through one search does not count
 * its matches again on every page. The first page of a search always counts (and refreshes the entry);
 * later pages reuse a total younger than TTL_MS. Keyed by the filter JSON and the operator's scope (TAG
 * restriction, group IDs); every write of this module (admin data, settings, deletion, seeding) drops
 * them all. Other writers (the comm server, imports) are bounded by the TTL.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 500;

interface Entry {
  at: number;
  generation: number;
  total: number;
}

const caches = new WeakMap<Knex, Map<string, Entry>>();
let generation = 0;

export function totalsKey(scope: Scope, filter: ComputerFilter | undefined): string {
  return JSON.stringify({
    scope: scopeKey(scope),
    match: filter?.match ?? 'all',
    quick: filter?.quick?.trim() ?? '',
    criteria: (filter?.criteria ?? []).map((c) => [
      c.field,
      c.op,
      c.value ?? null,
      c.value2 ?? null,
      c.qualifier ?? null,
    ]),
  });
}

export function cachedTotal(k: Knex, key: string): number | null {
  const e = caches.get(k)?.get(key);
  if (!e || e.generation !== generation || Date.now() - e.at > TTL_MS) return null;
  return e.total;
}

export function rememberTotal(k: Knex, key: string, total: number, startedGeneration: number): void {
  if (startedGeneration !== generation) return; // a write happened while counting
  let m = caches.get(k);
  if (!m) caches.set(k, (m = new Map()));
  if (m.size >= MAX_ENTRIES) m.clear();
  m.set(key, { at: Date.now(), generation, total });
}

export function totalsGeneration(): number {
  return generation;
}

/** Drops every cached total (any pool): call after writing computers, admin data or settings. */
export function invalidateTotals(): void {
  generation++;
}
