import { APP_VERSION } from '../app/version';
import { AppError } from '../platform/errors';
import { computerLockedSql, releaseLockSql, takeLock, type Writer } from '../platform/ocs/comm-procedures';
import { escapeId } from 'mysql2';
import {
  approxBytes,
  chunkBySize,
  rowsOf,
  selectMany,
  sqlValue,
  StatementBatch,
  type Sql,
} from './db-helpers';
import { duplicateReads, mergeDuplicates } from './offline-duplicates';
import {
  CHECKSUM_MAX_VALUE,
  HARDWARE_NUMBER_FIELDS,
  HARDWARE_TEXT_FIELDS,
  SECTIONS,
  SOFTWARE_NUMBER_FIELDS,
  SOFTWARE_TEXT_FIELDS,
  type SectionDef,
} from './ocs-map';
import { invalid, type Inventory, type Row } from './ocs-reader';
import type { DbFacts } from './server-config';

/**
 * Server-derived hardware columns for an import (both modes send/write the same):
 * - USERAGENT: contains "local" like the old console's `OCS_local_<ver>`, so the comm server treats the
 *   server-mode POST as a local import (OCS_DB_LOCAL, no ipdiscover election) and an admin can tell
 *   imported computers from agent-sent ones.
 * - IPSRC (offline): 127.0.0.1, what the console's import produced (it posted to the comm server on
 *   localhost); IPADDR follows the server's rule with that address.
 */
export const IMPORT_USER_AGENT = `OCS-Desk_local_v${APP_VERSION}`;
export const OFFLINE_IPSRC = '127.0.0.1';

export interface WriteResult {
  hardwareId: number;
  action: 'inserted' | 'updated';
  merged: number[];
}

type Trx = Sql;

/** The server's crude SQL filter (`verif_xml`): a value that, without spaces, holds `=(` and `)` becomes `1`. */
export function sanitize(v: string): string {
  // Without both '(' and ')' the value cannot match, spaces or not: most values, no copy.
  if (v.indexOf('(') === -1 || v.indexOf(')') === -1) return v;
  const s = v.replace(/ /g, '');
  return s.includes('=(') && s.includes(')') ? '1' : v;
}

/** The sections with every value sanitized; a row (or a section) with nothing to change is kept as it is. */
export function sanitizedSections(inv: Inventory): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const [name, rows] of inv.sections) {
    let copy: Row[] | null = null;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      let o: Row | null = null;
      for (const k in r) {
        const v = r[k]!;
        const c = sanitize(v);
        if (c !== v) {
          o ??= { ...r };
          o[k] = c;
        }
      }
      if (o) {
        copy ??= rows.slice();
        copy[i] = o;
      }
    }
    out.set(name, copy ?? rows);
  }
  return out;
}

/** `_get_bind_values`: missing, empty, `??`, N/A → fallback or ''. */
function bindValue(def: SectionDef, row: Row, field: string): string {
  const v = row[field];
  if (v !== undefined && v !== '' && v !== '??' && !/^N\/?A\n?$/.test(v)) return v;
  return def.fallback?.[field] ?? '';
}

/** Context of one batch: a session allowing multiple statements, and the lock that orders dictionary inserts. */
export interface WriterContext {
  facts: DbFacts;
  /**
   * The connection accepts several statements per round trip (dedicated import pool). Then the caller has
   * not begun the transaction: `START TRANSACTION` goes with the file's first reads, and the caller's
   * `commit` sends COMMIT with the file's last writes.
   */
  multi: boolean;
  /** Serialises the INSERT IGNOREs of new dictionary rows among the batch's files (no deadlock between them). */
  dictionaryLock: <T>(fn: () => Promise<T>) => Promise<T>;
  /** packetBudget() of the server's max_allowed_packet, read once per batch: no round trip is larger. */
  packetBudget: number;
}

/**
 * Multi-row INSERTs of `rows`, each under the round trip's budget, written as text with mysql2's escaping
 * (what a statement with one binding per value would send, without the placeholders' two passes).
 */
async function insertMany(
  b: StatementBatch,
  table: string,
  cols: string[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const head = `INSERT INTO ${escapeId(table)} (${cols.map((c) => escapeId(c)).join(',')}) VALUES `;
  const rowBytes = (r: unknown[]) => approxBytes('(),', r) + r.length * 2;
  for (const part of chunkBySize(rows, rowBytes, b.maxBytes - 4096, 500)) {
    const texts: string[] = new Array<string>(part.length);
    let bytes = head.length;
    for (let i = 0; i < part.length; i++) {
      const r = part[i]!;
      const vals: string[] = new Array<string>(r.length);
      for (let j = 0; j < r.length; j++) vals[j] = sqlValue(r[j]);
      texts[i] = `(${vals.join(',')})`;
      bytes += rowBytes(r);
    }
    await b.addText(head + texts.join(','), bytes);
  }
}

type DictKey = 'NAME' | 'PUBLISHER' | 'VERSION';
const DICTS: ReadonlyArray<{ key: DictKey; table: string; coll: keyof DbFacts['dictCollation'] }> = [
  { key: 'NAME', table: 'software_name', coll: 'name' },
  { key: 'PUBLISHER', table: 'software_publisher', coll: 'publisher' },
  { key: 'VERSION', table: 'software_version', coll: 'version' },
];
type DictIds = Record<DictKey, Map<string, number>>;
type DictTexts = Record<DictKey, string[]>;

/** Lookup queries of texts in the three dictionaries (one SELECT per part of at most 2,000 texts and `budget` bytes). */
interface DictLookup {
  queries: Array<[string, unknown[]]>;
  parts: string[][];
  keys: DictKey[];
}

function dictionaryLookup(facts: DbFacts, texts: DictTexts, budget: number): DictLookup | null {
  const q: DictLookup = { queries: [], parts: [], keys: [] };
  for (const d of DICTS) {
    const collation = facts.dictCollation[d.coll];
    const charset = collation.split('_')[0]!;
    // JSON escaping can double a character: count each text twice over.
    for (const part of chunkBySize(texts[d.key], (t) => approxBytes('"",', [t, t]), budget - 4096, 2000)) {
      q.queries.push([
        `SELECT j.i, d.ID FROM JSON_TABLE(?, '$[*]' COLUMNS(i FOR ORDINALITY, v TEXT PATH '$')) j
           JOIN ?? d ON d.?? = CONVERT(j.v USING ${charset}) COLLATE ${collation}`,
        [JSON.stringify(part), d.table, d.key],
      ]);
      q.parts.push(part);
      q.keys.push(d.key);
    }
  }
  return q.queries.length === 0 ? null : q;
}

/** `sets`: the rows of each lookup query, in order. */
function applyLookup(ids: DictIds, q: DictLookup, sets: unknown[][]): void {
  sets.forEach((rows, p) => {
    for (const r of rows as Array<{ i: number; ID: number }>)
      ids[q.keys[p]!].set(q.parts[p]![Number(r.i) - 1]!, Number(r.ID));
  });
}

const SOFTWARE_COLS = [
  'HARDWARE_ID',
  'NAME_ID',
  'PUBLISHER_ID',
  'VERSION_ID',
  'FOLDER',
  'COMMENTS',
  'FILENAME',
  'FILESIZE',
  'SOURCE',
  'GUID',
  'LANGUAGE',
  'INSTALLDATE',
  'BITSWIDTH',
];

function softwareRows(hid: number, softwares: Row[], ids: DictIds): unknown[][] {
  const rows: unknown[][] = [];
  for (const s of softwares) {
    const nameId = s.NAME === undefined ? 1 : ids.NAME.get(s.NAME);
    const pubId = s.PUBLISHER === undefined || s.PUBLISHER === '' ? 1 : ids.PUBLISHER.get(s.PUBLISHER);
    const verId = s.VERSION === undefined || s.VERSION === '' ? 1 : ids.VERSION.get(s.VERSION);
    // A text longer than the dictionary column never finds its row: the server's INSERT then fails (NULL id).
    if (nameId === undefined || pubId === undefined || verId === undefined) continue;
    rows.push([
      hid,
      nameId,
      pubId,
      verId,
      ...SOFTWARE_TEXT_FIELDS.slice(0, 3).map((f) => s[f] ?? ''),
      s.FILESIZE ?? '0',
      s.SOURCE ?? '0',
      s.GUID ?? '',
      s.LANGUAGE ?? '',
      s.INSTALLDATE ?? null,
      s.BITSWIDTH ?? '0',
    ]);
  }
  void SOFTWARE_NUMBER_FIELDS;
  return rows;
}

function distinctTexts(softwares: Row[]): DictTexts {
  const distinct = (key: DictKey) => {
    const seen = new Set<string>();
    for (const s of softwares) {
      const v = s[key];
      if (v !== undefined && v !== '') seen.add(v);
    }
    return [...seen];
  };
  return { NAME: distinct('NAME'), PUBLISHER: distinct('PUBLISHER'), VERSION: distinct('VERSION') };
}

/**
 * Creates the missing dictionary rows (first spelling in document order wins: one multi-row INSERT IGNORE
 * per dictionary, in document order) and looks them up, in one round trip when the session allows it.
 */
async function createMissing(trx: Trx, ctx: WriterContext, missing: DictTexts, ids: DictIds): Promise<void> {
  const stmts: Array<[string, readonly unknown[]]> = [];
  for (const d of DICTS) {
    for (const part of chunkBySize(
      missing[d.key],
      (t) => approxBytes('(?),', [t]),
      ctx.packetBudget - 4096,
      500,
    )) {
      stmts.push([
        `INSERT IGNORE INTO ?? (??) VALUES ${part.map(() => '(?)').join(',')}`,
        [d.table, d.key, ...part],
      ]);
    }
  }
  const q = dictionaryLookup(ctx.facts, missing, ctx.packetBudget);
  if (q) stmts.push(...q.queries);
  const sets = await selectMany(trx, ctx.multi, stmts, ctx.packetBudget);
  if (q) applyLookup(ids, q, sets.slice(sets.length - q.queries.length));
}

/** `INVENTORY_CACHE_REVALIDATE`: rebuilds the cache tables every N days (timestamp in engine_persistent). */
const CACHE_AGE_SQL =
  "SELECT UNIX_TIMESTAMP(NOW()) - IVALUE AS AGE FROM engine_persistent WHERE NAME = 'INVENTORY_CACHE_CLEAN_DATE'";

type CacheAge = Array<{ AGE: number | string }>;
/** Rows of CACHE_AGE_SQL older than INVENTORY_CACHE_REVALIDATE days, or none (never rebuilt). */
const cacheStale = (facts: DbFacts, age: CacheAge) =>
  age.length === 0 || Number(age[0]!.AGE) >= facts.options.cacheRevalidateDays * 86400;

/** Whether the inventory caches are due for their rebuild (INVENTORY_CACHE_REVALIDATE) as things stand. */
export async function cachesDue(k: Trx, facts: DbFacts): Promise<boolean> {
  return revalidating(facts) && cacheStale(facts, await rowsOf<CacheAge[number]>(k.raw(CACHE_AGE_SQL)));
}

const revalidating = (facts: DbFacts) =>
  facts.options.cacheEnabled && !!facts.options.cacheRevalidateDays && facts.tables.has('engine_persistent');

/** Rows of CACHE_AGE_SQL read with the file's first statements. */
export async function revalidateCaches(trx: Trx, facts: DbFacts, age: CacheAge): Promise<void> {
  if (!revalidating(facts) || !cacheStale(facts, age)) return;
  try {
    await trx.raw(
      "INSERT INTO engine_mutex (NAME, PID, TAG) VALUES ('INVENTORY_CACHE_REVALIDATE', ?, 'ALL')",
      [process.pid],
    );
  } catch {
    return; // another process is rebuilding
  }
  try {
    // Checked again under the mutex, with a locking read: engine_mutex is a MEMORY table, so a file
    // that rebuilt the caches frees it before its COMMIT, and a file that had read the age before then
    // would rebuild them a second time from the rows it sees (at concurrency 16 that dropped the NULL
    // row the serial comm server keeps). The locking read waits for that COMMIT and sees its date.
    if (!cacheStale(facts, await rowsOf<CacheAge[number]>(trx.raw(`${CACHE_AGE_SQL} FOR UPDATE`)))) return;
    const caches: Array<[string, string, string]> = [
      ['hardware_osname_cache', 'OSNAME', 'hardware'],
      ['registry_name_cache', 'NAME', 'registry'],
      ['registry_regvalue_cache', 'REGVALUE', 'registry'],
    ];
    for (const [cache, col, src] of caches) {
      if (!facts.tables.has(cache) || !facts.tables.has(src)) continue;
      await trx.raw('DELETE FROM ??', [cache]);
      await trx.raw('INSERT INTO ?? (??) SELECT DISTINCT ?? FROM ??', [cache, col, col, src]);
    }
    const upd = await trx.raw(
      "UPDATE engine_persistent SET IVALUE = UNIX_TIMESTAMP(NOW()) WHERE NAME = 'INVENTORY_CACHE_CLEAN_DATE'",
    );
    if (Number((upd as [{ affectedRows: number }])[0].affectedRows) === 0) {
      await trx.raw(
        "INSERT INTO engine_persistent (NAME, IVALUE) VALUES ('INVENTORY_CACHE_CLEAN_DATE', UNIX_TIMESTAMP(NOW()))",
      );
    }
  } finally {
    await trx.raw("DELETE FROM engine_mutex WHERE NAME = 'INVENTORY_CACHE_REVALIDATE' AND PID = ?", [
      process.pid,
    ]);
  }
}

/** `_cache('add')`: the value goes into the cache table unless an equal one is there (NULL always goes in). */
async function cacheAdd(
  b: StatementBatch,
  facts: DbFacts,
  table: string,
  col: string,
  value: string | null,
): Promise<void> {
  if (!facts.options.cacheEnabled || !facts.tables.has(table)) return;
  await b.add(
    'INSERT IGNORE INTO ?? (??) SELECT ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ?? WHERE ?? = ?)',
    [table, col, value, table, col, value],
  );
}

async function writeAccountInfo(
  b: StatementBatch,
  facts: DbFacts,
  hid: number,
  pairs: Row[],
  lost: boolean,
): Promise<void> {
  await b.add('INSERT IGNORE INTO accountinfo (HARDWARE_ID) VALUES (?)', [hid]);
  for (const col of facts.accountColumns) {
    let value: string | null | undefined;
    for (const p of pairs) if (p.KEYNAME === col) value = p.KEYVALUE ?? null;
    if (value !== undefined)
      await b.add('UPDATE accountinfo SET ?? = ? WHERE HARDWARE_ID = ?', [col, value, hid]);
  }
  if (lost) await b.add("UPDATE accountinfo SET TAG = 'LOST' WHERE HARDWARE_ID = ?", [hid]);
}

async function writeHardware(
  b: StatementBatch,
  hid: number,
  hw: Row,
  checksum: string | undefined,
  networks: Row[],
): Promise<void> {
  const num = (f: string) => hw[f] ?? '0';
  const txt = (f: string) => hw[f] ?? null;
  // IPADDR: the NETWORKS address equal to the client address, else HARDWARE/IPADDR.
  const ipaddr =
    networks.length > 0 && networks.some((n) => n.IPADDRESS === OFFLINE_IPSRC)
      ? OFFLINE_IPSRC
      : txt('IPADDR');
  const sets: string[] = [];
  const binds: unknown[] = [];
  const set = (col: string, v: unknown) => {
    sets.push(`${col} = ?`);
    binds.push(v);
  };
  set('USERAGENT', IMPORT_USER_AGENT);
  if (hw.LASTDATE !== undefined && hw.LASTDATE !== '1970-01-01') set('LASTDATE', hw.LASTDATE);
  else sets.push('LASTDATE = NOW()');
  sets.push('LASTCOME = NOW()');
  sets.push('CHECKSUM = (? | CHECKSUM | 1)');
  binds.push(checksum ?? String(CHECKSUM_MAX_VALUE));
  for (const f of HARDWARE_TEXT_FIELDS) set(f, txt(f));
  for (const f of HARDWARE_NUMBER_FIELDS) set(f, num(f));
  set('IPADDR', ipaddr);
  sets.push('ETIME = NULL');
  if (!/(system|localsystem)/i.test(hw.USERID ?? '')) set('USERID', txt('USERID'));
  set('IPSRC', OFFLINE_IPSRC);
  await b.add(`UPDATE hardware SET ${sets.join(', ')} WHERE ID = ?`, [...binds, hid]);
}

async function writeSections(
  b: StatementBatch,
  facts: DbFacts,
  hid: number,
  existed: boolean,
  sections: Map<string, Row[]>,
  checksum: string | undefined,
): Promise<void> {
  for (const def of SECTIONS) {
    const rows = sections.get(def.section);
    if (!rows || rows.length === 0 || !facts.tables.has(def.table)) continue;
    if (existed) {
      if (
        facts.options.inventoryDiff &&
        def.mask !== 0 &&
        checksum !== undefined &&
        (Number(checksum) & def.mask) === 0
      )
        continue;
      // Row-level "write diff" (INVENTORY_WRITE_DIFF) ends with the same rows as delete + insert; only IDs differ.
      if (def.delOnReplace) await b.add('DELETE FROM ?? WHERE HARDWARE_ID = ?', [def.table, hid]);
    }
    let values: unknown[][];
    if (!def.multi && rows.length > 1) {
      // Several elements of a single-row section: the server gets a list and binds every column as NULL.
      values = [[hid, ...def.fields.map(() => null)]];
    } else {
      values = (def.multi ? rows : rows.slice(0, 1)).map((r) => [
        hid,
        ...def.fields.map((f) => bindValue(def, r, f)),
      ]);
    }
    await insertMany(b, def.table, ['HARDWARE_ID', ...def.fields], values);
    for (const col of def.cached ?? []) {
      const i = def.fields.indexOf(col) + 1;
      for (const v of new Set(values.map((r) => r[i] as string | null))) {
        await cacheAdd(b, facts, `${def.table}_${col.toLowerCase()}_cache`, col, v);
      }
    }
  }
}

/**
 * Writes one inventory the way comm server 2.8.1 does (docs/ocs-compat 1.6, 2.5-2.8, 3.1), in the caller's
 * transaction, and commits it (`commit`, given the file's last writes to send with the COMMIT). The session
 * must already use sql_mode NO_ENGINE_SUBSTITUTION, SET NAMES utf8 and READ COMMITTED. Round trips (multi):
 * BEGIN and the first reads (hardware row, cache age, dictionaries) in one, the lock, the writes and the
 * duplicate checks in one, then COMMIT; a file with new dictionary texts inserts them and looks them up in
 * one more, and its software rows go with the COMMIT.
 */
export async function writeInventory(
  trx: Trx,
  ctx: WriterContext,
  inv: Inventory,
  path: string,
  writer: Writer,
  /** Hardware IDs locked in `locks` and not yet released (the caller unlocks them after a rollback). */
  held: number[],
  commit: (last: StatementBatch) => Promise<void>,
): Promise<WriteResult> {
  const { facts, multi } = ctx;
  const sections = sanitizedSections(inv);
  const hwRows = sections.get('HARDWARE') ?? [];
  if (hwRows.length > 1)
    throw invalid(path, 'repeated-hardware-section', 'the comm server answers 500 for this');
  const hw = hwRows[0] ?? {};
  const checksum = hw.CHECKSUM;
  if (checksum !== undefined && !/^\d{1,18}$/.test(checksum))
    throw invalid(path, 'bad-checksum', checksum.slice(0, 40));

  const softwares = sections.get('SOFTWARES') ?? [];
  const texts = distinctTexts(softwares);
  const lookup = dictionaryLookup(facts, texts, ctx.packetBudget);
  const reads: Array<[string, readonly unknown[]]> = [
    ['SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1', [inv.deviceId]],
  ];
  if (revalidating(facts)) reads.push([CACHE_AGE_SQL, []]);
  const lookupAt = reads.length;
  if (lookup) reads.push(...lookup.queries);
  // Multi: the computer's row (when new) and its lock go in the same round trip as the first reads, last,
  // so that a read failing before them leaves no `locks` row behind.
  if (multi) reads.push(...computerLockedSql(inv.deviceId, writer));
  // The transaction begins with the first reads (a round trip of its own in knex's transactions).
  const got = multi
    ? (await selectMany(trx, multi, [['START TRANSACTION', []], ...reads], ctx.packetBudget)).slice(1)
    : await selectMany(trx, multi, reads, ctx.packetBudget);
  const found = got[0] as Array<{ ID: number }>;
  type Ok = { affectedRows: number; insertId: number };
  const [created, lockTaken] = multi ? (got.slice(-2) as unknown as [Ok, Ok]) : [null, null];
  const age = (revalidating(facts) ? got[1] : []) as Array<{ AGE: number | string }>;
  const ids: DictIds = { NAME: new Map(), PUBLISHER: new Map(), VERSION: new Map() };
  if (lookup) applyLookup(ids, lookup, got.slice(lookupAt, lookupAt + lookup.queries.length));
  const missing: DictTexts = {
    NAME: texts.NAME.filter((t) => !ids.NAME.has(t)),
    PUBLISHER: texts.PUBLISHER.filter((t) => !ids.PUBLISHER.has(t)),
    VERSION: texts.VERSION.filter((t) => !ids.VERSION.has(t)),
  };
  const anyMissing = missing.NAME.length + missing.PUBLISHER.length + missing.VERSION.length > 0;

  let existed = found.length > 0;
  let hid: number;
  let locked = false;
  if (existed) hid = Number(found[0]!.ID);
  else if (created && Number(created.affectedRows) === 0) {
    // Another writer committed this DEVICEID between the SELECT and the INSERT: an existing computer now
    // (the one the lock statement chose).
    const [r] = await rowsOf<{ ID: number }>(
      trx.raw('SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1', [inv.deviceId]),
    );
    existed = true;
    hid = Number(r!.ID);
  } else if (created) hid = Number(created.insertId);
  else {
    const ins = (await trx.raw('INSERT INTO hardware (DEVICEID) VALUES (?)', [inv.deviceId])) as [
      { insertId: number },
    ];
    hid = Number(ins[0].insertId);
  }
  // A `locks` row already there (0 rows inserted): taken over when its writer is dead or it expired.
  if (lockTaken) locked = Number(lockTaken.affectedRows) > 0;
  if (!locked && !(await takeLock(trx, hid, writer))) {
    throw new AppError('CONFLICT', {
      what: 'device-locked',
      hardwareId: hid,
      detail: `computer ${hid} is locked by another writer (locks table)`,
    });
  }
  held.push(hid);
  const b = new StatementBatch(trx, multi, ctx.packetBudget);
  await b.add('DELETE FROM software WHERE HARDWARE_ID = ?', [hid]);
  if (revalidating(facts) && cacheStale(facts, age)) {
    await b.flush();
    await revalidateCaches(trx, facts, age);
  }
  await writeHardware(b, hid, hw, checksum, sections.get('NETWORKS') ?? []);
  await cacheAdd(b, facts, 'hardware_osname_cache', 'OSNAME', hw.OSNAME ?? null);
  const pairs = sections.get('ACCOUNTINFO') ?? [];
  if (!existed || facts.options.acceptTagUpdateFromClient)
    await writeAccountInfo(b, facts, hid, pairs, false);
  await writeSections(b, facts, hid, existed, sections, checksum);
  if (facts.options.download && facts.tables.has('download_history')) {
    await b.add('DELETE FROM download_history WHERE HARDWARE_ID = ?', [hid]);
    const pkgs = [...new Set(inv.packages)];
    await insertMany(
      b,
      'download_history',
      ['HARDWARE_ID', 'PKG_ID'],
      pkgs.map((id) => [hid, id]),
    );
  }
  if (!anyMissing) await insertMany(b, 'software', SOFTWARE_COLS, softwareRows(hid, softwares, ids));
  // The `locks` row (a MEMORY table: not transactional) is deleted with the last writes, just before
  // COMMIT, not after it: a process killed between COMMIT and its unlock would leave the computer locked
  // for LOCK_REUSE_TIME. Another writer that takes the lock meanwhile still waits for this COMMIT on the
  // InnoDB row locks.
  const unlock = async (batch: StatementBatch) => {
    await batch.add(...releaseLockSql(hid, writer));
  };
  const released = () => held.splice(held.indexOf(hid), 1);
  const cur = { hid, deviceId: inv.deviceId, sections, oldDeviceId: inv.oldDeviceId, writer, existed };
  if (!anyMissing) await unlock(b);
  const dupRows = await b.flush(duplicateReads(facts, cur));
  if (!anyMissing) released();
  const merged = await mergeDuplicates(trx, facts, cur, dupRows);
  // What is left is sent with the COMMIT.
  const last = new StatementBatch(trx, multi, ctx.packetBudget);
  if (merged.needsLostTag) await writeAccountInfo(last, facts, hid, pairs, true);
  if (anyMissing) {
    // Last, so that the new keys stay uncommitted as briefly as possible (a concurrent file inserting the
    // same text waits for this COMMIT, which travels with the software rows). The batch lock only covers
    // the INSERT IGNOREs and their lookup: two files of the batch never insert at once, so they cannot
    // deadlock on the dictionaries (a holder may wait for the COMMIT of a file that has left the lock;
    // that file waits for nothing here).
    await ctx.dictionaryLock(() => createMissing(trx, ctx, missing, ids));
    await insertMany(last, 'software', SOFTWARE_COLS, softwareRows(hid, softwares, ids));
    await unlock(last);
  }
  await commit(last);
  if (anyMissing) released();
  return { hardwareId: hid, action: existed ? 'updated' : 'inserted', merged: merged.ids };
}
