import type { ConnectionParams } from '../../shared/contract/connection';
import type {
  InitInput,
  InitResult,
  SchemaReport,
  UpgradeCheck,
  UpgradeResult,
} from '../../shared/contract/database';
import { createPool, withDbErrors, type DbHandle } from '../platform/db/connect';
import { probeSchema } from '../platform/db/schema-probe';
import {
  createSchema,
  planUpgrade,
  runUpgrade,
  tablesIn,
  TARGET_GUI_VERSION,
  type SchemaProgress,
} from '../platform/db/schema';
import { AppError, isAppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import {
  createAccount,
  createDatabase,
  databaseExists,
  dropAccount,
  dropDatabase,
  grantDatabase,
} from './database.repo';

/**
 * Creates `input.database` on the server, the optional application account, the superset OCS
 * schema and its default rows. Refuses a database that already has tables. If it fails after
 * creating the database (or accounts), it removes what it created, so it can simply be run again.
 */
export async function initDatabase(input: InitInput, ctl: SchemaProgress = {}): Promise<InitResult> {
  const p: ConnectionParams = { ...input.server, database: input.database };
  const target = { host: p.host, port: p.port, user: p.user, database: p.database };
  const server = await createPool(p, { database: null, max: 1 });
  let databaseCreated = false;
  const createdAccounts: string[] = [];
  try {
    return await withDbErrors(target, async () => {
      ctl.progress?.(0, 1, 'checking the server');
      if (await databaseExists(server, input.database)) {
        const tables = await tablesIn(server, input.database);
        if (tables.length > 0) {
          throw new AppError('CONFLICT', {
            detail:
              `database "${input.database}" already exists and holds ${tables.length} table(s): ` +
              'nothing was changed (check or upgrade it instead, or choose another name)',
          });
        }
      } else {
        await createDatabase(server, input.database);
        databaseCreated = true;
      }

      let user: InitResult['user'] = null;
      if (input.appUser) {
        const u = input.appUser;
        const created: string[] = [];
        for (const host of u.hosts) {
          if (await createAccount(server, u.user, host, u.password)) {
            created.push(host);
            createdAccounts.push(host);
          } else if (u.ifExists === 'fail') {
            throw new AppError('CONFLICT', {
              detail: `account '${u.user}'@'${host}' already exists: choose another name, or allow granting the new database to it`,
            });
          }
        }
        for (const host of u.hosts) await grantDatabase(server, input.database, u.user, host);
        user = { user: u.user, hosts: u.hosts, created, granted: u.hosts };
      }

      const k = await createPool(p, { max: 2 });
      try {
        const r = await createSchema(k, ctl);
        return {
          database: input.database,
          databaseCreated,
          tables: r.tables,
          rows: r.rows,
          guiVersion: TARGET_GUI_VERSION,
          user,
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

async function undoInit(
  server: Awaited<ReturnType<typeof createPool>>,
  input: InitInput,
  databaseCreated: boolean,
  accounts: string[],
): Promise<void> {
  try {
    if (databaseCreated) await dropDatabase(server, input.database);
    for (const host of accounts) await dropAccount(server, input.appUser!.user, host);
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
