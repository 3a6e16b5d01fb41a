import { describe, expect, it } from 'vitest';
import { looksLikeDbError, mapDbError } from './mysql-errors';

/** An error as the driver, knex, tarn or a socket builds it: a message plus own properties. */
const err = (message: string, props: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), props);

const target = { host: '127.0.0.1', port: 3307, user: 'ocs', database: 'ocsweb' };

/**
 * Every shape a database server killed (SIGKILL), shut down or cut off mid-work was seen to produce, or can
 * produce by the driver's and the pool's code (mysql2 lib/base/connection.js, tarn PendingOperation.abort).
 */
const LOST_SHAPES: Array<[string, Error]> = [
  [
    'ECONNRESET (socket reset by the dying server)',
    err('read ECONNRESET', { code: 'ECONNRESET', errno: -104, syscall: 'read', fatal: true }),
  ],
  [
    'EPIPE (write to a socket the server closed)',
    err('write EPIPE', { code: 'EPIPE', errno: -32, syscall: 'write', fatal: true }),
  ],
  ['ECONNABORTED', err('socket aborted', { code: 'ECONNABORTED' })],
  ['ENOTCONN', err('socket is not connected', { code: 'ENOTCONN' })],
  [
    'PROTOCOL_CONNECTION_LOST',
    err('Connection lost: The server closed the connection.', {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    }),
  ],
  [
    "'Connection lost: The server closed the connection' without a code",
    err('Connection lost: The server closed the connection.'),
  ],
  [
    'ER_SERVER_SHUTDOWN (1053)',
    err('Server shutdown in progress', {
      code: 'ER_SERVER_SHUTDOWN',
      errno: 1053,
      sqlMessage: 'Server shutdown in progress',
      sqlState: '08S01',
    }),
  ],
  ['errno 1053 alone', err('Server shutdown in progress', { errno: 1053 })],
  [
    'ER_CONNECTION_KILLED (1927)',
    err('Connection was killed', {
      code: 'ER_CONNECTION_KILLED',
      errno: 1927,
      sqlMessage: 'Connection was killed',
      sqlState: '70100',
    }),
  ],
  [
    'ER_CLIENT_INTERACTION_TIMEOUT (4031)',
    err('The client was disconnected by the server because of inactivity.', {
      code: 'ER_CLIENT_INTERACTION_TIMEOUT',
      errno: 4031,
    }),
  ],
  [
    'errno 2013 (lost connection during query)',
    err('Lost connection to MySQL server during query', { errno: 2013 }),
  ],
  ['errno 2006 (server has gone away)', err('MySQL server has gone away', { errno: 2006 })],
  [
    'errno 2055 (lost connection, extended)',
    err("Lost connection to server at 'reading initial communication packet'", { errno: 2055 }),
  ],
  [
    'mysql2: a command on a connection that died (fatal, no code)',
    err("Can't add new command when connection is in closed state", { fatal: true }),
  ],
  ['mysql2: a write on a connection that died (no code)', err("Can't write in closed state")],
  [
    'ERR_STREAM_DESTROYED (write after the socket was destroyed)',
    err('Cannot call write after a stream was destroyed', { code: 'ERR_STREAM_DESTROYED' }),
  ],
  ['ERR_STREAM_WRITE_AFTER_END', err('write after end', { code: 'ERR_STREAM_WRITE_AFTER_END' })],
  [
    'a fatal protocol error (mysql2 closes the connection)',
    err('Unexpected packet while no commands in the queue', {
      code: 'PROTOCOL_UNEXPECTED_PACKET',
      fatal: true,
    }),
  ],
  ["knex/tarn 'aborted' (a pending acquire of a pool destroyed after its connections died)", err('aborted')],
  [
    'a wrapper whose cause is the lost connection',
    err('import of x.ocs failed', { cause: err('read ECONNRESET', { code: 'ECONNRESET' }) }),
  ],
];

describe('a lost database connection, in every shape, is DB_CONNECTION_LOST naming host:port', () => {
  it.each(LOST_SHAPES)('%s', (_name, e) => {
    // The router maps only what looks like a database error (the rest is INTERNAL): each shape must pass.
    expect(looksLikeDbError(e)).toBe(true);
    const m = mapDbError(e, target);
    expect(m.code).toBe('DB_CONNECTION_LOST');
    expect(m.params).toEqual({ host: '127.0.0.1', port: 3307 });
  });

  it('leaves the neighbouring codes as they were', () => {
    expect(
      mapDbError(err('connect ECONNREFUSED 127.0.0.1:3307', { code: 'ECONNREFUSED', fatal: true }), target)
        .code,
    ).toBe('DB_UNREACHABLE');
    expect(
      mapDbError(
        err("Access denied for user 'ocs'", { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, fatal: true }),
        target,
      ).code,
    ).toBe('DB_AUTH_FAILED');
    expect(
      mapDbError(
        err('Deadlock found', { code: 'ER_LOCK_DEADLOCK', errno: 1213, sqlMessage: 'Deadlock found' }),
      ).code,
    ).toBe('DB_DEADLOCK');
    expect(
      mapDbError(err('Got a packet bigger', { code: 'ER_NET_PACKET_TOO_LARGE', errno: 1153 })).code,
    ).toBe('DB_PACKET_TOO_LARGE');
    const missing = mapDbError(
      err("Table 'ocsweb.cve_search_computer' doesn't exist", { code: 'ER_NO_SUCH_TABLE', errno: 1146 }),
    );
    expect([missing.code, missing.params]).toEqual(['DB_TABLE_MISSING', { table: 'cve_search_computer' }]);
    expect(mapDbError(err('Unknown column', { code: 'ER_BAD_FIELD_ERROR', errno: 1054 })).code).toBe(
      'DB_QUERY_FAILED',
    );
  });

  it('does not take a programming error for a database one', () => {
    for (const e of [
      new TypeError("Cannot read properties of undefined (reading 'ID')"),
      err('This operation was aborted'),
      err('aborted by the user'),
    ]) {
      expect(looksLikeDbError(e), e.message).toBe(false);
      expect(mapDbError(e).code, e.message).toBe('INTERNAL');
    }
  });
});
