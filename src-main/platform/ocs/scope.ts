import type { Knex } from 'knex';
import { AppError } from '../errors';
import { likePattern } from './like';

/**
 * The operator's perimeter over computers (ocsreports' TAG restriction), as a value only this module
 * creates. Every repository function that returns or touches computer rows takes a `Scope`; the router
 * builds one per call from the session's operator (`ctx.scope`), and internal system work asks for the
 * named whole-fleet scope (`ctx.wholeFleet()`), which only an unrestricted operator who may write
 * everything obtains. A plain object does not type-check as a `Scope`: forgetting the perimeter or
 * passing something else does not compile.
 */
declare const scopeBrand: unique symbol;

export interface Scope {
  /** Operator TAG restriction: null = every computer; [] = none; `*` and `?` are wildcards. */
  readonly tags: string[] | null;
  /** hardware IDs of groups (`_SYSTEMGROUP_`, `_DOWNLOADGROUP_`): never computers. */
  readonly groupIds: number[];
  /** Whose perimeter: an operator's, or the whole fleet for internal system work. */
  readonly kind: 'operator' | 'fleet';
  readonly [scopeBrand]: true;
}

/** The operator fields the perimeter depends on. */
export interface ScopedOperator {
  readonly tags: readonly string[] | null;
}

export const GROUP_DEVICEIDS = ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'] as const;
const groupCache = new WeakMap<Knex, { at: number; ids: Promise<number[]> }>();

/** hardware IDs of groups (a handful), cached for a few seconds; uses the DEVICEID index. */
export function groupIds(k: Knex): Promise<number[]> {
  const c = groupCache.get(k);
  if (c && Date.now() - c.at < 10_000) return c.ids;
  const ids = k('hardware')
    .select('ID')
    .whereIn('DEVICEID', [...GROUP_DEVICEIDS])
    .then((r: Array<{ ID: number }>) => r.map((x) => Number(x.ID)));
  groupCache.set(k, { at: Date.now(), ids });
  ids.catch(() => groupCache.delete(k));
  return ids;
}

/** After groups were created or deleted. */
export function invalidateGroupIds(k: Knex): void {
  groupCache.delete(k);
}

function make(tags: readonly string[] | null, ids: number[], kind: Scope['kind']): Scope {
  return Object.freeze({
    tags: tags === null ? null : (Object.freeze([...tags]) as string[]),
    groupIds: Object.freeze([...ids]) as number[],
    kind,
  }) as Scope;
}

/**
 * The perimeter of an operator. For the router (and tests) only: capabilities get theirs from
 * `ctx.scope` (an ESLint rule forbids importing this elsewhere in src-main).
 */
export async function operatorScope(k: Knex, op: ScopedOperator | null): Promise<Scope> {
  // No operator (a public route) sees nothing rather than everything.
  return make(op ? op.tags : [], await groupIds(k), 'operator');
}

/** The whole fleet, for internal system work (import, benchmarks, tests). Same rule as operatorScope. */
export async function wholeFleetScope(k: Knex): Promise<Scope> {
  return make(null, await groupIds(k), 'fleet');
}

/** A scope from known parts (unit tests without a database). Same import rule as operatorScope. */
export function scopeFromParts(tags: readonly string[] | null, ids: number[]): Scope {
  return make(tags, ids, tags === null ? 'fleet' : 'operator');
}

/**
 * The perimeter as a cache key: the same TAGs and group IDs in any order give the same key (kept
 * answers per perimeter: totals, date orders, software counts).
 */
export function scopeKey(scope: Scope): string {
  return JSON.stringify([
    scope.tags ? [...scope.tags].sort() : null,
    [...scope.groupIds].sort((a, b) => a - b),
  ]);
}

/** True when the scope sees every computer. */
export function isUnrestricted(scope: Scope): boolean {
  return scope.tags === null;
}

/** Refuses a whole-fleet operation (e.g. one on every computer a package is assigned to) to a restricted scope. */
export function requireUnrestricted(scope: Scope, what: string): void {
  if (scope.tags !== null) throw new AppError('FORBIDDEN', { route: what, reason: 'tag-restricted' });
}

type QB = Knex.QueryBuilder;

/** Keeps the rows of `qb` whose `idCol` (a hardware ID) is a computer inside the scope. */
export function scoped(k: Knex, qb: QB, idCol: string, scope: Scope): QB {
  if (scope.groupIds.length) qb.whereNotIn(idCol, scope.groupIds);
  if (scope.tags) {
    if (!scope.tags.length) return qb.whereRaw('1 = 0');
    const exact = scope.tags.filter((t) => !/[*?]/.test(t));
    const wild = scope.tags.filter((t) => /[*?]/.test(t));
    qb.whereIn(
      idCol,
      k
        .from({ ta: 'accountinfo' })
        .select('ta.HARDWARE_ID')
        .where((w) => {
          if (exact.length) w.whereIn('ta.TAG', exact);
          for (const t of wild) w.orWhere('ta.TAG', 'like', likePattern(t, false));
        }),
    );
  }
  return qb;
}

/** `scoped` on a query whose hardware alias is `h`. */
export function applyScope(k: Knex, qb: QB, scope: Scope): void {
  scoped(k, qb, 'h.ID', scope);
}

/** hardware IDs the scope may see, as a subquery; null when nothing is restricted (no TAG list). */
export function scopedHardwareIds(k: Knex, scope: Scope): QB | null {
  if (!scope.tags) return null;
  const q = k.from({ h: 'hardware' }).select('h.ID');
  applyScope(k, q, scope);
  return q;
}

/** The given hardware IDs that are computers inside the scope (in ascending order). */
export async function idsInScope(k: Knex, scope: Scope, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const out: number[] = [];
  const uniq = [...new Set(ids)];
  for (let i = 0; i < uniq.length; i += 1000) {
    const q = k
      .from({ h: 'hardware' })
      .select('h.ID')
      .whereIn('h.ID', uniq.slice(i, i + 1000));
    applyScope(k, q, scope);
    out.push(...((await q) as Array<{ ID: number }>).map((r) => Number(r.ID)));
  }
  return out.sort((a, b) => a - b);
}

/** Throws NOT_FOUND (as for a computer that does not exist) when `id` is outside the scope. */
export async function requireInScope(k: Knex, scope: Scope, id: number): Promise<void> {
  if (!(await idsInScope(k, scope, [id])).length) throw new AppError('NOT_FOUND', { what: 'computer', id });
}

/**
 * Keeps the rows of `qb` whose TAG column `tagCol` is inside the scope's TAG perimeter, for rows that
 * carry a TAG of their own but are not computers (SNMP devices' `snmp_accountinfo.TAG`, docs/snmp.md
 * decision 1). Unrestricted: no condition; restricted to no TAG: nothing.
 */
export function whereTagInScope(qb: QB, tagCol: string, scope: Scope): QB {
  if (!scope.tags) return qb;
  if (!scope.tags.length) return qb.whereRaw('1 = 0');
  const exact = scope.tags.filter((t) => !/[*?]/.test(t));
  const wild = scope.tags.filter((t) => /[*?]/.test(t));
  return qb.where((w) => {
    if (exact.length) w.whereIn(tagCol, exact);
    for (const t of wild) w.orWhere(tagCol, 'like', likePattern(t, false));
  });
}
