import type { Knex } from 'knex';
import type { z } from 'zod';
import type { OperatorCreate, OperatorRow, operators, ProfileRights } from '../../shared/contract/operators';
import { SHIPPED_PROFILES, shippedProfile, type ShippedProfile } from '../../shared/contract/rights';
import { enforcePasswordPolicy } from '../auth/password-policy';
import { hashPassword, passwordProblem, schemeOf, weakness } from '../auth/passwords';
import { AppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import type { Operator } from '../platform/rpc/session';
import * as repo from './operators.repo';
import {
  acceptsTags,
  ensureProfileMapTable,
  effectiveProfile,
  isTagRestricted,
  loadProfileMap,
  managesOperators,
  mappedAs,
  rightsOfProfile,
  saveProfileMapping,
  type ProfileMap,
} from './rights';

type UpdateInput = z.output<typeof operators.update.input>;

function toRow(r: repo.OperatorDbRow, tags: string[], map: ProfileMap): OperatorRow {
  return {
    login: r.ID,
    firstName: r.FIRSTNAME,
    lastName: r.LASTNAME,
    email: r.EMAIL,
    comments: r.COMMENTS,
    profile: r.NEW_ACCESSLVL,
    rights: rightsOfProfile(r.NEW_ACCESSLVL, map),
    tags,
    restricted: isTagRestricted(r.NEW_ACCESSLVL, map, tags.length > 0),
    hashScheme: schemeOf(r.PASSWD, r.PASSWORD_VERSION),
  };
}

async function mustFind(k: Knex, login: string): Promise<repo.OperatorDbRow> {
  const row = await repo.findOperator(k, login);
  if (!row) throw new AppError('NOT_FOUND', { what: `Operator "${login}"` });
  return row;
}

async function rowOf(k: Knex, login: string): Promise<OperatorRow> {
  const r = await mustFind(k, login);
  return toRow(r, await repo.tagsOf(k, r.ID), await loadProfileMap(k));
}

function checkPassword(login: string, password: string): void {
  const problem = passwordProblem(login, password);
  if (problem) throw new AppError('AUTH_WEAK_PASSWORD', { detail: problem });
}

/** Shipped profiles are stored as ocsreports writes them (lower case); custom ones as given. */
function storedProfile(profile: string): string {
  return shippedProfile(profile) ?? profile.trim();
}

function refuseTags(profile: string): never {
  throw new AppError(
    'VALIDATION_FAILED',
    {
      field: 'tags',
      detail: `the ${profile} profile is not restricted to tags in ocsreports (GUI restriction NO); choose ladmin or a custom profile for a tag perimeter`,
    },
    { fields: [{ path: 'tags', message: 'not allowed for this profile' }] },
  );
}

/**
 * Refuses to remove the last operator who can manage operators (sadmin, or a custom profile mapped
 * to it), so that somebody still can. Rows locked, in the caller's transaction.
 */
async function keepOneAdmin(trx: Knex, row: repo.OperatorDbRow, map: ProfileMap): Promise<void> {
  if (!managesOperators(row.NEW_ACCESSLVL, map)) return;
  const all = (await trx('operators').select('ID', 'NEW_ACCESSLVL').forUpdate()) as Array<{
    ID: string;
    NEW_ACCESSLVL: string | null;
  }>;
  if (all.filter((a) => managesOperators(a.NEW_ACCESSLVL, map)).length <= 1) {
    throw new AppError('CONFLICT', {
      detail: `"${row.ID}" is the last operator who can manage operators; give another one the sadmin profile first.`,
    });
  }
}

function nullIfEmpty(v: string | null | undefined): string | null | undefined {
  return v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
}

export async function listOperators(k: Knex): Promise<OperatorRow[]> {
  const [rows, tags, map] = await Promise.all([repo.listOperators(k), repo.allTags(k), loadProfileMap(k)]);
  return rows.map((r) => toRow(r, tags.get(r.ID.toLowerCase()) ?? [], map));
}

export async function createOperator(
  k: Knex,
  input: z.output<typeof OperatorCreate>,
  by: Operator | null,
): Promise<OperatorRow> {
  checkPassword(input.login, input.password);
  await enforcePasswordPolicy(k, input.password);
  const profile = storedProfile(input.profile);
  const tags = [...new Set(input.tags ?? [])];
  if (tags.length && !acceptsTags(profile)) refuseTags(profile);
  const h = await hashPassword(input.password);
  await k.transaction(async (trx) => {
    if (await repo.findOperator(trx, input.login)) {
      throw new AppError('CONFLICT', {
        detail: `An operator "${input.login}" already exists (logins ignore case).`,
      });
    }
    await repo.insertOperator(trx, {
      ID: input.login,
      FIRSTNAME: nullIfEmpty(input.firstName) ?? null,
      LASTNAME: nullIfEmpty(input.lastName) ?? null,
      PASSWD: h.passwd,
      // Legacy 1.x level, unused by 2.x: 1 for sadmin like the seed row, else 0.
      ACCESSLVL: profile === 'sadmin' ? 1 : 0,
      COMMENTS: nullIfEmpty(input.comments) ?? null,
      NEW_ACCESSLVL: profile,
      EMAIL: nullIfEmpty(input.email) ?? null,
      USER_GROUP: null,
      PASSWORD_VERSION: h.version,
    });
    await repo.replaceTags(trx, input.login, tags);
  });
  log.info('operator created', { login: input.login, profile, by: by?.id ?? null });
  return rowOf(k, input.login);
}

/**
 * Names, email, comments and the profile. Changing the profile is the explicit Administrator action
 * that can lift a tag restriction (ladmin -> admin); the tag rows stay, as ocsreports keeps them.
 */
export async function updateOperator(k: Knex, input: UpdateInput, by: Operator | null): Promise<OperatorRow> {
  await k.transaction(async (trx) => {
    const row = await mustFind(trx, input.login);
    const patch: Partial<repo.OperatorDbRow> = {};
    if (input.firstName !== undefined) patch.FIRSTNAME = nullIfEmpty(input.firstName) ?? null;
    if (input.lastName !== undefined) patch.LASTNAME = nullIfEmpty(input.lastName) ?? null;
    if (input.email !== undefined) patch.EMAIL = nullIfEmpty(input.email) ?? null;
    if (input.comments !== undefined) patch.COMMENTS = nullIfEmpty(input.comments) ?? null;
    if (input.profile !== undefined && storedProfile(input.profile) !== row.NEW_ACCESSLVL) {
      const next = storedProfile(input.profile);
      const map = await loadProfileMap(trx);
      if (managesOperators(row.NEW_ACCESSLVL, map) && !managesOperators(next, map)) {
        if (by && by.id.toLowerCase() === row.ID.toLowerCase()) {
          throw new AppError('CONFLICT', {
            detail: 'You cannot take the right to manage operators away from yourself.',
          });
        }
        await keepOneAdmin(trx, row, map);
      }
      patch.NEW_ACCESSLVL = next;
      patch.ACCESSLVL = next === 'sadmin' ? 1 : 0;
      log.info('operator profile changed', {
        login: row.ID,
        from: row.NEW_ACCESSLVL,
        to: next,
        by: by?.id ?? null,
      });
    }
    await repo.updateOperator(trx, row.ID, patch);
  });
  log.info('operator updated', { login: input.login, by: by?.id ?? null });
  return rowOf(k, input.login);
}

export async function resetPassword(
  k: Knex,
  login: string,
  password: string,
  by: Operator | null,
): Promise<{ ok: true }> {
  const row = await mustFind(k, login);
  checkPassword(row.ID, password);
  await enforcePasswordPolicy(k, password);
  const h = await hashPassword(password);
  await repo.setPassword(k, row.ID, h.passwd, h.version);
  log.info('operator password reset', { login: row.ID, by: by?.id ?? null });
  return { ok: true };
}

export async function deleteOperator(k: Knex, login: string, by: Operator | null): Promise<{ ok: true }> {
  if (by && by.id.toLowerCase() === login.toLowerCase()) {
    throw new AppError('CONFLICT', { detail: 'You cannot delete the operator you are logged in as.' });
  }
  await k.transaction(async (trx) => {
    const row = await mustFind(trx, login);
    await keepOneAdmin(trx, row, await loadProfileMap(trx));
    await repo.replaceTags(trx, row.ID, []);
    await repo.deleteOperator(trx, row.ID);
  });
  log.info('operator deleted', { login, by: by?.id ?? null });
  return { ok: true };
}

/**
 * Replaces the tag perimeter. Never changes the profile, so it never widens what an operator sees:
 * `[]` leaves a ladmin (or a custom profile mapped to it) seeing nothing. A custom profile with tag
 * rows is restricted to them; `[]` on it removes the rows, which lifts the restriction: that is
 * refused here (change the profile instead, an explicit action). Shipped sadmin, admin and read-only
 * take no tags (ocsreports ignores them).
 */
export async function setTags(
  k: Knex,
  login: string,
  tags: string[],
  by: Operator | null,
): Promise<OperatorRow> {
  const unique = [...new Set(tags)];
  await k.transaction(async (trx) => {
    const row = await mustFind(trx, login);
    if (unique.length && !acceptsTags(row.NEW_ACCESSLVL)) refuseTags(row.NEW_ACCESSLVL ?? '(none)');
    if (!unique.length && !shippedProfile(row.NEW_ACCESSLVL) && (await repo.tagsOf(trx, row.ID)).length) {
      const map = await loadProfileMap(trx);
      if (effectiveProfile(row.NEW_ACCESSLVL, map) !== 'ladmin') {
        throw new AppError('CONFLICT', {
          detail: `Removing every tag of "${row.ID}" would let the custom profile ${row.NEW_ACCESSLVL ?? ''} see every computer. Change the operator's profile to lift the restriction.`,
        });
      }
    }
    await repo.replaceTags(trx, row.ID, unique);
  });
  log.info('operator tags set', { login, count: unique.length, by: by?.id ?? null });
  return rowOf(k, login);
}

/** Every shipped profile and every profile some operator holds, with the rights each gives. */
export async function listProfiles(k: Knex): Promise<ProfileRights[]> {
  const [rows, map] = await Promise.all([repo.listOperators(k), loadProfileMap(k)]);
  const count = new Map<string, { name: string; n: number }>();
  for (const p of SHIPPED_PROFILES) count.set(p, { name: p, n: 0 });
  for (const r of rows) {
    const name = r.NEW_ACCESSLVL ?? '';
    const key = name.trim().toLowerCase();
    const c = count.get(key) ?? { name, n: 0 };
    c.n++;
    count.set(key, c);
  }
  return [...count.values()].map(({ name, n }) => profileRights(name, map, n));
}

function profileRights(profile: string, map: ProfileMap, operators: number): ProfileRights {
  return {
    profile,
    shipped: !!shippedProfile(profile),
    mappedAs: mappedAs(profile, map),
    rights: rightsOfProfile(profile, map),
    restricted: effectiveProfile(profile, map) === 'ladmin',
    operators,
  };
}

/** Maps a custom profile to a shipped one (or back to least rights), so its operators get those rights. */
export async function mapProfile(
  k: Knex,
  profile: string,
  as: ShippedProfile | null,
  by: Operator | null,
): Promise<ProfileRights> {
  if (shippedProfile(profile)) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        field: 'profile',
        detail: `${profile} is a shipped profile: its rights are those of its ocsreports XML`,
      },
      { fields: [{ path: 'profile', message: 'shipped profile' }] },
    );
  }
  await ensureProfileMapTable(k);
  await k.transaction(async (trx) => {
    const map = await loadProfileMap(trx);
    const holders = (await trx('operators').where('NEW_ACCESSLVL', profile.trim()).select('ID')) as Array<{
      ID: string;
    }>;
    // Unmapping a custom sadmin could leave nobody able to manage operators.
    if (holders.length && managesOperators(profile, map) && as !== 'sadmin') {
      const all = (await trx('operators').select('ID', 'NEW_ACCESSLVL').forUpdate()) as Array<{
        NEW_ACCESSLVL: string | null;
      }>;
      const others = all.filter(
        (a) =>
          managesOperators(a.NEW_ACCESSLVL, map) &&
          (a.NEW_ACCESSLVL ?? '').trim().toLowerCase() !== profile.trim().toLowerCase(),
      );
      if (!others.length) {
        throw new AppError('CONFLICT', {
          detail: `Only operators of ${profile} can manage operators; give another operator the sadmin profile first.`,
        });
      }
    }
    await saveProfileMapping(trx, profile, as, by?.id ?? null);
  });
  log.info('profile mapped', { profile, as, by: by?.id ?? null });
  const [rows, map] = await Promise.all([repo.listOperators(k), loadProfileMap(k)]);
  const n = rows.filter(
    (r) => (r.NEW_ACCESSLVL ?? '').trim().toLowerCase() === profile.trim().toLowerCase(),
  ).length;
  return profileRights(profile.trim(), map, n);
}

export async function weakHashes(
  k: Knex,
): Promise<Array<{ login: string; hashScheme: OperatorRow['hashScheme']; reason: string }>> {
  const rows = await repo.listOperators(k);
  const out = [];
  for (const r of rows) {
    const scheme = schemeOf(r.PASSWD, r.PASSWORD_VERSION);
    const reason = weakness(scheme);
    if (reason) out.push({ login: r.ID, hashScheme: scheme, reason });
  }
  return out;
}
