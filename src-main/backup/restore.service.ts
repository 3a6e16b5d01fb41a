import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Knex } from 'knex';
import type { RestoreResult, RestoreTarget, TableCheck } from '../../shared/contract/backup';
import { createSiblingPool, type DbHandle } from '../platform/db/connect';
import { mapDbError } from '../platform/db/mysql-errors';
import { holdCompactHeap } from '../platform/memory/heap-growth';
import { AppError } from '../platform/errors';
import { fsError } from '../platform/files/atomic';
import type { JobCtl } from './backup.service';
import { deferSecondaryKeys } from './deferred-keys';
import { hashTable } from './dump-builtin';
import { parseTagged, RESTORE_MARKER, type DumpHeader, type Manifest } from './dump-format';
import { insertTarget, rowsOfInsert } from './insert-rows';
import { HeldConnection } from './raw-connection';
import { quoteIdent } from './sql-values';
import { StatementSplitter, statementHead } from './statement-splitter';

interface RawConn {
  query(sql: string, cb: (err: unknown, rows?: unknown) => void): void;
  destroy(): void;
  config: { charsetNumber: number };
}

/** MySQL's `binary` character set: the driver then writes a latin1-decoded string byte for byte. */
const BINARY_CHARSET = 63;

function run(conn: RawConn, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.query(sql, (err) => (err ? reject(err) : resolve())));
}

/**
 * mysql2 follows the server's session tracking and switches its own encoding after the dump's
 * `SET NAMES utf8mb4`, and a queued statement is encoded when it starts: the link's character set is
 * pinned to `binary`, so the dump's bytes always go out unchanged. (The link is closed after the restore.)
 */
function pinBinary(conn: RawConn): void {
  Object.defineProperty(conn.config, 'charsetNumber', {
    get: () => BINARY_CHARSET,
    set: () => undefined,
    configurable: true,
  });
}

/** The link's own max_allowed_packet (the session copy of the global value when it connected). */
function packetOf(conn: RawConn): Promise<number> {
  return new Promise((resolve, reject) =>
    conn.query('SELECT @@SESSION.max_allowed_packet AS p', (err, rows) =>
      err ? reject(err) : resolve(Number((rows as Array<{ p: number | string }>)[0]?.p ?? 0)),
    ),
  );
}

const MiB = 1024 * 1024;
function human(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/**
 * What to set for a file whose largest statement has `largest` bytes: whole MiB with room for the
 * packet header, never below the 16 MiB most servers default to.
 */
export function packetNeeded(largest: number): number {
  return Math.max(16, Math.ceil((largest + 64 * 1024) / MiB)) * MiB;
}

/** Statements a dump may hold that would act outside the chosen database: skipped. */
const OUTSIDE = /^(?:\/\*M?!\d*\s*)?(?:(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\b|USE\s)/i;
const CREATE_TABLE = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`((?:[^`]|``)+)`/i;

async function targetTables(k: Knex, database: string): Promise<string[]> {
  const [rows] = (await k.raw(
    'SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
    [database],
  )) as [Array<{ n: string }>];
  return rows.map((r) => r.n);
}

async function checkFile(file: string): Promise<{ size: number; gzip: boolean }> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new AppError('FILE_INVALID', { path: file, reason: 'not a regular file' });
    const fh = await open(file, 'r');
    try {
      const head = Buffer.alloc(2);
      await fh.read(head, 0, 2, 0);
      return { size: s.size, gzip: head[0] === 0x1f && head[1] === 0x8b };
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw fsError(e, file);
  }
}

/** Whether `database` exists, how many tables it holds (the marker left out), and whether it is marked unfinished. */
export async function restoreTarget(db: DbHandle, database: string): Promise<RestoreTarget> {
  const [schemas] = (await db.knex.raw(
    'SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    [database],
  )) as [Array<{ n: string }>];
  const names = await targetTables(db.knex, database);
  return {
    database,
    exists: schemas.length > 0,
    tables: names.filter((n) => n !== RESTORE_MARKER).length,
    incomplete: names.includes(RESTORE_MARKER),
  };
}

/**
 * Replays a dump (OCS Desk's, mysqldump's, or another DELIMITER-free SQL dump; gzip or plain) into a
 * database of the connected server, then checks it against the manifest. The marker table
 * `ocsdesk_restore_incomplete` is created before anything else and dropped only after a passing
 * check: a cancelled, killed or failed restore leaves the target visibly unfinished.
 */
export async function restoreBackup(
  db: DbHandle,
  input: { file: string; database: string; confirmOverwrite?: string },
  ctl: JobCtl,
): Promise<RestoreResult> {
  const started = Date.now();
  const file = path.resolve(input.file);
  const target = input.database;
  const { size, gzip } = await checkFile(file);
  const admin = await createSiblingPool(db.jobs, { max: 2, database: null });
  const link = await createSiblingPool(db.jobs, { max: 1, database: null, charset: 'binary' });
  if (!admin || !link) throw new AppError('DB_NOT_CONNECTED');
  let conn: RawConn | null = null;
  // Peak memory must not grow with the file: V8 would otherwise raise its heap limit as a long restore runs.
  const releaseHeap = holdCompactHeap();
  try {
    const existing = (await targetTables(admin, target)).filter((n) => n !== RESTORE_MARKER);
    if (existing.length && input.confirmOverwrite !== target) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'confirmOverwrite',
        detail: `database ${target} already holds ${existing.length} tables; type its name (${target}) to confirm that they are replaced, or choose a new database`,
      });
    }
    conn = (await link.client.acquireConnection()) as RawConn;
    const c = conn;
    pinBinary(c);
    const packet = await packetOf(c);
    const kill = () => c.destroy();
    ctl.signal.addEventListener('abort', kill, { once: true });
    let header: DumpHeader | null = null;
    let manifest: Manifest | null = null;
    let mysqldump: 'start' | 'end' | null = null;
    const splitter = new StatementSplitter((comment) => {
      const t = parseTagged(comment);
      if (!t) return;
      if ('header' in t) header = t.header;
      else if ('manifest' in t) manifest = t.manifest;
      else mysqldump = t.mysqldump;
    });
    let prepared = false;
    const prepare = async () => {
      prepared = true;
      const h = header as DumpHeader | null;
      const cs = h && /^\w+$/.test(h.charset) && /^\w+$/.test(h.collation);
      await run(
        c,
        `CREATE DATABASE IF NOT EXISTS ${quoteIdent(target)}${cs ? ` CHARACTER SET ${h.charset} COLLATE ${h.collation}` : ''}`,
      );
      await run(c, `USE ${quoteIdent(target)}`);
      await run(c, 'SET NAMES utf8mb4');
      await run(c, "SET SESSION time_zone = '+00:00', SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
      await run(c, 'SET SESSION foreign_key_checks = 0, SESSION unique_checks = 0');
      // The marker first, so that whatever happens next the target says it is unfinished.
      await run(c, `DROP TABLE IF EXISTS ${quoteIdent(RESTORE_MARKER)}`);
      await run(
        c,
        `CREATE TABLE ${quoteIdent(RESTORE_MARKER)} (started_at DATETIME NOT NULL, source VARCHAR(1024) NOT NULL, note VARCHAR(255) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      );
      await run(
        c,
        `INSERT INTO ${quoteIdent(RESTORE_MARKER)} VALUES (UTC_TIMESTAMP(), ${sqlString(file)}, 'restore running; drop this database or restore again')`,
      );
      for (const [n, t] of (await tableKinds(admin, target)).entries()) {
        if (n === RESTORE_MARKER) continue;
        await run(c, `DROP ${t === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(n)}`);
      }
    };

    const counted = new Map<string, number>();
    let statements = 0;
    let bytesRead = 0;
    let note = 'starting';
    // A statement the server would refuse (it drops the connection with a bare error) is never sent:
    // the rest of the file is only measured, so the error can say what max_allowed_packet to set.
    let tooLarge: { bytes: number; table: string } | null = null;
    let largest = 0;
    const source = createReadStream(file, { highWaterMark: 256 * 1024 });
    source.on('data', (d) => {
      bytesRead += d.length;
    });
    const stream = gzip ? source.pipe(createGunzip()) : source;
    source.on('error', (e) => stream.destroy(e));
    let inFlight: Promise<void> | null = null;
    const settle = async () => {
      const p = inFlight;
      inFlight = null;
      try {
        await p;
      } catch (e) {
        if (ctl.signal.aborted) throw new AppError('JOB_CANCELLED');
        throw mapDbError(e, { ...db.target, database: target });
      }
    };
    /** Two statements in flight: the driver queues this one while the server runs the previous,
     * so the server never waits for the file to be read and split. */
    const send = async (sql: string) => {
      const sent = run(c, sql);
      sent.catch(() => undefined);
      await settle();
      inFlight = sent;
    };
    // The secondary keys of the table being loaded, added once its rows are in (deferred-keys.ts).
    let pendingKeys: string | null = null;
    const keysAfterRows: string[] = [];
    const addPendingKeys = async () => {
      if (!pendingKeys) return;
      const alter = pendingKeys;
      pendingKeys = null;
      ctl.progress(bytesRead, size, `${note} (keys)`);
      await send(alter);
    };
    const apply = async (sts: ReturnType<StatementSplitter['push']>) => {
      for (const st of sts) {
        if (ctl.signal.aborted) throw new AppError('JOB_CANCELLED');
        const head = statementHead(st.sql);
        if (OUTSIDE.test(head)) continue;
        largest = Math.max(largest, st.sql.length);
        if (tooLarge) continue;
        if (!prepared) {
          // An OCS Desk file says its largest statement in its head: refused before anything is created.
          const need = (header as DumpHeader | null)?.largestStatement;
          if (packet > 0 && need != null && need + 1 > packet) {
            throw new AppError('DB_PACKET_TOO_LARGE', {
              context: 'restore_file',
              bytes: human(need),
              packet: human(packet),
              need: `${packetNeeded(need) / MiB}M`,
              sql: `SET GLOBAL max_allowed_packet = ${packetNeeded(need)}`,
              largest: need,
            });
          }
          await prepare();
        }
        const created = CREATE_TABLE.exec(head);
        if (created) {
          const name = created[1]!.replace(/``/g, '`');
          counted.set(name, counted.get(name) ?? 0);
          note = name;
        }
        const into = insertTarget(head);
        if (packet > 0 && st.sql.length + 1 > packet) {
          tooLarge = { bytes: st.sql.length, table: into ?? note };
          continue;
        }
        if (into) counted.set(into, (counted.get(into) ?? 0) + rowsOfInsert(st, head));
        let sql = st.sql.toString('latin1');
        // A view's DEFINER (mysqldump writes it) would need SUPER: the restoring account defines it.
        if (st.sql.length < 65536 && /^(?:\/\*!\d+\s*)?CREATE\b/i.test(head))
          sql = sql.replace(/\bDEFINER\s*=\s*(?:`[^`]*`|'[^']*'|\w+)@(?:`[^`]*`|'[^']*'|[\w.%-]+)/gi, '');
        // The previous table's rows are all in (and committed) when the next object is dropped or created.
        if (!into && /^(?:\/\*!\d+\s*)?(?:DROP|CREATE)\b/i.test(head)) await addPendingKeys();
        if (created) {
          const d = deferSecondaryKeys(created[1]!.replace(/``/g, '`'), sql);
          sql = d.create;
          pendingKeys = d.alter;
          if (d.alter) keysAfterRows.push(created[1]!.replace(/``/g, '`'));
        }
        await send(sql);
        statements++;
        ctl.progress(bytesRead, size, note);
      }
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) await apply(splitter.push(chunk));
      await apply(splitter.end());
      if (!tooLarge) await addPendingKeys();
      await settle();
    } catch (e) {
      if (ctl.signal.aborted) throw new AppError('JOB_CANCELLED');
      if (e instanceof AppError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE')
        throw new AppError('FILE_INVALID', { path: file, reason: 'the gzip data is damaged or cut short' });
      throw mapDbError(e, { ...db.target, database: target });
    } finally {
      source.destroy();
    }
    // A mysqldump --no-autocommit file may leave it off: the marker's updates below must commit.
    if (prepared) await run(c, 'SET autocommit = 1');
    const big = tooLarge as { bytes: number; table: string } | null;
    if (big) {
      await run(
        c,
        `UPDATE ${quoteIdent(RESTORE_MARKER)} SET note = 'stopped: a statement is larger than max_allowed_packet'`,
      ).catch(() => undefined);
      const need = packetNeeded(Math.max(largest, (manifest as Manifest | null)?.largestStatement ?? 0));
      throw new AppError('DB_PACKET_TOO_LARGE', {
        context: 'restore',
        bytes: `${big.bytes} bytes`,
        table: big.table,
        packet: human(packet),
        need: `${need / MiB}M`,
        sql: `SET GLOBAL max_allowed_packet = ${need}`,
        largest,
      });
    }
    if (!prepared) throw new AppError('FILE_INVALID', { path: file, reason: 'no SQL statement in it' });
    const h = header as DumpHeader | null;
    const m = manifest as Manifest | null;
    const cut = splitter.open
      ? 'it ends inside a quoted string'
      : h && !m
        ? 'the OCS Desk manifest at its end is missing'
        : mysqldump === 'start'
          ? 'the "Dump completed" line at its end is missing'
          : null;
    if (cut) {
      throw new AppError('FILE_INVALID', { path: file, reason: `the backup was cut short (${cut})` });
    }
    ctl.signal.removeEventListener('abort', kill);

    ctl.progress(size, size, 'checking');
    const check = await checkRestored(admin, target, m, counted, ctl.signal);
    if (check.ok) await run(c, `DROP TABLE ${quoteIdent(RESTORE_MARKER)}`);
    else {
      await run(
        c,
        `UPDATE ${quoteIdent(RESTORE_MARKER)} SET note = 'restored, but the check against the manifest failed'`,
      );
    }
    return {
      database: target,
      file,
      origin: h ? 'ocsdesk' : mysqldump ? 'mysqldump' : 'sql',
      statements,
      tables: check.tables.length,
      rows: check.tables.reduce((n, t) => n + t.rows, 0),
      durationMs: Date.now() - started,
      keysAfterRows,
      check,
      complete: check.ok,
    };
  } finally {
    if (conn) {
      // A cancelled restore's socket is already closed; otherwise the link is simply given back.
      await link.client.releaseConnection(conn).catch(() => undefined);
    }
    await Promise.allSettled([link.destroy(), admin.destroy()]);
    releaseHeap();
  }
}

async function tableKinds(k: Knex, database: string): Promise<Map<string, string>> {
  const [rows] = (await k.raw(
    'SELECT TABLE_NAME AS n, TABLE_TYPE AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [database],
  )) as [Array<{ n: string; t: string }>];
  return new Map(rows.map((r) => [r.n, r.t]));
}

/** A string literal for the marker row (the file path), escaped like any value the dump writes. */
function sqlString(s: string): string {
  return "'" + s.replace(/[\\']/g, (ch) => '\\' + ch).slice(0, 1000) + "'";
}

/** Row counts and hashes of the restored tables against the manifest (or the counts read from the dump). */
async function checkRestored(
  admin: Knex,
  target: string,
  manifest: Manifest | null,
  counted: Map<string, number>,
  signal: AbortSignal,
): Promise<RestoreResult['check']> {
  const held = await HeldConnection.acquire(admin);
  let broken = true;
  try {
    await held.exec(`USE ${quoteIdent(target)}`);
    await held.exec("SET SESSION time_zone = '+00:00'");
    const expected: Array<{ name: string; rows: number; hash: string | null }> = manifest
      ? manifest.tables.filter((t) => t.kind === 'table')
      : [...counted].map(([name, rows]) => ({ name, rows, hash: null }));
    const present = new Set(await targetTables(admin, target));
    const tables: TableCheck[] = [];
    for (const t of expected) {
      if (!present.has(t.name)) {
        tables.push({
          name: t.name,
          expectedRows: t.rows,
          rows: 0,
          expectedHash: t.hash,
          hash: null,
          ok: false,
        });
        continue;
      }
      const h = await hashTable(held, t.name, signal, manifest?.rowHash ?? 'md5');
      const hash = h.hex();
      tables.push({
        name: t.name,
        expectedRows: t.rows,
        rows: h.rows,
        expectedHash: t.hash,
        hash,
        ok: h.rows === t.rows && (t.hash === null || t.hash === hash),
      });
    }
    broken = false;
    const hashes = manifest?.tables.some((t) => t.hash !== null);
    return {
      compared: expected.length === 0 ? 'none' : hashes ? 'rows-and-hashes' : 'rows',
      ok: tables.every((t) => t.ok),
      tables,
    };
  } finally {
    await held.release(broken).catch(() => undefined);
  }
}
