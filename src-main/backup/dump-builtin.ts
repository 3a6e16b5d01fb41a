import type { ManifestTable } from '../../shared/contract/backup';
import { AppError } from '../platform/errors';
import type { BackupWriter } from './backup-file';
import type { HeldConnection } from './raw-connection';
import type { SourceFacts, SourceTable } from './source-tables';
import { quoteIdent, valueKind, type ValueKind } from './sql-values';
import { ROW_HASH, RowsHash, TupleEncoder, type RowHashKind } from './tuple-encoder';

export interface DumpProgress {
  (rowsDone: number, note: string): void;
}

export interface DumpOutcome {
  manifest: ManifestTable[];
  rows: number;
  largestStatement: number;
}

/** INSERT size: well under the server's max_allowed_packet, and what mysqldump writes by default (1 MiB). */
export function statementBudget(maxAllowedPacket: number): number {
  const cap = 1024 * 1024;
  return maxAllowedPacket > 0 ? Math.max(16 * 1024, Math.min(cap, Math.floor(maxAllowedPacket / 2))) : cap;
}

/**
 * Streams every table of the held connection's snapshot into the writer: DROP + CREATE (from SHOW
 * CREATE TABLE), then multi-row INSERTs cut under the statement budget, hashing each row tuple as it
 * is written (the manifest). The caller has started the transaction snapshot on `c`.
 */
export async function dumpTables(
  c: HeldConnection,
  facts: SourceFacts,
  w: BackupWriter,
  signal: AbortSignal,
  progress: DumpProgress,
): Promise<DumpOutcome> {
  const budget = statementBudget(facts.maxAllowedPacket);
  const manifest: ManifestTable[] = [];
  let rowsDone = 0;
  let largest = 0;
  const base = facts.tables.filter((t) => t.kind === 'table');
  const views = facts.tables.filter((t) => t.kind === 'view');
  for (const [i, t] of base.entries()) {
    signal.throwIfAborted();
    const note = `${t.name} (${i + 1}/${base.length})`;
    progress(rowsDone, note);
    const [def] = await c.rows<Record<string, string>>(`SHOW CREATE TABLE ${quoteIdent(t.name)}`);
    const create = def?.['Create Table'];
    if (!create)
      throw new AppError('DB_QUERY_FAILED', { detail: `SHOW CREATE TABLE ${t.name} gave nothing` });
    await w.write(
      `--\n-- Table ${quoteIdent(t.name)}\n--\n\nDROP TABLE IF EXISTS ${quoteIdent(t.name)};\n${create};\n\n`,
    );
    const r = await dumpRows(c, t, w, budget, signal, (n) => {
      if (n % 2000 === 0) progress(rowsDone + n, note);
    });
    rowsDone += r.hash.rows;
    largest = Math.max(largest, r.largest);
    manifest.push({ name: t.name, kind: 'table', engine: t.engine, rows: r.hash.rows, hash: r.hash.hex() });
  }
  for (const v of views) {
    signal.throwIfAborted();
    const [def] = await c.rows<Record<string, string>>(`SHOW CREATE VIEW ${quoteIdent(v.name)}`);
    // Without DEFINER / SQL SECURITY: restoring a view must not need the SUPER privilege.
    const body = (def?.['Create View'] ?? '').replace(/^CREATE\s.*?\bVIEW\s/is, 'CREATE OR REPLACE VIEW ');
    await w.write(`DROP TABLE IF EXISTS ${quoteIdent(v.name)};\n${body};\n\n`);
    manifest.push({ name: v.name, kind: 'view', engine: null, rows: 0, hash: null });
  }
  return { manifest, rows: rowsDone, largestStatement: largest };
}

/** Column kinds from the server's metadata of a result (the same on dump and check). */
export function kindsOf(fields: ReadonlyArray<{ columnType?: number; characterSet?: number }>): ValueKind[] {
  return fields.map(valueKind);
}

/**
 * A table's INSERTs go in one transaction, as `mysqldump --no-autocommit` writes them: one commit
 * (one log flush) per table instead of one per statement, and MariaDB (10.6+) then loads an empty
 * table in bulk (no undo record per row) when unique and foreign key checks are off, as the preamble
 * sets them. It helps the stock client's restore as much as OCS Desk's.
 */
const BEGIN = Buffer.from('SET autocommit=0;\n');
const COMMIT = Buffer.from('COMMIT;\n');

/**
 * One table's rows as multi-row INSERTs: each tuple is encoded straight into the statement being
 * built (one buffer of `budget` bytes, handed to gzip whole when the next tuple would not fit), and
 * hashed there. Rows come synchronously from the driver; only a full gzip buffer pauses it.
 */
async function dumpRows(
  c: HeldConnection,
  t: SourceTable,
  w: BackupWriter,
  budget: number,
  signal: AbortSignal,
  onRow: (n: number) => void,
): Promise<{ hash: RowsHash; largest: number }> {
  const cols = t.columns.map(quoteIdent).join(',');
  const head = Buffer.from(`INSERT INTO ${quoteIdent(t.name)} (${cols}) VALUES `);
  const hash = new RowsHash(ROW_HASH);
  let enc: TupleEncoder | null = null;
  let stmt = Buffer.allocUnsafe(budget);
  let len = 0;
  let largest = 0;
  /** Ends the statement `buf[0, n)` and hands it to gzip (which holds the buffer until compressed). */
  const finish = (buf: Buffer, n: number): boolean => {
    if (largest === 0) w.push(BEGIN);
    buf[n++] = 0x3b; // ;
    buf[n++] = 0x0a;
    largest = Math.max(largest, n);
    return w.push(buf.subarray(0, n));
  };
  /** A new statement buffer holding the head and the tuple `src[from, to)` (a larger row goes alone). */
  const restart = (src: Buffer, from: number, to: number) => {
    stmt = Buffer.allocUnsafe(Math.max(budget, head.length + (to - from) + 2));
    len = head.copy(stmt, 0);
    len += src.copy(stmt, len, from, to);
  };
  await c.eachRow(
    `SELECT ${cols} FROM ${quoteIdent(t.name)}`,
    (fields) => (enc = new TupleEncoder(kindsOf(fields))),
    (row) => {
      if (signal.aborted) throw new AppError('JOB_CANCELLED');
      const e = enc!;
      let ready = true;
      // Where the tuple goes: after the head of a new statement, or after the comma.
      const at = len === 0 ? head.length : len + 1;
      if (at + e.worstCase(row) + 2 <= stmt.length) {
        if (len === 0) head.copy(stmt, 0);
        const end = e.encodeInto(row, stmt, at);
        hash.add(stmt, at, end);
        if (len > 0 && end + 2 > budget) {
          // Over the budget: the tuple opens the next statement (copied before `;` lands on it).
          const full = stmt;
          const n = len;
          restart(full, at, end);
          ready = finish(full, n);
        } else {
          if (len > 0) stmt[len] = 0x2c; // ,
          len = end;
        }
      } else {
        // Even its worst case does not fit in what is left: encoded apart, then copied.
        const tup = e.encode(row);
        hash.add(tup);
        if (len === 0) restart(tup, 0, tup.length);
        else if (len + tup.length + 3 > budget) {
          const full = stmt;
          const n = len;
          restart(tup, 0, tup.length);
          ready = finish(full, n);
        } else {
          stmt[len++] = 0x2c; // ,
          len += tup.copy(stmt, len);
        }
      }
      onRow(hash.rows);
      return ready ? undefined : w.drained();
    },
  );
  if (len > 0 && !finish(stmt, len)) await w.drained();
  if (largest > 0) await w.write(COMMIT);
  return { hash, largest };
}

/** Recomputes a restored table's row count and hash, reading it exactly as the dump did. */
export async function hashTable(
  c: HeldConnection,
  table: string,
  signal: AbortSignal,
  kind: RowHashKind,
): Promise<RowsHash> {
  const cols = await c.rows<{ c: string; x: string | null }>(
    `SELECT COLUMN_NAME AS c, EXTRA AS x FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const list = cols
    .filter((r) => !(r.x && /GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(r.x)))
    .map((r) => quoteIdent(r.c))
    .join(',');
  const hash = new RowsHash(kind);
  let enc: TupleEncoder | null = null;
  await c.eachRow(
    `SELECT ${list} FROM ${quoteIdent(table)}`,
    (fields) => (enc = new TupleEncoder(kindsOf(fields))),
    (row) => {
      if (signal.aborted) throw new AppError('JOB_CANCELLED');
      hash.add(enc!.encode(row));
    },
  );
  return hash;
}
