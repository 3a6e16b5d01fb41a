import type { ManifestTable } from '../../shared/contract/backup';
import { AppError } from '../platform/errors';
import type { BackupWriter } from './backup-file';
import type { HeldConnection } from './raw-connection';
import type { SourceFacts, SourceTable } from './source-tables';
import { quoteIdent, RowsHash, tuple, valueKind, type ValueKind } from './sql-values';

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
  const hash = new RowsHash();
  let kinds: ValueKind[] = [];
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let largest = 0;
  const flush = async () => {
    if (!batch.length) return;
    const stmt = Buffer.concat([head, ...batch.flatMap((b, i) => (i ? [COMMA, b] : [b])), END]);
    largest = Math.max(largest, stmt.length);
    batch = [];
    batchBytes = 0;
    await w.write(stmt);
  };
  for await (const item of c.stream(`SELECT ${cols} FROM ${quoteIdent(t.name)}`)) {
    if ('fields' in item) {
      kinds = kindsOf(item.fields);
      continue;
    }
    if (signal.aborted) throw new AppError('JOB_CANCELLED');
    const tup = tuple(item.row, kinds);
    hash.add(tup);
    if (batch.length && head.length + batchBytes + tup.length + 2 > budget) await flush();
    batch.push(tup);
    batchBytes += tup.length + 1;
    onRow(hash.rows);
  }
  await flush();
  return { hash, largest };
}

const COMMA = Buffer.from(',');
const END = Buffer.from(';\n');

/** Recomputes a restored table's row count and hash, reading it exactly as the dump did. */
export async function hashTable(c: HeldConnection, table: string, signal: AbortSignal): Promise<RowsHash> {
  const cols = await c.rows<{ c: string; x: string | null }>(
    `SELECT COLUMN_NAME AS c, EXTRA AS x FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const list = cols
    .filter((r) => !(r.x && /GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(r.x)))
    .map((r) => quoteIdent(r.c))
    .join(',');
  const hash = new RowsHash();
  let kinds: ValueKind[] = [];
  for await (const item of c.stream(`SELECT ${list} FROM ${quoteIdent(table)}`)) {
    if ('fields' in item) {
      kinds = kindsOf(item.fields);
      continue;
    }
    if (signal.aborted) throw new AppError('JOB_CANCELLED');
    hash.add(tuple(item.row, kinds));
  }
  return hash;
}
