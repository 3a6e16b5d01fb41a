import type { Knex } from 'knex';
import type { ServerVariables } from '../../shared/contract/diagnostics';
import { scoped, type Scope } from '../platform/ocs/scope';

const num = (v: unknown): number => (v == null ? 0 : Number(v));

/**
 * The DB server's variables the checks judge. GLOBAL values: what every new connection (the comm
 * server's, ocsreports', the agents' inventories) gets, not this session's copy.
 */
export async function readServerVariables(k: Knex): Promise<ServerVariables> {
  const [[v]] = (await k.raw(
    `SELECT VERSION() AS version, @@GLOBAL.max_allowed_packet AS packet, @@GLOBAL.max_connections AS maxc,
            @@GLOBAL.innodb_buffer_pool_size AS pool, @@GLOBAL.time_zone AS tz, @@system_time_zone AS stz`,
  )) as [Array<Record<string, string | number | null>>];
  const [status] = (await k.raw(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Max_used_connections')",
  )) as [Array<{ Variable_name: string; Value: string }>];
  const st = new Map(status.map((r) => [r.Variable_name.toLowerCase(), Number(r.Value)]));
  return {
    version: String(v!.version ?? ''),
    maxAllowedPacket: num(v!.packet),
    maxConnections: num(v!.maxc),
    threadsConnected: st.get('threads_connected') ?? 0,
    maxUsedConnections: st.get('max_used_connections') ?? 0,
    innodbBufferPoolSize: num(v!.pool),
    timeZone: String(v!.tz ?? ''),
    systemTimeZone: String(v!.stz ?? ''),
  };
}

/** The DB server's clock, UTC, in ms since the epoch, and its session offset (NOW() − UTC). */
export async function readDbClock(k: Knex): Promise<{ utcMs: number; offsetMinutes: number }> {
  const [[r]] = (await k.raw(
    `SELECT UNIX_TIMESTAMP(NOW(3)) * 1000 AS ms, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()) AS off`,
  )) as [Array<{ ms: string | number; off: string | number }>];
  return { utcMs: Number(r!.ms), offsetMinutes: Number(r!.off) };
}

export interface TableRow {
  name: string;
  engine: string | null;
  type: string;
  rows: number;
  dataBytes: number;
  indexBytes: number;
}

/** The tables of the connected database with their engine and sizes (information_schema's figures). */
export async function readTables(k: Knex): Promise<TableRow[]> {
  const [rows] = (await k.raw(
    `SELECT TABLE_NAME AS name, ENGINE AS engine, TABLE_TYPE AS type, TABLE_ROWS AS nrows,
            DATA_LENGTH AS data, INDEX_LENGTH AS idx
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
  )) as [Array<Record<string, string | number | null>>];
  return rows.map((r) => ({
    name: String(r.name),
    engine: r.engine == null ? null : String(r.engine),
    type: String(r.type),
    rows: num(r.nrows),
    dataBytes: num(r.data),
    indexBytes: num(r.idx),
  }));
}

export interface AccountPlugin {
  user: string;
  host: string;
  plugin: string;
  /** Length of the stored hash (16 = the pre-4.1 scheme). */
  hashLength: number;
}

/** Accounts of the server with their authentication plugin (needs SELECT on mysql.user). */
export async function readAccountPlugins(k: Knex): Promise<AccountPlugin[]> {
  const [rows] = (await k.raw(
    `SELECT User AS u, Host AS h, plugin AS p, LENGTH(authentication_string) AS al, LENGTH(Password) AS pl
       FROM mysql.user`,
  )) as [Array<Record<string, string | number | null>>];
  return rows.map((r) => ({
    user: String(r.u ?? ''),
    host: String(r.h ?? ''),
    plugin: String(r.p ?? ''),
    hashLength: Math.max(num(r.al), num(r.pl)),
  }));
}

/** Largest agent file stored for the comm server (deploy.CONTENT), in bytes. */
export async function largestAgentFile(k: Knex): Promise<{ name: string; bytes: number } | null> {
  const r = (await k('deploy')
    .select('NAME', k.raw('LENGTH(CONTENT) AS n'))
    .orderByRaw('LENGTH(CONTENT) DESC')
    .first()) as { NAME: string; n: number | string | null } | undefined;
  return r && r.n != null ? { name: r.NAME, bytes: Number(r.n) } : null;
}

export interface ActivatedPackage {
  fileId: string;
  name: string;
  infoLoc: string;
  packLoc: string;
}

/** The most recently activated packages (download_enable), newest first. */
export async function recentActivations(k: Knex, limit: number): Promise<ActivatedPackage[]> {
  const rows = (await k('download_enable as e')
    .leftJoin('download_available as a', 'a.FILEID', 'e.FILEID')
    .select('e.FILEID', 'a.NAME', 'e.INFO_LOC', 'e.PACK_LOC')
    .orderBy('e.ID', 'desc')
    .limit(limit)) as Array<{ FILEID: string; NAME: string | null; INFO_LOC: string; PACK_LOC: string }>;
  return rows.map((r) => ({
    fileId: String(r.FILEID),
    name: r.NAME ?? '',
    infoLoc: r.INFO_LOC ?? '',
    packLoc: r.PACK_LOC ?? '',
  }));
}

/** Computers in the perimeter. */
export async function countComputers(k: Knex, scope: Scope): Promise<number> {
  const q = scoped(k, k('hardware as h').count({ n: '*' }), 'h.ID', scope).whereNotIn('h.DEVICEID', [
    '_SYSTEMGROUP_',
    '_DOWNLOADGROUP_',
  ]);
  const [r] = (await q) as Array<{ n: number | string }>;
  return Number(r?.n ?? 0);
}

/** `software` rows of the computers in the perimeter (exact; only asked for a restricted perimeter). */
export async function countSoftwareRows(k: Knex, scope: Scope): Promise<number> {
  const [r] = (await scoped(k, k('software as s').count({ n: '*' }), 's.HARDWARE_ID', scope)) as Array<{
    n: number | string;
  }>;
  return Number(r?.n ?? 0);
}

/** Inventories per hour (hardware.LASTDATE, DB server time) since `sinceHours` ago, and the DB's hour now. */
export async function inventoriesPerHour(
  k: Knex,
  scope: Scope,
  sinceHours: number,
): Promise<{ now: string; rows: Array<{ hour: string; count: number }> }> {
  const [[now]] = (await k.raw("SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:00') AS h")) as [Array<{ h: string }>];
  const q = scoped(
    k,
    k('hardware as h')
      .select(k.raw("DATE_FORMAT(h.LASTDATE, '%Y-%m-%d %H:00') AS hour"))
      .count({ n: '*' })
      .where(
        'h.LASTDATE',
        '>=',
        k.raw('DATE_FORMAT(NOW(), ?) - INTERVAL ? HOUR', ['%Y-%m-%d %H:00:00', sinceHours - 1]),
      )
      .whereNotIn('h.DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'])
      .groupByRaw('1'),
    'h.ID',
    scope,
  );
  const rows = (await q) as Array<{ hour: string; n: number | string }>;
  return { now: now!.h, rows: rows.map((r) => ({ hour: r.hour, count: Number(r.n) })) };
}

/** devices DOWNLOAD rows of the computers in the perimeter, by status (TVALUE, NULL = waiting). */
export async function deploymentStates(
  k: Knex,
  scope: Scope,
): Promise<Array<{ status: string | null; count: number }>> {
  const rows = (await scoped(
    k,
    k('devices as d')
      .select('d.TVALUE')
      .count({ n: '*' })
      .where('d.NAME', 'DOWNLOAD')
      .groupBy('d.TVALUE')
      .orderBy('d.TVALUE'),
    'd.HARDWARE_ID',
    scope,
  )) as Array<{ TVALUE: string | null; n: number | string }>;
  return rows.map((r) => ({ status: r.TVALUE, count: Number(r.n) }));
}
