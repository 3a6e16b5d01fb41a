import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionParams } from '../../shared/contract/connection';
import { createPool } from '../../src-main/platform/db/connect';
import { plantedPassword, SEEDED } from './planted-passwords';

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

/**
 * The application account the suites connect as (the way production runs: an account with a password and
 * rights on its database only, like the comm server's `ocs`). Each database the helpers create is granted
 * to it, as `ocs-desk db init --app-user` does. Tests run alone share `ocsdesk_test`; `npm test` names its
 * own account (OCS_TEST_APP_USER) whose password is planted for the run (test/helpers/planted-passwords.ts),
 * so the closing secret sweep can look for it, and drops it at the end.
 */
export const APP_ACCOUNT = {
  user: process.env.OCS_TEST_APP_USER ?? 'ocsdesk_test',
  password:
    process.env.OCS_TEST_APP_PASSWORD ?? (SEEDED ? plantedPassword('appAccount') : 'Ocsdesk-Test-Pw-4711'),
  hosts: ['localhost', '127.0.0.1'],
};

/** Connection parameters of the application account on `database` (what the app under test opens). */
export function appParams(database: string): ConnectionParams {
  return { ...ROOT, user: APP_ACCOUNT.user, password: APP_ACCOUNT.password, database };
}

let accountReady: Promise<void> | null = null;

/** Creates the application account once per process, and (re)sets its password (another run may have changed it). */
function ensureAppAccount(): Promise<void> {
  accountReady ??= (async () => {
    const { createAccount } = await import('../../src-main/database/database.repo');
    const k = await createPool(ROOT, { database: null, max: 1 });
    try {
      for (const host of APP_ACCOUNT.hosts) {
        await createAccount(k, APP_ACCOUNT.user, host, APP_ACCOUNT.password);
        await k.raw('ALTER USER ?@? IDENTIFIED BY ?', [APP_ACCOUNT.user, host, APP_ACCOUNT.password]);
      }
    } finally {
      await k.destroy();
    }
  })();
  accountReady.catch(() => (accountReady = null));
  return accountReady;
}

/** Grants `database` to the application account (all rights on that database only, as db init does). */
export async function grantApp(database: string): Promise<void> {
  await ensureAppAccount();
  const { grantDatabase } = await import('../../src-main/database/database.repo');
  const k = await createPool(ROOT, { database: null, max: 1 });
  try {
    for (const host of APP_ACCOUNT.hosts) await grantDatabase(k, database, APP_ACCOUNT.user, host);
  } finally {
    await k.destroy();
  }
}

export function uniqueDbName(prefix = 'ocsdesk_it'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** The schema file the real Debian package ships (present once ocs-stack.sh install has run). */
export const REAL_SCHEMA_SQL = '/usr/share/ocsinventory-reports/files/ocsbase_new.sql';

/** Whether the schema the real OCS package ships is here; in CI (CI=1) its absence is an error, not a skip. */
export function realSchemaAvailable(): boolean {
  try {
    readFileSync(REAL_SCHEMA_SQL, { flag: 'r' });
    return true;
  } catch (e) {
    if (process.env.CI)
      throw new Error(`CI needs the real OCS schema at ${REAL_SCHEMA_SQL}: ${(e as Error).message}`);
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

/** Creates an empty database (utf8, as OCS does), granted to the application account. */
export async function createEmptyDb(name = uniqueDbName()): Promise<string> {
  const k = await createPool(ROOT, { database: null, max: 1 });
  try {
    await k.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_general_ci', [name]);
  } finally {
    await k.destroy();
  }
  await grantApp(name);
  return name;
}

/** Creates a database from the schema the real OCS package ships (level 7039). */
export async function createRealSchemaDb(name = uniqueDbName()): Promise<string> {
  await createEmptyDb(name);
  mariadbCli([name], readFileSync(REAL_SCHEMA_SQL, 'utf8'));
  return name; // granted by createEmptyDb
}

/**
 * Copies database `from` into a new database `to` (schema with its foreign keys and AUTO_INCREMENT
 * counters, rows), granted to the application account: several paths then start from the same rows and
 * the same IDs. The test's own setup, as root.
 */
export async function cloneDb(from: string, to: string): Promise<string> {
  await createEmptyDb(to);
  const dump = execFileSync(
    'mariadb-dump',
    [
      '-h',
      ROOT.host,
      '-P',
      String(ROOT.port),
      '-u',
      ROOT.user,
      '--skip-triggers',
      '--skip-lock-tables',
      from,
    ],
    { env: { ...process.env, MYSQL_PWD: ROOT.password }, maxBuffer: 256 * 1024 * 1024 },
  );
  mariadbCli([to], dump.toString('utf8'));
  return to;
}

export async function dropDb(name: string): Promise<void> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const k = await createPool(ROOT, { database: null, max: 1 });
  try {
    await k.raw('DROP DATABASE IF EXISTS ??', [name]);
    // The grant outlives the database: remove it so the server does not collect them.
    for (const host of APP_ACCOUNT.hosts) {
      await k
        .raw('REVOKE ALL PRIVILEGES ON ??.* FROM ?@?', [name, APP_ACCOUNT.user, host])
        .catch(() => undefined);
    }
  } finally {
    await k.destroy();
  }
}

/**
 * Creates a fresh database with OCS Desk's own init (superset schema level 7069, default rows,
 * operator admin/admin) and its application account grant (`db init --app-user`, account kept),
 * and returns its name; drop it with dropDb.
 */
export async function createOcsDb(name = uniqueDbName()): Promise<string> {
  const { initDatabase } = await import('../../src-main/database/database.service');
  const { database: _ignored, ...server } = ROOT;
  await ensureAppAccount();
  await initDatabase({
    server: { ...server, tls: undefined },
    database: name,
    appUser: { ...APP_ACCOUNT, ifExists: 'grant' },
  });
  return name;
}
