import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CommunityInput, SnmpCommunity } from '../../shared/contract/snmp';
import { AppError } from '../platform/errors';
import * as repo from './snmp-communities.repo';

/**
 * SNMP communities sent to agents (docs/snmp.md decision 5): secrets are write-only. The v1/v2c
 * community string is the secret of those versions, so it is never listed either; an edit that leaves
 * a secret empty keeps the stored value.
 */

type Input = z.output<typeof CommunityInput>;

const filled = (s: string | null | undefined) => !!s && s.length > 0;

export function toListed(r: repo.CommunityRow): SnmpCommunity {
  const v3 = r.VERSION === '3';
  return {
    id: Number(r.ID),
    version: r.VERSION ?? '',
    name: v3 ? (r.NAME ?? null) : null,
    username: r.USERNAME ?? null,
    level: r.LEVEL ?? null,
    authProto: r.AUTHPROTO ?? null,
    privProto: r.PRIVPROTO ?? null,
    hasSecret: !v3 && filled(r.NAME),
    hasAuthPassword: filled(r.AUTHPASSWD) || filled(r.AUTHKEY),
    hasPrivPassword: filled(r.PRIVPASSWD),
  };
}

export async function listCommunities(k: Knex): Promise<{ communities: SnmpCommunity[] }> {
  return { communities: (await repo.listCommunities(k)).map(toListed) };
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', {}, { fields: [{ path, message }] });

/** The row to write: only the columns this database has; empty secrets on an edit are left out. */
function rowOf(c: Input, cols: Set<string>, editing: boolean): Record<string, string | null> {
  const row: Record<string, string | null> = { VERSION: c.version };
  const put = (col: string, v: string | null | undefined, keepWhenEmpty = false) => {
    if (!cols.has(col)) return;
    if (keepWhenEmpty && editing && !v) return;
    row[col] = v ? v : null;
  };
  if (c.version === '3') {
    put('NAME', c.name?.trim() || c.username?.trim() || null);
    put('USERNAME', c.username?.trim());
    put('LEVEL', c.level);
    const auth = c.level === 'authNoPriv' || c.level === 'authPriv';
    const priv = c.level === 'authPriv';
    put('AUTHPROTO', auth ? (c.authProto ?? 'md5') : null);
    put('AUTHPASSWD', auth ? c.authPassword : null, auth);
    put('PRIVPROTO', priv ? (c.privProto ?? 'des') : null);
    put('PRIVPASSWD', priv ? c.privPassword : null, priv);
  } else {
    put('NAME', c.secret, true);
    for (const col of ['USERNAME', 'LEVEL', 'AUTHPROTO', 'AUTHPASSWD', 'PRIVPROTO', 'PRIVPASSWD', 'AUTHKEY'])
      put(col, null);
  }
  return row;
}

export async function saveCommunity(k: Knex, c: Input): Promise<SnmpCommunity> {
  const cols = await repo.communityColumns(k);
  const editing = c.id !== undefined;
  const before = editing ? await repo.getCommunity(k, c.id!) : null;
  if (editing && !before) throw new AppError('NOT_FOUND', { what: `SNMP community ${c.id}` });
  const sameVersion = before?.VERSION === c.version;
  // A secret may be kept only when the stored one is of the same kind (same version).
  const keep = editing && sameVersion;
  const row = rowOf(c, cols, keep);
  if (c.version !== '3' && !keep && !c.secret) throw invalid('secret', 'the community string is required');
  if (c.version === '3') {
    const auth = c.level === 'authNoPriv' || c.level === 'authPriv';
    if (auth && !c.authPassword && !(keep && (before?.AUTHPASSWD || before?.AUTHKEY)))
      throw invalid('authPassword', 'required for this security level');
    if (c.level === 'authPriv' && !c.privPassword && !(keep && before?.PRIVPASSWD))
      throw invalid('privPassword', 'required for this security level');
    if (c.level !== 'noAuthNoPriv' && !cols.has('LEVEL'))
      throw invalid('level', 'this database has no LEVEL column (upgrade it to level 7054 or later)');
  }
  const name = row.NAME ?? (keep ? before?.NAME : null);
  if (name && (await repo.nameTaken(k, name, c.version, c.id)))
    throw new AppError(
      'CONFLICT',
      { detail: `Another version ${c.version} community has this ${c.version === '3' ? 'name' : 'string'}.` },
      { fields: [{ path: c.version === '3' ? 'name' : 'secret', message: 'already used' }] },
    );
  const id = editing ? c.id! : await repo.insertCommunity(k, row);
  if (editing) await repo.updateCommunity(k, id, row);
  return toListed((await repo.getCommunity(k, id))!);
}

export async function deleteCommunity(k: Knex, id: number): Promise<void> {
  if (!(await repo.deleteCommunity(k, id))) throw new AppError('NOT_FOUND', { what: `SNMP community ${id}` });
}

/** The stored community with its secrets, for the preview only (never returned to the client). */
export async function storedCredentials(k: Knex, id: number): Promise<Input> {
  const r = await repo.getCommunity(k, id);
  if (!r) throw new AppError('NOT_FOUND', { what: `SNMP community ${id}` });
  const version = r.VERSION === '1' ? '1' : r.VERSION === '3' ? '3' : '2c';
  const lvl = r.LEVEL === 'authNoPriv' || r.LEVEL === 'authPriv' ? r.LEVEL : 'noAuthNoPriv';
  return {
    version,
    secret: version === '3' ? undefined : (r.NAME ?? ''),
    username: r.USERNAME ?? undefined,
    level: version === '3' ? lvl : undefined,
    authProto: r.AUTHPROTO === 'sha' ? 'sha' : 'md5',
    authPassword: r.AUTHPASSWD ?? r.AUTHKEY ?? undefined,
    privProto: r.PRIVPROTO === 'aes' ? 'aes' : 'des',
    privPassword: r.PRIVPASSWD ?? undefined,
  };
}
