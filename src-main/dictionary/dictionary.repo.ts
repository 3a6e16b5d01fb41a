import type { Knex } from 'knex';
import type { z } from 'zod';
import type { DictionaryListInput, DictionaryRow } from '../../shared/contract/dictionary';
import { likePattern } from '../platform/ocs/like';
import { scopedHardwareIds, type Scope } from '../platform/ocs/scope';

/**
 * SQL of the software dictionary (ocs-compat 8.1), knex bindings only. Every join is on a key:
 * dico_soft/dico_ignored PRIMARY(EXTRACTED), software_name UNIQUE(NAME), software(NAME_ID).
 * Names are paged in name order on those keys first; computers are counted for the page only.
 */

type ListInput = z.output<typeof DictionaryListInput>;

function base(k: Knex, input: ListInput): { q: Knex.QueryBuilder; col: string } {
  if (input.tab === 'NEW') {
    const q = k
      .from({ n: 'software_name' })
      .leftJoin({ s: 'dico_soft' }, 's.EXTRACTED', 'n.NAME')
      .leftJoin({ i: 'dico_ignored' }, 'i.EXTRACTED', 'n.NAME')
      .whereNull('s.EXTRACTED')
      .whereNull('i.EXTRACTED');
    return { q, col: 'n.NAME' };
  }
  if (input.tab === 'IGNORED') {
    const q = k.from({ i: 'dico_ignored' }).leftJoin({ n: 'software_name' }, 'n.NAME', 'i.EXTRACTED');
    return { q, col: 'i.EXTRACTED' };
  }
  const q = k.from({ s: 'dico_soft' }).leftJoin({ n: 'software_name' }, 'n.NAME', 's.EXTRACTED');
  if (input.tab === 'UNCHANGED') q.whereRaw('s.FORMATTED = s.EXTRACTED');
  else q.where('s.FORMATTED', input.category ?? '').whereRaw('s.FORMATTED <> s.EXTRACTED');
  return { q, col: 's.EXTRACTED' };
}

export async function listNames(
  k: Knex,
  scope: Scope,
  input: ListInput,
): Promise<{ rows: DictionaryRow[]; total: number }> {
  const { q, col } = base(k, input);
  if (input.filter?.trim()) q.where(col, 'like', likePattern(input.filter.trim()));
  const [countRow] = (await q.clone().count({ n: '*' })) as Array<{ n: number | string }>;
  const page = (await q
    .clone()
    .select({ name: col, id: 'n.ID' })
    .orderBy(col)
    .offset(input.offset)
    .limit(input.limit)) as Array<{ name: string; id: number | null }>;
  const ids = page.map((r) => r.id).filter((id): id is number => id !== null);
  const counts = new Map<number, number>();
  if (ids.length) {
    const c = k('software')
      .select('NAME_ID')
      .countDistinct({ c: 'HARDWARE_ID' })
      .whereIn('NAME_ID', ids)
      .groupBy('NAME_ID');
    const visible = scopedHardwareIds(k, scope);
    if (visible) c.whereIn('HARDWARE_ID', visible);
    for (const r of (await c) as Array<{ NAME_ID: number; c: number | string }>)
      counts.set(Number(r.NAME_ID), Number(r.c));
  }
  return {
    total: Number(countRow?.n ?? 0),
    rows: page.map((r) => ({ name: r.name, computers: r.id === null ? 0 : (counts.get(Number(r.id)) ?? 0) })),
  };
}

export async function categories(
  k: Knex,
): Promise<{ categories: Array<{ name: string; names: number }>; ignored: number; unchanged: number }> {
  const [cats, ign, unch] = await Promise.all([
    k('dico_soft')
      .select('FORMATTED')
      .count({ n: '*' })
      .whereRaw('FORMATTED <> EXTRACTED')
      .groupBy('FORMATTED'),
    k('dico_ignored').count({ n: '*' }),
    k('dico_soft').count({ n: '*' }).whereRaw('FORMATTED = EXTRACTED'),
  ]);
  return {
    categories: (cats as Array<{ FORMATTED: string; n: number | string }>)
      .map((r) => ({ name: r.FORMATTED, names: Number(r.n) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    ignored: Number((ign as Array<{ n: number | string }>)[0]?.n ?? 0),
    unchanged: Number((unch as Array<{ n: number | string }>)[0]?.n ?? 0),
  };
}

/** Whether a category exists (at least one dico_soft row renamed to it). */
export async function categoryExists(k: Knex, name: string): Promise<boolean> {
  const row = (await k('dico_soft')
    .first('EXTRACTED')
    .where('FORMATTED', name)
    .whereRaw('FORMATTED <> EXTRACTED')
    .forUpdate()) as { EXTRACTED: string } | undefined;
  return !!row;
}

const CHUNK = 500;

/** Removes names from every tab (back to NEW): ocsreports deletes them from their source tab. */
export async function forget(k: Knex, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += CHUNK) {
    const part = names.slice(i, i + CHUNK);
    await k('dico_soft').whereIn('EXTRACTED', part).delete();
    await k('dico_ignored').whereIn('EXTRACTED', part).delete();
  }
}

export async function insertIgnored(k: Knex, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += CHUNK)
    await k('dico_ignored').insert(names.slice(i, i + CHUNK).map((n) => ({ EXTRACTED: n })));
}

/** dico_soft(name, name) for UNCHANGED, dico_soft(name, category) for a category. */
export async function insertFormatted(k: Knex, names: string[], formatted: string | null): Promise<void> {
  for (let i = 0; i < names.length; i += CHUNK)
    await k('dico_soft').insert(
      names.slice(i, i + CHUNK).map((n) => ({ EXTRACTED: n, FORMATTED: formatted ?? n })),
    );
}
