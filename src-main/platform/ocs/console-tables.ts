import type { Knex } from 'knex';

/**
 * The console's own tables: the rows a browse-only operator legitimately writes (its grid layout, its
 * saved searches). A read-only DB account (`ocs-desk db init --readonly-user`) gets SELECT on the
 * whole OCS database and write grants on these tables only, so they are created up front for it
 * (a read-only account cannot create them on first use).
 */

/** `layouts` is OCS's own (7063+); on older schemas the grid layout goes to `ocsdesk_grid_prefs`. */
export const GRID_PREFS_TABLES = ['layouts', 'ocsdesk_grid_prefs'] as const;
export const SAVED_SEARCH_TABLE = 'ocsdesk_saved_search';
/** One row when the database holds a generated demo fleet (src-main/demo): the console then says so. */
export const DEMO_TABLE = 'ocsdesk_demo';

const DEFS: Record<string, (t: Knex.CreateTableBuilder, k: Knex) => void> = {
  ocsdesk_grid_prefs: (t) => {
    t.string('LOGIN', 255).notNullable();
    t.string('GRID', 64).notNullable();
    t.text('DATA', 'longtext').notNullable();
    t.primary(['LOGIN', 'GRID']);
  },
  [SAVED_SEARCH_TABLE]: (t, k) => {
    t.increments('ID').primary();
    t.string('NAME', 255).notNullable();
    t.text('DESCRIPTION').nullable();
    t.string('OWNER', 255).notNullable().index('OWNER');
    t.tinyint('SHARED').notNullable().defaultTo(0);
    t.text('CRITERIA', 'longtext').notNullable();
    t.text('COLUMNS_JSON').nullable();
    t.dateTime('UPDATED').notNullable().defaultTo(k.raw('CURRENT_TIMESTAMP'));
  },
  [DEMO_TABLE]: (t, k) => {
    t.increments('ID').primary();
    t.integer('COMPUTERS').notNullable();
    t.integer('SEED').notNullable();
    t.dateTime('CREATED').notNullable().defaultTo(k.raw('CURRENT_TIMESTAMP'));
  },
};

/** Creates one of the console's tables when it is missing (DDL commits: never inside a transaction). */
export async function ensureConsoleTable(k: Knex, name: keyof typeof DEFS & string): Promise<boolean> {
  const def = DEFS[name];
  if (!def) throw new Error(`${name} is not a console table`);
  if (await k.schema.hasTable(name)) return false;
  await k.schema.createTable(name, (t) => {
    def(t, k);
    t.engine('InnoDB');
    t.charset('utf8');
    t.collate('utf8_general_ci');
  });
  return true;
}

/**
 * The tables each browse route that writes needs (any one of them writable is enough: the route
 * writes the one the schema has). The router refuses such a route with DB_ACCOUNT_READ_ONLY when the
 * account may write none of them; every other write route needs write grants on the whole database.
 * `update`: UPDATE alone is enough.
 */
export const BROWSE_WRITES: Readonly<Record<string, { tables: readonly string[]; only?: 'update' }>> = {
  'computers.setGridPrefs': { tables: GRID_PREFS_TABLES },
  'search.savedSave': { tables: [SAVED_SEARCH_TABLE] },
  'search.savedDelete': { tables: [SAVED_SEARCH_TABLE] },
  'auth.changePassword': { tables: ['operators'], only: 'update' },
};

/** What a read-only account is granted beyond SELECT: the console's tables, and the login throttle's. */
export const READONLY_ACCOUNT_WRITES: ReadonlyArray<{ table: string; privileges: string }> = [
  { table: 'layouts', privileges: 'INSERT, UPDATE, DELETE' },
  { table: 'ocsdesk_grid_prefs', privileges: 'INSERT, UPDATE, DELETE' },
  { table: SAVED_SEARCH_TABLE, privileges: 'INSERT, UPDATE, DELETE' },
  // OCS's failed-login records (SECURITY_AUTHENTICATION_BLOCK_IP): a login inserts, then deletes its own.
  { table: 'auth_attempt', privileges: 'INSERT, DELETE' },
];
