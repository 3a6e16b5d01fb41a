import { AppError, isAppError } from '../errors';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  sqlMessage?: string;
  fatal?: boolean;
  /** Set by connect.ts when a statement larger than the server's max_allowed_packet failed. */
  ocsPacketTooLarge?: boolean;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/**
 * What a server that went away mid-work (killed, shut down, restarted, network cut) makes the driver, the
 * pool or the socket say; mysql-errors.test.ts holds one case per shape. The codes of mysql2 and Node's
 * sockets and streams:
 */
const LOST = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTCONN',
  'ESHUTDOWN',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);
/** The same as server errnos: shutdown in progress, connection killed, client interaction timeout, and the
 * client-side CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED. */
const LOST_ERRNO = new Set([1053, 1927, 4031, 2006, 2013, 2055]);
/** mysql2's texts on a connection that died (some carry no code), knex/tarn's "aborted" (a pending
 * acquire of a pool being destroyed after its connections died) and MySQL's own wording. */
const LOST_TEXT =
  /^aborted$|connection (is in closed state|lost)|can't write in closed state|server has gone away|lost connection to (mysql|mariadb)? ?server|server shutdown in progress|the server closed the connection/i;

/** True when the error says the database connection went away (see LOST). */
export function isConnectionLoss(e: unknown): boolean {
  const err = (e ?? {}) as DriverError;
  const text = err.sqlMessage ?? err.message ?? '';
  return LOST.has(err.code ?? '') || LOST_ERRNO.has(err.errno ?? 0) || LOST_TEXT.test(text);
}

export interface ConnTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

/**
 * Whether an unknown error came from the database layer (then mapDbError says what it means; anything else
 * is INTERNAL): the driver's coded errors, knex's pool timeout, any shape of a lost connection (some carry
 * no code) or a fatal driver error, also when wrapped (`cause`).
 */
export function looksLikeDbError(e: unknown, depth = 0): boolean {
  const x = e as {
    code?: unknown;
    sqlMessage?: unknown;
    name?: unknown;
    fatal?: unknown;
    cause?: unknown;
  } | null;
  if (!x || typeof x !== 'object') return false;
  return (
    typeof x.sqlMessage === 'string' ||
    x.name === 'KnexTimeoutError' ||
    x.fatal === true ||
    (typeof x.code === 'string' && /^(ER_|ECONN|ETIMEDOUT|PROTOCOL_|EHOST|ENOTFOUND|EPIPE)/.test(x.code)) ||
    isConnectionLoss(x) ||
    (depth < 4 && x.cause !== undefined && x.cause !== x && looksLikeDbError(x.cause, depth + 1))
  );
}

/** Turns a mysql2/knex error into an AppError the admin can act on. Called once, at the DB boundary. */
export function mapDbError(e: unknown, target?: Partial<ConnTarget>, depth = 0): AppError {
  if (isAppError(e)) return e;
  const err = (e ?? {}) as DriverError & { name?: string };
  const code = err.code ?? '';
  const text = err.sqlMessage ?? err.message ?? '';
  const where = { host: target?.host ?? '', port: target?.port ?? 0 };
  // The server drops the connection on an oversized packet, so the driver often only sees a reset.
  if (err.ocsPacketTooLarge) return new AppError('DB_PACKET_TOO_LARGE', {}, { cause: e });
  if (UNREACHABLE.has(code) || (err.name === 'KnexTimeoutError' && /connect|acquir/i.test(text) && !code)) {
    return new AppError('DB_UNREACHABLE', { ...where, reason: code || 'timeout' }, { cause: e });
  }
  // max_connections reached: the server answers, but takes no new client (a config or load matter).
  if (code === 'ER_CON_COUNT_ERROR' || err.errno === 1040) {
    return new AppError('DB_TOO_MANY_CONNECTIONS', where, { cause: e });
  }
  if (code === 'ER_ACCESS_DENIED_ERROR' || err.errno === 1045) {
    return new AppError('DB_AUTH_FAILED', { user: target?.user ?? '', ...where }, { cause: e });
  }
  if (code === 'ER_BAD_DB_ERROR' || err.errno === 1049) {
    return new AppError('DB_UNKNOWN_DATABASE', { database: target?.database ?? '' }, { cause: e });
  }
  if (code === 'ER_DBACCESS_DENIED_ERROR' || err.errno === 1044 || code === 'ER_TABLEACCESS_DENIED_ERROR') {
    return new AppError(
      'DB_ACCESS_DENIED',
      { user: target?.user ?? '', database: target?.database ?? '', detail: text },
      { cause: e },
    );
  }
  if (code === 'ER_NET_PACKET_TOO_LARGE' || err.errno === 1153 || /max_allowed_packet/i.test(text)) {
    return new AppError('DB_PACKET_TOO_LARGE', {}, { cause: e });
  }
  // unix_socket accounts reached over TCP: the server refuses without asking for a password.
  if (code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR' || err.errno === 1698) {
    return new AppError(
      'DB_AUTH_PLUGIN_UNSUPPORTED',
      { detail: 'the account only accepts local socket login (unix_socket)' },
      { cause: e },
    );
  }
  if (
    code === 'ER_NOT_SUPPORTED_AUTH_MODE' ||
    code === 'AUTH_SWITCH_PLUGIN_ERROR' ||
    /authentication (plugin|method)|unknown plugin/i.test(text)
  ) {
    const plugin = /plugin (\w+)/i.exec(text)?.[1];
    const detail = plugin ? `plugin ${plugin}` : text.split('. ')[0]!.slice(0, 200);
    return new AppError('DB_AUTH_PLUGIN_UNSUPPORTED', { detail }, { cause: e });
  }
  if (isConnectionLoss(err)) return new AppError('DB_CONNECTION_LOST', where, { cause: e });
  if (/ssl|tls|certificate|self[- ]signed|HANDSHAKE/i.test(code + ' ' + text)) {
    return new AppError('DB_TLS_FAILED', { detail: text.slice(0, 200) }, { cause: e });
  }
  // Any other fatal driver error leaves the connection unusable (mysql2 closes it): the same for the admin.
  if (err.fatal === true && !code.startsWith('ER_'))
    return new AppError('DB_CONNECTION_LOST', where, { cause: e });
  if (code === 'ER_LOCK_DEADLOCK' || err.errno === 1213) return new AppError('DB_DEADLOCK', {}, { cause: e });
  // A table of a later OCS schema on an older one (e.g. cve_search_computer or snmp_types_conditions,
  // 7069, on the 7039 schema the comm server package alone creates): the upgrade adds it.
  if (code === 'ER_NO_SUCH_TABLE' || err.errno === 1146) {
    const table = /Table '(?:[^'.]*\.)?([^'.]+)' doesn't exist/.exec(text)?.[1] ?? '';
    return new AppError('DB_TABLE_MISSING', { table }, { cause: e });
  }
  // OCS Desk never kills its own statements (a cancelled job stops between statements): an
  // interrupted query was stopped by someone on the server (KILL QUERY) or by a server time limit.
  if (code === 'ER_QUERY_INTERRUPTED' || err.errno === 1317)
    return new AppError('DB_QUERY_KILLED', { reason: 'KILL QUERY' }, { cause: e });
  if (code === 'ER_STATEMENT_TIMEOUT' || err.errno === 1969 || err.errno === 3024)
    return new AppError('DB_QUERY_KILLED', { reason: 'max_statement_time' }, { cause: e });
  // Text with characters outside the BMP (emoji) against OCS's utf8 (3-byte) columns: MariaDB cannot
  // compare them and says "Illegal mix of collations". Such text can never be stored there.
  if (
    code === 'ER_CANT_AGGREGATE_2COLLATIONS' ||
    code === 'ER_CANT_AGGREGATE_3COLLATIONS' ||
    code === 'ER_CANT_AGGREGATE_NCOLLATIONS' ||
    [1267, 1270, 1271].includes(err.errno ?? 0) ||
    // ...and storing such text in one: "Incorrect string value: '\xF0\x9F...'".
    ((code === 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD' || err.errno === 1366) &&
      /Incorrect string value: '\\xF0/i.test(text))
  ) {
    return new AppError(
      'VALIDATION_FAILED',
      { field: '', context: 'astral', detail: 'characters outside the BMP (emoji) in a text' },
      { cause: e },
    );
  }
  if (err.name === 'KnexTimeoutError') {
    return new AppError('DB_UNREACHABLE', { ...where, reason: 'timeout' }, { cause: e });
  }
  if (code.startsWith('ER_')) {
    return new AppError('DB_QUERY_FAILED', { code, detail: text.slice(0, 300) }, { cause: e });
  }
  // A wrapper (ours or a library's) around the driver's error: judge by what it wraps.
  const cause = (e as { cause?: unknown } | null)?.cause;
  if (cause && cause !== e && depth < 4) {
    const inner = mapDbError(cause, target, depth + 1);
    if (inner.code !== 'INTERNAL') return inner;
  }
  return new AppError('INTERNAL', {}, { cause: e });
}
