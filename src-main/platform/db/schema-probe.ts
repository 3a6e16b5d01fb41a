import type { Knex } from 'knex';
import type { SchemaInfo, ServerInfo } from '../../../shared/contract/connection';
import { guiVersion as readGuiVersion } from '../ocs/config';

/** Schema level OCS Desk creates and treats as the reference (ocsreports 2.11.1). */
export const REFERENCE_GUI_VERSION = 7069;
/** Lowest level OCS Desk reads (what the comm server 2.8.1 package ships). */
export const MIN_GUI_VERSION = 7039;

export function flavorOf(version: string): ServerInfo['flavor'] {
  return /mariadb/i.test(version) ? 'MariaDB' : 'MySQL';
}

/** Looks at the selected database: is there an OCS schema, at which level, how many computers. */
export async function probeSchema(knex: Knex, database: string): Promise<SchemaInfo> {
  const tables = (await knex('information_schema.TABLES')
    .where('TABLE_SCHEMA', database)
    .select('TABLE_NAME as name')) as Array<{ name: string }>;
  const names = new Set(tables.map((t) => t.name.toLowerCase()));
  if (names.size === 0) return { state: 'missing', guiVersion: null, tables: 0, computers: null };
  if (!names.has('config') || !names.has('hardware')) {
    return { state: 'unknown', guiVersion: null, tables: names.size, computers: null };
  }
  const guiVersion = await readGuiVersion(knex);
  const counted = (await knex('hardware')
    .whereNotIn('DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'])
    .count({ n: '*' })
    .first()) as { n: number | string } | undefined;
  const level = guiVersion && /^\d+$/.test(guiVersion) ? Number(guiVersion) : NaN;
  const state: SchemaInfo['state'] = Number.isNaN(level)
    ? 'unknown'
    : level > REFERENCE_GUI_VERSION
      ? 'newer'
      : level < REFERENCE_GUI_VERSION
        ? 'old'
        : 'ok';
  return { state, guiVersion, tables: names.size, computers: Number(counted?.n ?? 0) };
}
