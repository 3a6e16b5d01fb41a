import type { Knex } from 'knex';
import type { PerfIndex, PerfIndexReport } from '../../shared/contract/computers';
import { AppError } from '../platform/errors';
import { getSchemaInfo, invalidateSchemaInfo } from './schema-info';

/**
 * Optional indexes OCS Desk offers (documented in docs/schema-compat.md). They only add secondary
 * indexes (no column, no data change); ocsreports and the comm server ignore them. Names start with
 * `ocsdesk_` so they can be told apart and dropped.
 */
export const PERF_INDEXES: Array<Pick<PerfIndex, 'table' | 'name' | 'columns' | 'reason'>> = [
  {
    table: 'hardware',
    name: 'ocsdesk_lastdate',
    columns: ['LASTDATE'],
    reason: 'sort and filter by last inventory',
  },
  {
    table: 'hardware',
    name: 'ocsdesk_lastcome',
    columns: ['LASTCOME'],
    reason: 'sort and filter by last contact',
  },
  {
    table: 'software',
    name: 'ocsdesk_name_hw',
    columns: ['NAME_ID', 'HARDWARE_ID'],
    reason: 'search by software name without reading software rows',
  },
  {
    table: 'software',
    name: 'ocsdesk_triple_hw',
    columns: ['NAME_ID', 'PUBLISHER_ID', 'VERSION_ID', 'HARDWARE_ID'],
    reason: 'vulnerable software (CVE) and its computers without reading software rows',
  },
  {
    table: 'devices',
    name: 'ocsdesk_name_ivalue',
    columns: ['NAME', 'IVALUE'],
    reason: 'settings and package status criteria',
  },
];

/**
 * Build rate of an online secondary index, rows per second: 14 M software rows took ~25 s on a
 * loaded 2-core VM (issue 22). A deliberately low figure: the estimate is shown to the admin.
 */
const ROWS_PER_SECOND = 400_000;
/** Per index entry beyond the key: primary key copy, record header, page fill. */
const ENTRY_OVERHEAD = 10;
const FILL_FACTOR = 1.4;

function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r[0] : r) as T[];
}

function columnBytes(dataType: string, maxLen: number | null): number {
  switch (dataType) {
    case 'tinyint':
      return 1;
    case 'smallint':
      return 2;
    case 'int':
    case 'mediumint':
      return 4;
    case 'bigint':
      return 8;
    case 'date':
      return 3;
    case 'datetime':
    case 'timestamp':
      return 6;
    default:
      // Variable-length text: entries store the actual value, assume a short one.
      return Math.min(maxLen ?? 32, 32);
  }
}

/** Does a privilege table's TABLE_SCHEMA pattern (`_`/`%` wildcards, `\_` literal) cover `db`? */
function schemaPatternCovers(pattern: string, db: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '_') re += '.';
    else if (c === '%') re += '.*';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i').test(db);
}

/** ALTER and INDEX on every table of the current database, from the current account's own grants. */
async function accountMayAlter(k: Knex, account: string, db: string): Promise<boolean> {
  const at = account.lastIndexOf('@');
  const grantee = `'${account.slice(0, at)}'@'${account.slice(at + 1)}'`;
  const need = new Set(['ALTER', 'INDEX']);
  const held = new Set<string>();
  const global = rowsOf<{ p: string }>(
    await k.raw('SELECT PRIVILEGE_TYPE AS p FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?', [
      grantee,
    ]),
  );
  for (const r of global) held.add(r.p);
  const schema = rowsOf<{ p: string; s: string }>(
    await k.raw(
      'SELECT PRIVILEGE_TYPE AS p, TABLE_SCHEMA AS s FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?',
      [grantee],
    ),
  );
  for (const r of schema) if (schemaPatternCovers(r.s, db)) held.add(r.p);
  if ([...need].every((p) => held.has(p))) return true;
  // Table-level grants on each indexed table.
  const tables = [...new Set(PERF_INDEXES.map((i) => i.table))];
  const perTable = rowsOf<{ p: string; t: string }>(
    await k.raw(
      'SELECT PRIVILEGE_TYPE AS p, TABLE_NAME AS t FROM information_schema.TABLE_PRIVILEGES ' +
        'WHERE GRANTEE = ? AND TABLE_SCHEMA = ?',
      [grantee, db],
    ),
  );
  return tables.every((t) =>
    [...need].every((p) => held.has(p) || perTable.some((r) => r.t === t && r.p === p)),
  );
}

/** Status, estimates from the table sizes, and whether this DB account may change them. */
export async function perfIndexReport(k: Knex): Promise<PerfIndexReport> {
  const s = await getSchemaInfo(k);
  const wanted = PERF_INDEXES.filter((i) => s.tables.has(i.table));
  const [who] = rowsOf<{ account: string; db: string; ro: number }>(
    await k.raw('SELECT CURRENT_USER() AS account, DATABASE() AS db, @@read_only AS ro'),
  );
  const tables = [...new Set(wanted.map((i) => i.table))];
  const sizes = tables.length
    ? rowsOf<{ t: string; rows: number | null }>(
        await k.raw(
          `SELECT TABLE_NAME AS t, TABLE_ROWS AS \`rows\` FROM information_schema.TABLES
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${tables.map(() => '?').join(',')})`,
          tables,
        ),
      )
    : [];
  const cols = tables.length
    ? rowsOf<{ t: string; c: string; type: string; len: number | null }>(
        await k.raw(
          `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS type, CHARACTER_MAXIMUM_LENGTH AS len
           FROM information_schema.COLUMNS
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${tables.map(() => '?').join(',')})`,
          tables,
        ),
      )
    : [];
  const indexes = wanted.map((i) => {
    const rows = Number(sizes.find((r) => r.t === i.table)?.rows ?? 0);
    const key = i.columns.reduce((sum, c) => {
      const col = cols.find((r) => r.t === i.table && r.c.toLowerCase() === c.toLowerCase());
      return sum + columnBytes(col?.type ?? 'int', col?.len == null ? null : Number(col.len));
    }, 0);
    return {
      ...i,
      present: s.indexNames.get(i.table)?.has(i.name) ?? false,
      tableRows: rows,
      estimatedSeconds: Math.max(1, Math.ceil(rows / ROWS_PER_SECOND)),
      estimatedBytes: Math.round(rows * (key + ENTRY_OVERHEAD) * FILL_FACTOR),
    };
  });
  const account = String(who?.account ?? '');
  const database = String(who?.db ?? '');
  const readOnly = Number(who?.ro ?? 0) === 1;
  const mayAlter = await accountMayAlter(k, account, database);
  return {
    indexes,
    canChange: mayAlter && !readOnly,
    blockedBy: !mayAlter ? 'privileges' : readOnly ? 'read-only' : null,
    account,
    database,
  };
}

/** Just the indexes (bench, tests). */
export async function perfIndexStatus(k: Knex): Promise<PerfIndex[]> {
  return (await perfIndexReport(k)).indexes;
}

async function assertMayChange(k: Knex): Promise<PerfIndexReport> {
  const r = await perfIndexReport(k);
  if (!r.canChange) {
    const at = r.account.lastIndexOf('@');
    throw new AppError('DB_ACCESS_DENIED', {
      user: r.account,
      database: r.database,
      detail:
        r.blockedBy === 'read-only'
          ? 'The database server is read-only (read_only = ON).'
          : `Creating or dropping the optional indexes needs: GRANT ALTER, INDEX ON \`${r.database}\`.* TO '${r.account.slice(0, at)}'@'${r.account.slice(at + 1)}'`,
    });
  }
  return r;
}

/**
 * Runs one DDL statement on a dedicated connection; on abort, `KILL QUERY` stops it server-side
 * (an online ALTER rolls back cleanly). While it runs, MariaDB's PROCESSLIST.PROGRESS gives the
 * statement's own percentage.
 */
async function runDdl(
  k: Knex,
  sql: string,
  bindings: readonly string[],
  signal: AbortSignal,
  onPercent: (pct: number) => void,
): Promise<void> {
  signal.throwIfAborted();
  const conn: unknown = await k.client.acquireConnection();
  try {
    const [idRow] = rowsOf<{ id: number }>(await k.raw('SELECT CONNECTION_ID() AS id').connection(conn));
    const id = Number(idRow!.id);
    const kill = () => void k.raw('KILL QUERY ?', [id]).catch(() => undefined);
    signal.addEventListener('abort', kill, { once: true });
    const timer = setInterval(() => {
      k.raw('SELECT PROGRESS AS p FROM information_schema.PROCESSLIST WHERE ID = ?', [id])
        .then((r) => {
          const p = rowsOf<{ p: number | null }>(r)[0]?.p;
          if (p != null) onPercent(Number(p));
        })
        .catch(() => undefined);
    }, 500);
    try {
      await k.raw(sql, bindings).connection(conn);
    } catch (e) {
      if (signal.aborted) throw new AppError('JOB_CANCELLED');
      throw e;
    } finally {
      clearInterval(timer);
      signal.removeEventListener('abort', kill);
    }
  } finally {
    await k.client.releaseConnection(conn);
  }
}

/**
 * Indexes grouped by table, in list order: one ALTER per table. Each online ALTER takes an exclusive
 * metadata lock for an instant when it starts and when it commits; a comm-server inventory whose
 * transaction already read that table at that instant is chosen as MariaDB's deadlock victim (the
 * agent gets HTTP 500 and sends again at its next contact). One statement per table, not per index,
 * halves those instants (docs/schema-compat.md "Optional indexes").
 */
function byTable<T extends { table: string }>(list: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const i of list) groups.set(i.table, [...(groups.get(i.table) ?? []), i]);
  return [...groups.values()];
}

/** Creates the missing ones (online DDL: ALGORITHM=INPLACE, LOCK=NONE, so the comm server keeps writing). */
export async function createPerfIndexes(
  k: Knex,
  progress: (done: number, total: number, note: string) => void,
  signal: AbortSignal,
): Promise<string[]> {
  const groups = byTable((await assertMayChange(k)).indexes.filter((i) => !i.present));
  // Progress in per-mille of the estimated work, so a big software index weighs what it costs.
  const weights = groups.map((g) => g.reduce((sum, i) => sum + Math.max(1, i.tableRows ?? 1), 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const scale = (w: number) => Math.round((1000 * w) / total);
  const created: string[] = [];
  let before = 0;
  try {
    for (const [n, g] of groups.entries()) {
      const names = g.map((i) => `${g[0]!.table}.${i.name}`);
      const note = names.join(', ');
      progress(scale(before), 1000, note);
      const clauses = g.map((i) => `ADD INDEX ?? (${i.columns.map(() => '??').join(', ')})`).join(', ');
      await runDdl(
        k,
        `ALTER TABLE ?? ${clauses}, ALGORITHM=INPLACE, LOCK=NONE`,
        [g[0]!.table, ...g.flatMap((i) => [i.name, ...i.columns])],
        signal,
        (pct) => progress(scale(before + (weights[n]! * pct) / 100), 1000, note),
      );
      before += weights[n]!;
      created.push(...names);
    }
  } finally {
    invalidateSchemaInfo(k);
  }
  progress(1000, 1000, 'done');
  return created;
}

/** Drops the present ones (metadata-only in InnoDB; OCS never uses them), one statement per table. */
export async function dropPerfIndexes(
  k: Knex,
  progress: (done: number, total: number, note: string) => void,
  signal: AbortSignal,
): Promise<string[]> {
  const groups = byTable((await assertMayChange(k)).indexes.filter((i) => i.present));
  const dropped: string[] = [];
  try {
    for (const [n, g] of groups.entries()) {
      const names = g.map((i) => `${g[0]!.table}.${i.name}`);
      progress(n, groups.length, names.join(', '));
      await runDdl(
        k,
        `ALTER TABLE ?? ${g.map(() => 'DROP INDEX ??').join(', ')}, ALGORITHM=INPLACE, LOCK=NONE`,
        [g[0]!.table, ...g.map((i) => i.name)],
        signal,
        () => undefined,
      );
      dropped.push(...names);
    }
  } finally {
    invalidateSchemaInfo(k);
  }
  progress(groups.length, groups.length, 'done');
  return dropped;
}
