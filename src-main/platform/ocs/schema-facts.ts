import type { Knex } from 'knex';

/** Whether a table exists in the connected database (optional OCS tables, e.g. `auth_attempt` from 7042). */
export async function tableExists(k: Knex, table: string): Promise<boolean> {
  const r = (await k('information_schema.TABLES')
    .where('TABLE_SCHEMA', k.raw('DATABASE()'))
    .andWhere('TABLE_NAME', table)
    .first('TABLE_NAME')) as unknown;
  return !!r;
}
