import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionParams } from '../../shared/contract/connection';
import { createPool } from '../../src-main/platform/db/connect';

/** The test server: MariaDB on loopback, root with an empty password (CI and dev machines). */
export const ROOT: ConnectionParams = {
  host: process.env.OCS_TEST_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.OCS_TEST_DB_PORT ?? 3306),
  user: process.env.OCS_TEST_DB_USER ?? 'root',
  password: process.env.OCS_TEST_DB_PASSWORD ?? '',
  database: 'mysql',
};

export function rootParams(database: string): ConnectionParams {
  return { ...ROOT, database };
}

export function uniqueDbName(prefix = 'ocsdesk_it'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** The schema file the real Debian package ships (present once ocs-stack.sh install has run). */
export const REAL_SCHEMA_SQL = '/usr/share/ocsinventory-reports/files/ocsbase_new.sql';

export function realSchemaAvailable(): boolean {
  try {
    readFileSync(REAL_SCHEMA_SQL, { flag: 'r' });
    return true;
  } catch {
    return false;
  }
}

function mariadbCli(args: string[], input?: string): string {
  return execFileSync('mariadb', ['-h', ROOT.host, '-P', String(ROOT.port), '-u', ROOT.user, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, MYSQL_PWD: ROOT.password },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Creates an empty database (utf8, as OCS does). */
export async function createEmptyDb(name = uniqueDbName()): Promise<string> {
  const k = await createPool(ROOT, { database: null, max: 1 });
  try {
    await k.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [name]);
  } finally {
    await k.destroy();
  }
  return name;
}

/** Creates a database from the schema the real OCS package ships (level 7039). */
export async function createRealSchemaDb(name = uniqueDbName()): Promise<string> {
  await createEmptyDb(name);
  mariadbCli([name], readFileSync(REAL_SCHEMA_SQL, 'utf8'));
  return name;
}

export async function dropDb(name: string): Promise<void> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const k = await createPool(ROOT, { database: null, max: 1 });
  try {
    await k.raw('DROP DATABASE IF EXISTS ??', [name]);
  } finally {
    await k.destroy();
  }
}

/**
 * Creates a fresh database with OCS Desk's own init (superset schema level 7069, default rows,
 * operator admin/admin) and returns its name; drop it with dropDb.
 */
export async function createOcsDb(name = uniqueDbName()): Promise<string> {
  const { initDatabase } = await import('../../src-main/database/database.service');
  const { database: _ignored, ...server } = ROOT;
  await initDatabase({ server: { ...server, tls: undefined }, database: name });
  return name;
}
