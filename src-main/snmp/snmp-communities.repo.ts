import type { Knex } from 'knex';

/** SQL of snmp_communities (ocsreports' ms_admin_ipdiscover, Ipdiscover.php add_community). */

export type CommunityRow = {
  ID: number;
  VERSION: string | null;
  NAME: string | null;
  USERNAME: string | null;
  AUTHKEY?: string | null;
  AUTHPASSWD: string | null;
  AUTHPROTO?: string | null;
  PRIVPROTO?: string | null;
  PRIVPASSWD?: string | null;
  LEVEL?: string | null;
};

/** Columns present: the 7054 ones (AUTHPROTO, PRIVPROTO, PRIVPASSWD, LEVEL) lack on a 7039 base. */
export async function communityColumns(k: Knex): Promise<Set<string>> {
  const rows = (await k('information_schema.COLUMNS')
    .select({ c: 'COLUMN_NAME' })
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .where('TABLE_NAME', 'snmp_communities')) as Array<{ c: string }>;
  return new Set(rows.map((r) => r.c.toUpperCase()));
}

export async function listCommunities(k: Knex): Promise<CommunityRow[]> {
  return (await k('snmp_communities').select('*').orderBy('ID')) as CommunityRow[];
}

export async function getCommunity(k: Knex, id: number): Promise<CommunityRow | null> {
  return ((await k('snmp_communities').where('ID', id).first()) as CommunityRow | undefined) ?? null;
}

/** Another community with this (NAME, VERSION), ocsreports' uniqueness rule. */
export async function nameTaken(k: Knex, name: string, version: string, exceptId?: number): Promise<boolean> {
  const qb = k('snmp_communities').where({ NAME: name, VERSION: version });
  if (exceptId) qb.whereNot('ID', exceptId);
  return !!(await qb.first('ID'));
}

export async function insertCommunity(k: Knex, row: Record<string, string | null>): Promise<number> {
  const [id] = await k('snmp_communities').insert(row);
  return Number(id);
}

export async function updateCommunity(
  k: Knex,
  id: number,
  row: Record<string, string | null>,
): Promise<void> {
  await k('snmp_communities').where('ID', id).update(row);
}

export async function deleteCommunity(k: Knex, id: number): Promise<number> {
  return k('snmp_communities').where('ID', id).del();
}
