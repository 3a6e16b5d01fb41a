import type { Knex } from 'knex';
import { log } from '../log/logger';
import { mapDbError, type ConnTarget } from './mysql-errors';

/** How list/search reads are served when a read replica is configured (shown in connection.status). */
export interface ReplicaStatus {
  host: string;
  port: number;
  /** `replica`: reads go to it; `primary`: it is down or lagging, reads go to the primary meanwhile. */
  readsFrom: 'replica' | 'primary';
  /** Why the primary serves the reads (null while the replica does). */
  reason: 'unreachable' | 'lagging' | null;
  /** The error code or lag that made it so, e.g. `DB_UNREACHABLE (ECONNREFUSED)` or `120 s behind`. */
  detail: string | null;
  /** Replication delay seen at the last check (null: unknown, e.g. the account may not read it). */
  lagSeconds: number | null;
  since: string | null;
}

export interface ReplicaOptions {
  /** A replica further behind than this serves no reads (seconds). */
  maxLagSeconds?: number;
  /** How long the primary serves reads before the replica is tried again (ms). */
  retryAfterMs?: number;
  /** How often the replication delay is read on the replica (ms). */
  lagCheckEveryMs?: number;
}

type RawConn = { query: (sql: string, cb: (e: unknown, rows: unknown) => void) => void };
type Client = {
  acquireConnection: () => Promise<unknown>;
  releaseConnection: (c: unknown) => Promise<unknown>;
};

/** Failures of the replica itself (not of the account or the statement): reads may go elsewhere. */
const UNAVAILABLE = new Set(['DB_UNREACHABLE', 'DB_CONNECTION_LOST', 'DB_TOO_MANY_CONNECTIONS']);

function replicationDelay(c: RawConn): Promise<{ lag: number | null; stopped: boolean } | null> {
  return new Promise((resolve) => {
    c.query('SHOW SLAVE STATUS', (e, rows) => {
      // Not a replica, or the account may not read it (REPLICATION CLIENT / SLAVE MONITOR): unknown.
      if (e || !Array.isArray(rows) || rows.length === 0) return resolve(null);
      const r = rows[0] as Record<string, unknown>;
      const lag = r.Seconds_Behind_Master;
      resolve({
        lag: lag === null || lag === undefined ? null : Number(lag),
        stopped: r.Slave_SQL_Running !== 'Yes' || r.Slave_IO_Running !== 'Yes',
      });
    });
  });
}

/**
 * Makes the replica pool `replica` hand out a connection of `primary` while the replica is
 * unreachable or lagging: a list or search then still answers (from the primary, always up to date),
 * and connection.status says so. An admin expects the console to keep working when a replica fails;
 * a wrong replica password is not such a failure and still gives its own error.
 */
export function routeReadsWithFallback(
  replica: Knex,
  primary: Knex,
  target: ConnTarget,
  opts: ReplicaOptions = {},
): { status: () => ReplicaStatus } {
  const maxLag = opts.maxLagSeconds ?? 30;
  const retryAfter = opts.retryAfterMs ?? 15_000;
  const lagEvery = opts.lagCheckEveryMs ?? 10_000;
  const rc = replica.client as Client;
  const pc = primary.client as Client;
  const acquire = rc.acquireConnection.bind(rc);
  const release = rc.releaseConnection.bind(rc);
  const borrowed = new WeakSet<object>();
  const st: ReplicaStatus = {
    host: target.host,
    port: target.port,
    readsFrom: 'replica',
    reason: null,
    detail: null,
    lagSeconds: null,
    since: null,
  };
  let retryAt = 0;
  let nextLagCheck = 0;

  const fallBack = (reason: 'unreachable' | 'lagging', detail: string) => {
    if (st.readsFrom === 'replica' || st.reason !== reason)
      log.warn('read replica not used, reads go to the primary', {
        host: target.host,
        port: target.port,
        detail,
      });
    Object.assign(st, { readsFrom: 'primary', reason, detail, since: st.since ?? new Date().toISOString() });
    retryAt = Date.now() + retryAfter;
  };
  const borrow = async () => {
    const c = (await pc.acquireConnection()) as object;
    borrowed.add(c);
    return c;
  };

  rc.acquireConnection = async () => {
    if (st.readsFrom === 'primary' && Date.now() < retryAt) return borrow();
    let c: unknown;
    try {
      c = await acquire();
    } catch (e) {
      const mapped = mapDbError(e, target);
      if (!UNAVAILABLE.has(mapped.code)) throw e;
      fallBack('unreachable', `${mapped.code} (${String(mapped.params.reason ?? 'connection lost')})`);
      return borrow();
    }
    if (Date.now() >= nextLagCheck || st.readsFrom === 'primary') {
      nextLagCheck = Date.now() + lagEvery;
      const d = await replicationDelay(c as RawConn);
      st.lagSeconds = d?.lag ?? null;
      if (d && (d.stopped || (d.lag !== null && d.lag > maxLag))) {
        await release(c);
        fallBack('lagging', d.stopped ? 'replication stopped' : `${d.lag} s behind`);
        return borrow();
      }
    }
    if (st.readsFrom === 'primary') {
      log.info('read replica back in use', { host: target.host, port: target.port });
      Object.assign(st, { readsFrom: 'replica', reason: null, detail: null, since: null });
    }
    return c;
  };
  rc.releaseConnection = (c) => {
    if (c && typeof c === 'object' && borrowed.has(c)) {
      borrowed.delete(c);
      return pc.releaseConnection(c);
    }
    return release(c);
  };
  return { status: () => ({ ...st }) };
}
