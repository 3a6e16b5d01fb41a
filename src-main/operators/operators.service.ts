import type { Knex } from 'knex';
import type { z } from 'zod';
import type { OperatorCreate, OperatorRow, operators } from '../../shared/contract/operators';
import type { OperatorRole } from '../../shared/contract/route';
import { enforcePasswordPolicy } from '../auth/password-policy';
import { hashPassword, passwordProblem, schemeOf, weakness } from '../auth/passwords';
import { AppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import type { Operator } from '../platform/rpc/session';
import * as repo from './operators.repo';
import { isRestrictedProfile, profileFor, roleOfProfile } from './roles';

type UpdateInput = z.output<typeof operators.update.input>;

function toRow(r: repo.OperatorDbRow, tags: string[]): OperatorRow {
  return {
    login: r.ID,
    firstName: r.FIRSTNAME,
    lastName: r.LASTNAME,
    email: r.EMAIL,
    comments: r.COMMENTS,
    profile: r.NEW_ACCESSLVL,
    role: roleOfProfile(r.NEW_ACCESSLVL),
    tags,
    restricted: isRestrictedProfile(r.NEW_ACCESSLVL),
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
  return toRow(r, await repo.tagsOf(k, r.ID));
}

function checkPassword(login: string, password: string): void {
  const problem = passwordProblem(login, password);
  if (problem) throw new AppError('AUTH_WEAK_PASSWORD', { detail: problem });
}

/** Refuses to remove the last Administrator (sadmin), so nobody can manage operators any more. */
async function keepOneAdmin(trx: Knex, row: repo.OperatorDbRow): Promise<void> {
  if (roleOfProfile(row.NEW_ACCESSLVL) !== 'admin') return;
  const admins = (await trx('operators').select('ID', 'NEW_ACCESSLVL').forUpdate()) as Array<{
    ID: string;
    NEW_ACCESSLVL: string | null;
  }>;
  if (admins.filter((a) => roleOfProfile(a.NEW_ACCESSLVL) === 'admin').length <= 1) {
    throw new AppError('CONFLICT', {
      detail: `"${row.ID}" is the last Administrator; give another operator that role first.`,
    });
  }
}

function nullIfEmpty(v: string | null | undefined): string | null | undefined {
  return v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
}

export async function listOperators(k: Knex): Promise<OperatorRow[]> {
  const [rows, tags] = await Promise.all([repo.listOperators(k), repo.allTags(k)]);
  return rows.map((r) => toRow(r, tags.get(r.ID.toLowerCase()) ?? []));
}

export async function createOperator(
  k: Knex,
  input: z.output<typeof OperatorCreate>,
  by: Operator | null,
): Promise<OperatorRow> {
  checkPassword(input.login, input.password);
  await enforcePasswordPolicy(k, input.password);
  const tags = input.role === 'user' ? [...new Set(input.tags ?? [])] : [];
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
      // Legacy 1.x level, unused by 2.x: 1 for administrators like the seed row, else 0.
      ACCESSLVL: input.role === 'admin' ? 1 : 0,
      COMMENTS: nullIfEmpty(input.comments) ?? null,
      NEW_ACCESSLVL: profileFor(input.role, null, tags.length > 0),
      EMAIL: nullIfEmpty(input.email) ?? null,
      USER_GROUP: null,
      PASSWORD_VERSION: h.version,
    });
    await repo.replaceTags(trx, input.login, tags);
  });
  log.info('operator created', { login: input.login, role: input.role, by: by?.id ?? null });
  return rowOf(k, input.login);
}

export async function updateOperator(k: Knex, input: UpdateInput, by: Operator | null): Promise<OperatorRow> {
  await k.transaction(async (trx) => {
    const row = await mustFind(trx, input.login);
    const patch: Partial<repo.OperatorDbRow> = {};
    if (input.firstName !== undefined) patch.FIRSTNAME = nullIfEmpty(input.firstName) ?? null;
    if (input.lastName !== undefined) patch.LASTNAME = nullIfEmpty(input.lastName) ?? null;
    if (input.email !== undefined) patch.EMAIL = nullIfEmpty(input.email) ?? null;
    if (input.comments !== undefined) patch.COMMENTS = nullIfEmpty(input.comments) ?? null;
    if (input.role && input.role !== roleOfProfile(row.NEW_ACCESSLVL)) {
      if (input.role === 'user') {
        if (by && by.id.toLowerCase() === row.ID.toLowerCase()) {
          throw new AppError('CONFLICT', {
            detail: 'You cannot take the Administrator role away from yourself.',
          });
        }
        await keepOneAdmin(trx, row);
      }
      const tags = await repo.tagsOf(trx, row.ID);
      patch.NEW_ACCESSLVL = profileFor(
        input.role,
        row.NEW_ACCESSLVL,
        input.role === 'user' && tags.length > 0,
      );
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
    await keepOneAdmin(trx, row);
    await repo.replaceTags(trx, row.ID, []);
    await repo.deleteOperator(trx, row.ID);
  });
  log.info('operator deleted', { login, by: by?.id ?? null });
  return { ok: true };
}

export async function setTags(
  k: Knex,
  login: string,
  tags: string[],
  by: Operator | null,
): Promise<OperatorRow> {
  const unique = [...new Set(tags)];
  await k.transaction(async (trx) => {
    const row = await mustFind(trx, login);
    await repo.replaceTags(trx, row.ID, unique);
    const role: OperatorRole = roleOfProfile(row.NEW_ACCESSLVL);
    if (role === 'user') {
      const profile = profileFor('user', row.NEW_ACCESSLVL, unique.length > 0);
      if (profile !== row.NEW_ACCESSLVL) await repo.updateOperator(trx, row.ID, { NEW_ACCESSLVL: profile });
    }
  });
  log.info('operator tags set', { login, count: unique.length, by: by?.id ?? null });
  return rowOf(k, login);
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
