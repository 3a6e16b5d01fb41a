import type { Knex } from 'knex';

/** SQL on the server itself (no database selected): databases and accounts. */

export async function databaseExists(k: Knex, name: string): Promise<boolean> {
  const row = await k('information_schema.SCHEMATA').where('SCHEMA_NAME', name).first('SCHEMA_NAME');
  return !!row;
}

/** Same character set and collation as the ocsreports installer (tables name their own). */
export async function createDatabase(k: Knex, name: string): Promise<void> {
  await k.raw('CREATE DATABASE ?? CHARACTER SET utf8 COLLATE utf8_bin', [name]);
}

export async function dropDatabase(k: Knex, name: string): Promise<void> {
  await k.raw('DROP DATABASE IF EXISTS ??', [name]);
}

/** Creates the account; false when it exists already (ER_CANNOT_USER). */
export async function createAccount(k: Knex, user: string, host: string, password: string): Promise<boolean> {
  try {
    await k.raw('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
    return true;
  } catch (e) {
    const err = e as { code?: string; errno?: number };
    if (err.code === 'ER_CANNOT_USER' || err.errno === 1396) return false;
    throw e;
  }
}

export async function dropAccount(k: Knex, user: string, host: string): Promise<void> {
  await k.raw('DROP USER IF EXISTS ?@?', [user, host]);
}

/**
 * A read-only account: SELECT on the database, then the listed table grants (each only if the table
 * exists: a table grant on a missing table fails). Returns the tables granted.
 */
export async function grantReadOnly(
  k: Knex,
  database: string,
  user: string,
  host: string,
  writes: ReadonlyArray<{ table: string; privileges: string }>,
): Promise<string[]> {
  await k.raw('GRANT SELECT ON ??.* TO ?@?', [database, user, host]);
  const granted: string[] = [];
  for (const w of writes) {
    const exists = await k('information_schema.TABLES')
      .where({ TABLE_SCHEMA: database, TABLE_NAME: w.table })
      .first('TABLE_NAME');
    if (!exists) continue;
    // Privilege names come from our own list (identifiers and keywords cannot be bound).
    if (!/^[A-Z, ]+$/.test(w.privileges)) throw new Error(`unexpected privileges ${w.privileges}`);
    await k.raw(`GRANT ${w.privileges} ON ??.?? TO ?@?`, [database, w.table, user, host]);
    granted.push(w.table);
  }
  return granted;
}

/** Everything on that database only (what the comm server and ocsreports need: DML + DDL for updates). */
export async function grantDatabase(k: Knex, database: string, user: string, host: string): Promise<void> {
  await k.raw('GRANT ALL PRIVILEGES ON ??.* TO ?@?', [database, user, host]);
}
