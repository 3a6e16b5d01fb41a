import { AppError } from '../platform/errors';
import { RESTORE_MARKER } from './dump-format';
import type { HeldConnection } from './raw-connection';

export interface SourceTable {
  name: string;
  kind: 'table' | 'view';
  engine: string | null;
  /** The server's estimate (InnoDB: approximate), for progress only. */
  estimatedRows: number;
  /** DATA_LENGTH (the server's figure), for the backup's size estimate. */
  dataBytes: number;
  /** Columns an INSERT may set (generated columns left out), in table order. */
  columns: string[];
}

export interface SourceFacts {
  database: string;
  charset: string;
  collation: string;
  server: string;
  tables: SourceTable[];
  /** Engines without a transaction snapshot: their rows are read as they are at that moment. */
  nonTransactional: string[];
  notCopied: string[];
  maxAllowedPacket: number;
}

const TRANSACTIONAL = new Set(['innodb', 'xtradb']);

/** What a backup copies from the connection's database, `only` restricting it to some tables. */
export async function sourceFacts(c: HeldConnection, only?: readonly string[]): Promise<SourceFacts> {
  const [s] = await c.rows<{ db: string; cs: string; co: string; v: string; p: string | number }>(
    `SELECT DATABASE() AS db, DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co,
            VERSION() AS v, @@max_allowed_packet AS p
       FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()`,
  );
  if (!s) throw new AppError('DB_NOT_CONNECTED');
  const all = await c.rows<{
    n: string;
    t: string;
    e: string | null;
    r: string | number | null;
    d: string | number | null;
  }>(
    `SELECT TABLE_NAME AS n, TABLE_TYPE AS t, ENGINE AS e, TABLE_ROWS AS r, DATA_LENGTH AS d
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
  );
  const cols = await c.rows<{ t: string; c: string; x: string | null }>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, EXTRA AS x
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const byTable = new Map<string, string[]>();
  for (const r of cols) {
    if (r.x && /GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(r.x)) continue;
    const list = byTable.get(r.t) ?? [];
    list.push(r.c);
    byTable.set(r.t, list);
  }
  const notCopied: string[] = [];
  let picked = all.filter((t) => t.n !== RESTORE_MARKER);
  if (picked.length < all.length) {
    notCopied.push(`table ${RESTORE_MARKER} (this database is an unfinished restore)`);
  }
  if (only) {
    const names = new Set(all.map((t) => t.n));
    const unknown = only.filter((n) => !names.has(n));
    if (unknown.length) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'tables',
        detail: `no table ${unknown.join(', ')} in database ${s.db}`,
      });
    }
    picked = picked.filter((t) => only.includes(t.n));
  }
  const tables: SourceTable[] = picked.map((t) => ({
    name: t.n,
    kind: t.t === 'VIEW' ? 'view' : 'table',
    engine: t.e,
    estimatedRows: Number(t.r ?? 0),
    dataBytes: Number(t.d ?? 0),
    columns: byTable.get(t.n) ?? [],
  }));
  if (!only) {
    for (const [what, sql] of [
      [
        'trigger',
        'SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
      ],
      [
        'routine',
        'SELECT ROUTINE_NAME AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()',
      ],
      ['event', 'SELECT EVENT_NAME AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()'],
    ] as const) {
      for (const r of await c.rows<{ n: string }>(sql)) notCopied.push(`${what} ${r.n}`);
    }
  }
  return {
    database: s.db,
    charset: s.cs,
    collation: s.co,
    server: s.v,
    tables,
    nonTransactional: tables
      .filter((t) => t.kind === 'table' && !TRANSACTIONAL.has((t.engine ?? '').toLowerCase()))
      .map((t) => `${t.name} (${t.engine ?? 'unknown engine'})`),
    notCopied,
    maxAllowedPacket: Number(s.p),
  };
}
