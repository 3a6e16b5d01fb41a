import type { Knex } from 'knex';
import type { z } from 'zod';
import type { RegistryQuery, RegistryQueryInput, RegistryValue } from '../../shared/contract/registry';
import { likePattern } from '../platform/ocs/like';
import { applyScope, scopedHardwareIds, type Scope } from '../platform/ocs/scope';

/**
 * SQL of the registry queries (ocs-compat 8.2): regconfig rows and the `registry` results
 * (registry.NAME = regconfig.NAME, indexed), knex bindings only.
 */

type Row = {
  ID: number;
  NAME: string | null;
  REGTREE: number | null;
  REGKEY: string | null;
  REGVALUE: string | null;
};
const ciKey = (s: string) => s.replace(/ +$/, '').toLowerCase();

async function computersPerName(k: Knex, scope: Scope, names: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!names.length) return out;
  const q = k('registry')
    .select('NAME')
    .countDistinct({ c: 'HARDWARE_ID' })
    .whereIn('NAME', names)
    .groupBy('NAME');
  const visible = scopedHardwareIds(k, scope);
  if (visible) q.whereIn('HARDWARE_ID', visible);
  for (const r of (await q) as Array<{ NAME: string; c: number | string }>)
    out.set(ciKey(r.NAME), Number(r.c));
  return out;
}

function toQuery(r: Row, counts: Map<string, number>): RegistryQuery {
  return {
    id: Number(r.ID),
    name: r.NAME ?? '',
    hive: r.REGTREE === null ? null : Number(r.REGTREE),
    key: r.REGKEY ?? '',
    value: r.REGVALUE ?? '',
    computers: counts.get(ciKey(r.NAME ?? '')) ?? 0,
  };
}

export async function listQueries(k: Knex, scope: Scope): Promise<RegistryQuery[]> {
  const rows = (await k('regconfig')
    .select('ID', 'NAME', 'REGTREE', 'REGKEY', 'REGVALUE')
    .orderBy('NAME')
    .orderBy('ID')) as Row[];
  const counts = await computersPerName(
    k,
    scope,
    rows.map((r) => r.NAME).filter((n): n is string => !!n),
  );
  return rows.map((r) => toQuery(r, counts));
}

export async function getQuery(k: Knex, scope: Scope, id: number): Promise<RegistryQuery | null> {
  const r = (await k('regconfig').first('ID', 'NAME', 'REGTREE', 'REGKEY', 'REGVALUE').where('ID', id)) as
    Row | undefined;
  if (!r) return null;
  return toQuery(r, await computersPerName(k, scope, r.NAME ? [r.NAME] : []));
}

/** Another row with the same name, or the same (hive, key, value), locked until the transaction ends. */
export async function clashes(
  k: Knex,
  q: z.output<typeof RegistryQueryInput>,
): Promise<{ name: boolean; target: boolean }> {
  const others = k('regconfig').select('ID', 'NAME', 'REGTREE', 'REGKEY', 'REGVALUE').forUpdate();
  if (q.id) others.whereNot('ID', q.id);
  const rows = (await others.where((w) =>
    w
      .where('NAME', q.name)
      .orWhere((a) => a.where('REGTREE', q.hive).where('REGKEY', q.key).where('REGVALUE', q.value)),
  )) as Row[];
  return {
    name: rows.some((r) => ciKey(r.NAME ?? '') === ciKey(q.name)),
    target: rows.some(
      (r) =>
        Number(r.REGTREE) === q.hive &&
        ciKey(r.REGKEY ?? '') === ciKey(q.key) &&
        ciKey(r.REGVALUE ?? '') === ciKey(q.value),
    ),
  };
}

export async function insertQuery(k: Knex, q: z.output<typeof RegistryQueryInput>): Promise<number> {
  const [id] = (await k('regconfig').insert({
    NAME: q.name,
    REGTREE: q.hive,
    REGKEY: q.key,
    REGVALUE: q.value,
  })) as number[];
  return Number(id);
}

export async function updateQuery(
  k: Knex,
  id: number,
  q: z.output<typeof RegistryQueryInput>,
): Promise<number> {
  return k('regconfig')
    .where('ID', id)
    .update({ NAME: q.name, REGTREE: q.hive, REGKEY: q.key, REGVALUE: q.value });
}

/** The query's NAME (null when unnamed), undefined when there is no such row; `lock` inside a transaction. */
export async function queryName(k: Knex, id: number, lock = false): Promise<string | null | undefined> {
  const q = k('regconfig').first('NAME').where('ID', id);
  if (lock) q.forUpdate();
  const r = (await q) as { NAME: string | null } | undefined;
  return r ? r.NAME : undefined;
}

/** Deletes the query and its name from registry_name_cache (as the console does). */
export async function deleteQuery(k: Knex, id: number, name: string | null): Promise<void> {
  await k('regconfig').where('ID', id).delete();
  if (name) await k('registry_name_cache').where('NAME', name).delete();
}

export async function listValues(
  k: Knex,
  scope: Scope,
  name: string,
  input: { filter?: string; offset: number; limit: number },
): Promise<{ rows: RegistryValue[]; total: number }> {
  const q = k.from({ r: 'registry' }).join({ h: 'hardware' }, 'h.ID', 'r.HARDWARE_ID').where('r.NAME', name);
  applyScope(k, q, scope);
  if (input.filter?.trim()) q.where('r.REGVALUE', 'like', likePattern(input.filter.trim()));
  const [c] = (await q.clone().count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await q
    .clone()
    .select({ hardwareId: 'h.ID', computer: 'h.NAME', value: 'r.REGVALUE' })
    .orderBy('h.NAME')
    .orderBy('r.ID')
    .offset(input.offset)
    .limit(input.limit)) as Array<{ hardwareId: number; computer: string | null; value: string | null }>;
  return {
    total: Number(c?.n ?? 0),
    rows: rows.map((r) => ({ hardwareId: Number(r.hardwareId), computer: r.computer, value: r.value })),
  };
}
