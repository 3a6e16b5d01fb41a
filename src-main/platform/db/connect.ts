import { readFile } from 'node:fs/promises';
import knexFactory, { type Knex } from 'knex';
import type { ConnectionParams } from '../../../shared/contract/connection';
import { AppError, isAppError } from '../errors';
import { log } from '../log/logger';
import { rememberSecret } from '../log/redact-text';
import { readDbAccess, UNKNOWN_ACCESS, type DbAccess } from './grants';
import { isConnectionLoss, mapDbError, type ConnTarget } from './mysql-errors';
import { routeReadsWithFallback, type ReplicaOptions, type ReplicaStatus } from './replica';

export interface DbHandle {
  /** Pool for interactive routes and writes (the primary server). */
  readonly knex: Knex;
  /** Pool for long jobs, so an import never starves the computers list. */
  readonly jobs: Knex;
  /** Pool used by list/search reads: the read replica when one is configured, else `knex`. */
  readonly read: Knex;
  readonly target: ConnTarget;
  serverVersion: string;
  /** The server's max_allowed_packet in bytes (0 when unknown). */
  maxAllowedPacket: number;
  /** What the account's grants allow on the database, read at connect time (the router refuses the rest). */
  access: DbAccess;
  /** Where list/search reads go when a replica is configured (null without one). */
  replica: (() => ReplicaStatus) | null;
  close(): Promise<void>;
}

/** Rough wire size of a statement: SQL text plus bound values. */
function statementBytes(q: { sql?: unknown; bindings?: unknown }): number {
  let n = typeof q.sql === 'string' ? Buffer.byteLength(q.sql) : 0;
  for (const b of Array.isArray(q.bindings) ? (q.bindings as unknown[]) : []) {
    if (typeof b === 'string') n += Buffer.byteLength(b);
    else if (Buffer.isBuffer(b)) n += b.length;
    else n += 8;
  }
  return n;
}

/**
 * A statement larger than the server's max_allowed_packet makes the server drop the connection, which
 * the driver reports as a bare reset. So such a statement is refused before it is sent (the pooled
 * connection stays healthy and the admin gets DB_PACKET_TOO_LARGE); a failure of one that slipped
 * through (the estimate is a little low) is flagged the same way.
 */
function guardOversized(k: Knex, handle: { maxAllowedPacket: number }): void {
  const client = k.client as {
    _query: (conn: unknown, obj: { sql?: unknown; bindings?: unknown }) => Promise<unknown>;
  };
  const send = client._query.bind(client);
  client._query = (conn, obj) => {
    if (handle.maxAllowedPacket > 0 && statementBytes(obj) > handle.maxAllowedPacket) {
      const err = Object.assign(new Error('statement larger than the server max_allowed_packet'), {
        code: 'ER_NET_PACKET_TOO_LARGE',
        errno: 1153,
        ocsPacketTooLarge: true,
      });
      return Promise.reject(err);
    }
    return send(conn, obj);
  };
  k.on('query-error', (err: unknown, q: { sql?: unknown; bindings?: unknown }) => {
    if (!err || typeof err !== 'object' || handle.maxAllowedPacket <= 0) return;
    if (statementBytes(q) > handle.maxAllowedPacket)
      (err as { ocsPacketTooLarge?: boolean }).ocsPacketTooLarge = true;
  });
}

async function sslOptions(p: ConnectionParams): Promise<object | undefined> {
  if (!p.tls?.enabled) return undefined;
  let ca: string | undefined;
  if (p.tls.caFile) {
    try {
      ca = await readFile(p.tls.caFile, 'utf8');
    } catch (e) {
      throw new AppError('FILE_NOT_FOUND', { path: p.tls.caFile }, { cause: e });
    }
  }
  return { ...(ca ? { ca } : {}), rejectUnauthorized: p.tls.verifyServer };
}

export interface PoolOptions {
  max?: number;
  /** `null` connects to the server without selecting a database (db init). */
  database?: string | null;
  /** Several statements per round trip (the import's dedicated pool only). */
  multipleStatements?: boolean;
  /** SQL run once on every new connection (session settings). */
  sessionSql?: string;
  /**
   * Connection character set (default utf8mb4). `binary` sends statement text byte for byte (a
   * restore replays a dump's bytes, binary literals included, under the dump's own SET NAMES).
   */
  charset?: 'utf8mb4' | 'binary';
}

/**
 * How each pool was opened, so that a sibling pool can be opened with the same account: knex keeps its
 * copy of the password as a hidden property, so copying its settings loses it (the server then sees
 * "using password: NO").
 */
const origins = new WeakMap<Knex, { params: ConnectionParams; database: string | null | undefined }>();

/** Creates a knex pool. */
export async function createPool(p: ConnectionParams, opts: PoolOptions = {}): Promise<Knex> {
  const database = opts.database === undefined ? p.database : (opts.database ?? undefined);
  const sessionSql = opts.sessionSql;
  // Whatever a driver or a tool may echo later, this password is masked in every log line.
  rememberSecret(p.password);
  const k = knexFactory({
    client: 'mysql2',
    connection: {
      host: p.host,
      port: p.port,
      user: p.user,
      password: p.password,
      database,
      ssl: await sslOptions(p),
      connectTimeout: 8000,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      charset: opts.charset === 'binary' ? 'BINARY' : 'utf8mb4',
      multipleStatements: opts.multipleStatements ?? false,
    },
    pool: {
      min: 0,
      max: opts.max ?? 6,
      idleTimeoutMillis: 30_000,
      ...(sessionSql
        ? {
            afterCreate: (
              c: { query: (sql: string, cb: (e: unknown) => void) => void },
              done: (e: unknown, c: unknown) => void,
            ) => c.query(sessionSql, (e) => done(e, c)),
          }
        : {}),
    },
    acquireConnectionTimeout: 12_000,
    // Error messages carry the SQL with `?` placeholders, never the bound values (passwords, hashes).
    compileSqlOnError: false,
    // knex prints driver errors (with stacks) to the console by default; they are mapped and
    // reported by the caller, so they only go to the debug log here.
    log: {
      warn: (m: unknown) => log.debug('knex warning', { detail: String(m) }),
      error: (m: unknown) => log.debug('knex error', { detail: String(m) }),
      deprecate: (m: unknown) => log.debug('knex deprecation', { detail: String(m) }),
      debug: () => undefined,
    },
  });
  origins.set(k, { params: p, database: opts.database });
  return k;
}

/**
 * A new pool on the same server and account as `k` (made by createPool), on the same database unless
 * `opts.database` names another (null: none), with its own size and session; null for a pool made elsewhere.
 */
export async function createSiblingPool(k: Knex, opts: PoolOptions = {}): Promise<Knex | null> {
  const o = origins.get(k);
  return o
    ? createPool(o.params, { ...opts, database: opts.database === undefined ? o.database : opts.database })
    : null;
}

/**
 * The parameters `k` was opened with (password included), for a tool that must open its own
 * connection with the same account (mysqldump through MYSQL_PWD, a binary-charset restore link).
 */
export function poolParams(k: Knex): ConnectionParams | null {
  return origins.get(k)?.params ?? null;
}

/** Host, port, account and database of `k` (for error messages), when OCS Desk opened it. */
export function targetOf(k: Knex): ConnTarget | undefined {
  const p = poolParams(k);
  return p ? { host: p.host, port: p.port, user: p.user, database: p.database } : undefined;
}

/**
 * Runs a read-only `fn` on `k`; a dropped connection is retried once (the pool opens a new one: a server
 * that restarted, a killed connection), then any driver error becomes an AppError naming the server. Only
 * for reads that may run twice.
 */
export async function readWithReconnect<T>(k: Knex, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAppError(e)) throw e;
    if (!isConnectionLoss(e)) throw mapDbError(e, targetOf(k));
    // Let the pool see the socket close first, so the retry gets a new connection, not the dead one.
    await new Promise((r) => setTimeout(r, 250));
    try {
      return await fn();
    } catch (again) {
      throw isAppError(again) ? again : mapDbError(again, targetOf(k));
    }
  }
}

/** Runs `fn` and turns driver errors into AppErrors that name this connection. */
export async function withDbErrors<T>(target: DbHandle['target'], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapDbError(e, target);
  }
}

export async function openDb(
  p: ConnectionParams,
  replica?: ConnectionParams,
  replicaOpts?: ReplicaOptions,
): Promise<DbHandle> {
  const target = { host: p.host, port: p.port, user: p.user, database: p.database };
  const knex = await createPool(p, { max: 6 });
  const jobs = await createPool(p, { max: 4 });
  const read = replica ? await createPool(replica, { max: 6 }) : knex;
  const routed = replica
    ? routeReadsWithFallback(
        read,
        knex,
        { host: replica.host, port: replica.port, user: replica.user, database: replica.database },
        replicaOpts,
      )
    : null;
  const handle: DbHandle = {
    knex,
    jobs,
    read,
    target,
    serverVersion: '',
    maxAllowedPacket: 0,
    access: UNKNOWN_ACCESS,
    replica: routed ? routed.status : null,
    async close() {
      await Promise.allSettled([knex.destroy(), jobs.destroy(), read === knex ? null : read.destroy()]);
    },
  };
  try {
    const [rows] = (await knex.raw('SELECT VERSION() AS v, @@max_allowed_packet AS m')) as [
      Array<{ v: string; m: number | string }>,
    ];
    handle.serverVersion = rows[0]?.v ?? '';
    handle.maxAllowedPacket = Number(rows[0]?.m ?? 0);
    for (const k of new Set([knex, jobs, read])) guardOversized(k, handle);
    handle.access = await readDbAccess(knex, p.database);
  } catch (e) {
    await handle.close();
    throw mapDbError(e, target);
  }
  return handle;
}
