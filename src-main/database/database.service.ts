import type { Knex } from 'knex';
import type { ConnectionParams } from '../../shared/contract/connection';
import type {
  AppUser,
  InitInput,
  InitResult,
  SchemaReport,
  UpgradeCheck,
  UpgradeResult,
} from '../../shared/contract/database';
import { createPool, withDbErrors, type DbHandle } from '../platform/db/connect';
import { accessOn, parseGrants } from '../platform/db/grants';
import { probeSchema } from '../platform/db/schema-probe';
import { guiVersion } from '../platform/ocs/config';
import {
  ensureConsoleTable,
  READONLY_ACCOUNT_WRITES,
  SAVED_SEARCH_TABLE,
} from '../platform/ocs/console-tables';
import {
  createSchema,
  planUpgrade,
  runUpgrade,
  tablesIn,
  TARGET_GUI_VERSION,
  type SchemaProgress,
} from '../platform/db/schema';
import { fillDemoFleet } from '../demo/demo.service';
import { AppError, isAppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import {
  createAccount,
  createDatabase,
  databaseExists,
  dropAccount,
  dropDatabase,
  grantDatabase,
  grantReadOnly,
} from './database.repo';

/**
 * Creates `input.database` on the server, the optional application account, the superset OCS
 * schema and its default rows, and the optional read-only account. Refuses a database that already
 * has tables, except to add only a read-only account to an existing OCS schema. If it fails after
 * creating the database (or accounts), it removes what it created, so it can simply be run again.
 */
export async function initDatabase(input: InitInput, ctl: SchemaProgress = {}): Promise<InitResult> {
  const p: ConnectionParams = { ...input.server, database: input.database };
  const target = { host: p.host, port: p.port, user: p.user, database: p.database };
  const server = await createPool(p, { database: null, max: 1 });
  let databaseCreated = false;
  const createdAccounts: Array<{ user: string; host: string }> = [];
  try {
    return await withDbErrors(target, async () => {
      if (input.readonlyUser && input.appUser && input.readonlyUser.user === input.appUser.user)
        throw new AppError('VALIDATION_FAILED', {
          field: 'readonlyUser.user',
          detail: 'the read-only account must be another account than the application account',
        });
      ctl.progress?.(0, 1, 'checking the server');
      let existingSchema = false;
      if (await databaseExists(server, input.database)) {
        const tables = await tablesIn(server, input.database);
        const isOcs = ['config', 'hardware'].every((t) => tables.some((x) => x.toLowerCase() === t));
        if (tables.length > 0 && input.readonlyUser && !input.appUser && isOcs) existingSchema = true;
        else if (tables.length > 0) {
          throw new AppError('CONFLICT', {
            detail:
              `database "${input.database}" already exists and holds ${tables.length} table(s): ` +
              'nothing was changed (check or upgrade it instead, or choose another name; a read-only ' +
              'account alone can be added to an existing OCS database)',
          });
        }
      } else {
        await createDatabase(server, input.database);
        databaseCreated = true;
      }

      if (existingSchema && input.demo)
        throw new AppError('CONFLICT', {
          detail: `database "${input.database}" already holds an OCS schema: demo data only goes into a new database`,
        });

      let user: InitResult['user'] = null;
      if (input.appUser) {
        const u = input.appUser;
        const created = await createAccounts(server, u, createdAccounts);
        for (const host of u.hosts) await grantDatabase(server, input.database, u.user, host);
        user = { user: u.user, hosts: u.hosts, created, granted: u.hosts };
      }

      const k = await createPool(p, { max: 2 });
      try {
        const r = existingSchema ? { tables: 0, rows: 0 } : await createSchema(k, ctl);
        let readonlyUser: InitResult['readonlyUser'] = null;
        if (input.readonlyUser) {
          ctl.progress?.(0, 1, 'read-only account');
          readonlyUser = await addReadOnlyAccount(
            server,
            k,
            input.database,
            input.readonlyUser,
            createdAccounts,
          );
        }
        const demo = input.demo
          ? await fillDemoFleet(k, input.database, {
              computers: input.demo.computers,
              signal: ctl.signal,
              progress: (d, t) => ctl.progress?.(d, t, 'demo fleet'),
            })
          : null;
        return {
          database: input.database,
          databaseCreated,
          tables: r.tables,
          rows: r.rows,
          guiVersion: existingSchema ? ((await guiVersion(k)) ?? '') : TARGET_GUI_VERSION,
          user,
          schemaCreated: !existingSchema,
          readonlyUser,
          demo,
        };
      } finally {
        await k.destroy();
      }
    });
  } catch (e) {
    await undoInit(server, input, databaseCreated, createdAccounts);
    throw e;
  } finally {
    await server.destroy();
  }
}

/** Creates the account for each host (recorded for undo); an existing one is refused unless ifExists is grant. */
async function createAccounts(
  server: Knex,
  u: AppUser,
  createdAccounts: Array<{ user: string; host: string }>,
): Promise<string[]> {
  const created: string[] = [];
  for (const host of u.hosts) {
    if (await createAccount(server, u.user, host, u.password)) {
      created.push(host);
      createdAccounts.push({ user: u.user, host });
    } else if (u.ifExists === 'fail') {
      throw new AppError('CONFLICT', {
        detail: `account '${u.user}'@'${host}' already exists: choose another name, or allow granting the new database to it`,
      });
    }
  }
  return created;
}

/**
 * The read-only account: the console's own tables exist first (a table grant needs the table), then
 * SELECT on the database and writes on those tables only. An existing account that may already write
 * the database is refused: it would not be read-only.
 */
async function addReadOnlyAccount(
  server: Knex,
  k: Knex,
  database: string,
  u: AppUser,
  createdAccounts: Array<{ user: string; host: string }>,
): Promise<NonNullable<InitResult['readonlyUser']>> {
  await ensureConsoleTable(k, 'ocsdesk_grid_prefs');
  await ensureConsoleTable(k, SAVED_SEARCH_TABLE);
  const created = await createAccounts(server, u, createdAccounts);
  let writableTables: string[] = [];
  for (const host of u.hosts) {
    if (!created.includes(host) && (await accountMayWrite(server, database, u.user, host)))
      throw new AppError('CONFLICT', {
        detail: `account '${u.user}'@'${host}' exists and may already write ${database}: it cannot be the read-only account (choose another name)`,
      });
    writableTables = await grantReadOnly(server, database, u.user, host, READONLY_ACCOUNT_WRITES);
  }
  log.info('read-only database account granted', { database, user: u.user, hosts: u.hosts, writableTables });
  return { user: u.user, hosts: u.hosts, created, writableTables };
}

async function accountMayWrite(server: Knex, database: string, user: string, host: string): Promise<boolean> {
  const [rows] = (await server.raw('SHOW GRANTS FOR ?@?', [user, host])) as [Array<Record<string, unknown>>];
  const parsed = parseGrants(rows.map((r) => String(Object.values(r)[0] ?? '')));
  // Roles granted to it count as if active (the account could enable them).
  const effective = new Set([
    `${user}@${host}`.toLowerCase(),
    ...parsed.roles.map((r) => r.role.toLowerCase()),
  ]);
  return accessOn(parsed, database, effective).writeAll;
}

async function undoInit(
  server: Awaited<ReturnType<typeof createPool>>,
  input: InitInput,
  databaseCreated: boolean,
  accounts: Array<{ user: string; host: string }>,
): Promise<void> {
  try {
    if (databaseCreated) await dropDatabase(server, input.database);
    for (const a of accounts) await dropAccount(server, a.user, a.host);
  } catch (e) {
    log.warn('database init: could not undo everything', { database: input.database, error: e });
  }
}

async function upgradeCheck(db: DbHandle): Promise<UpgradeCheck> {
  try {
    const plan = await planUpgrade(db.knex, db.target.database);
    return {
      possible: true,
      reason: null,
      fromLevel: plan.fromLevel,
      steps: plan.steps.map((s) => s.note),
      untouched: plan.untouched,
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    const lvl = e.params.level;
    return {
      possible: false,
      reason: e.code === 'CONFLICT' ? String(e.params.detail ?? '') : e.code,
      fromLevel: typeof lvl === 'number' ? lvl : null,
      steps: [],
      untouched: [],
    };
  }
}

export async function inspectDatabase(db: DbHandle): Promise<SchemaReport> {
  return withDbErrors(db.target, async () => ({
    database: db.target.database,
    schema: await probeSchema(db.knex, db.target.database),
    targetLevel: TARGET_GUI_VERSION,
    upgrade: await upgradeCheck(db),
  }));
}

export async function upgradeDatabase(db: DbHandle, ctl: SchemaProgress = {}): Promise<UpgradeResult> {
  return withDbErrors(db.target, () => runUpgrade(db.jobs, db.target.database, ctl));
}
