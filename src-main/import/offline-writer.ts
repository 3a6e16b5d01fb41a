import type { Knex } from 'knex';
import { APP_VERSION } from '../app/version';
import { AppError } from '../platform/errors';
import { lockDevice, rowsOf } from './db-helpers';
import { mergeDuplicates } from './offline-duplicates';
import { CHECKSUM_MAX_VALUE, SECTIONS, SOFTWARE_NUMBER_FIELDS, SOFTWARE_TEXT_FIELDS, type SectionDef } from './ocs-map';
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

type Trx = Knex.Transaction;

/** The server's crude SQL filter (`verif_xml`): a value that, without spaces, holds `=(` and `)` becomes `1`. */
export function sanitize(v: string): string {
  const s = v.replace(/ /g, '');
  return s.includes('=(') && s.includes(')') ? '1' : v;
}

export function sanitizedSections(inv: Inventory): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const [name, rows] of inv.sections) {
    out.set(
      name,
      rows.map((r) => {
        const o: Row = {};
        for (const [k, v] of Object.entries(r)) o[k] = sanitize(v);
        return o;
      }),
    );
  }
  return out;
}

/** `_get_bind_values`: missing, empty, `??`, N/A → fallback or ''. */
function bindValue(def: SectionDef, row: Row, field: string): string {
  const v = row[field];
  if (v !== undefined && v !== '' && v !== '??' && !/^N\/?A\n?$/.test(v)) return v;
  return def.fallback?.[field] ?? '';
}


async function insertMany(trx: Trx, table: string, cols: string[], rows: unknown[][], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const ph = `(${cols.map(() => '?').join(',')})`;
    await trx.raw(`INSERT INTO ?? (${cols.map(() => '??').join(',')}) VALUES ${part.map(() => ph).join(',')}`, [
      table,
      ...cols,
      ...(part.flat() as Knex.Value[]),
    ]);
  }
}

/** Resolves texts to dictionary IDs, creating the missing rows (first spelling in document order wins). */
async function resolveDictionary(
  trx: Trx,
  table: string,
  column: string,
  collation: string,
  texts: string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (texts.length === 0) return ids;
  const charset = collation.split('_')[0]!;
  const lookup = async (list: string[]) => {
    for (let i = 0; i < list.length; i += 2000) {
      const part = list.slice(i, i + 2000);
      const rows = await rowsOf<{ i: number; ID: number }>(
        trx.raw(
          `SELECT j.i, d.ID FROM JSON_TABLE(?, '$[*]' COLUMNS(i FOR ORDINALITY, v TEXT PATH '$')) j
             JOIN ?? d ON d.?? = CONVERT(j.v USING ${charset}) COLLATE ${collation}`,
          [JSON.stringify(part), table, column],
        ),
      );
      for (const r of rows) ids.set(part[Number(r.i) - 1]!, Number(r.ID));
    }
  };
  await lookup(texts);
  const missing = texts.filter((t) => !ids.has(t));
  if (missing.length > 0) {
    // One row per statement keeps the server's "first spelling wins" for case variants of one batch.
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      await trx.raw(`INSERT IGNORE INTO ?? (??) VALUES ${part.map(() => '(?)').join(',')}`, [table, column, ...part]);
    }
    await lookup(missing);
  }
  return ids;
}

async function writeSoftware(trx: Trx, facts: DbFacts, hid: number, softwares: Row[]): Promise<number> {
  await trx.raw('DELETE FROM software WHERE HARDWARE_ID = ?', [hid]);
  const distinct = (key: 'NAME' | 'PUBLISHER' | 'VERSION') => {
    const seen = new Set<string>();
    for (const s of softwares) {
      const v = s[key];
      if (v !== undefined && v !== '') seen.add(v);
    }
    return [...seen];
  };
  const c = facts.dictCollation;
  const names = await resolveDictionary(trx, 'software_name', 'NAME', c.name, distinct('NAME'));
  const publishers = await resolveDictionary(trx, 'software_publisher', 'PUBLISHER', c.publisher, distinct('PUBLISHER'));
  const versions = await resolveDictionary(trx, 'software_version', 'VERSION', c.version, distinct('VERSION'));
  const rows: unknown[][] = [];
  for (const s of softwares) {
    const nameId = s.NAME === undefined ? 1 : names.get(s.NAME);
    const pubId = s.PUBLISHER === undefined || s.PUBLISHER === '' ? 1 : publishers.get(s.PUBLISHER);
    const verId = s.VERSION === undefined || s.VERSION === '' ? 1 : versions.get(s.VERSION);
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
  await insertMany(
    trx,
    'software',
    ['HARDWARE_ID', 'NAME_ID', 'PUBLISHER_ID', 'VERSION_ID', 'FOLDER', 'COMMENTS', 'FILENAME', 'FILESIZE', 'SOURCE', 'GUID', 'LANGUAGE', 'INSTALLDATE', 'BITSWIDTH'],
    rows,
  );
  return rows.length;
}

/** `INVENTORY_CACHE_REVALIDATE`: rebuilds the cache tables every N days (timestamp in engine_persistent). */
async function revalidateCaches(trx: Trx, facts: DbFacts): Promise<void> {
  const o = facts.options;
  if (!o.cacheEnabled || !o.cacheRevalidateDays || !facts.tables.has('engine_persistent')) return;
  const age = await rowsOf<{ AGE: number | string }>(
    trx.raw("SELECT UNIX_TIMESTAMP(NOW()) - IVALUE AS AGE FROM engine_persistent WHERE NAME = 'INVENTORY_CACHE_CLEAN_DATE'"),
  );
  if (age.length > 0 && Number(age[0]!.AGE) < o.cacheRevalidateDays * 86400) return;
  try {
    await trx.raw("INSERT INTO engine_mutex (NAME, PID, TAG) VALUES ('INVENTORY_CACHE_REVALIDATE', ?, 'ALL')", [process.pid]);
  } catch {
    return; // another process is rebuilding
  }
  try {
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
      await trx.raw("INSERT INTO engine_persistent (NAME, IVALUE) VALUES ('INVENTORY_CACHE_CLEAN_DATE', UNIX_TIMESTAMP(NOW()))");
    }
  } finally {
    await trx.raw("DELETE FROM engine_mutex WHERE NAME = 'INVENTORY_CACHE_REVALIDATE' AND PID = ?", [process.pid]);
  }
}

/** `_cache('add')`: the value goes into the cache table unless an equal one is there (NULL always goes in). */
async function cacheAdd(trx: Trx, facts: DbFacts, table: string, col: string, value: string | null): Promise<void> {
  if (!facts.options.cacheEnabled || !facts.tables.has(table)) return;
  await trx.raw('INSERT IGNORE INTO ?? (??) SELECT ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ?? WHERE ?? = ?)', [
    table,
    col,
    value,
    table,
    col,
    value,
  ]);
}



async function writeAccountInfo(trx: Trx, facts: DbFacts, hid: number, pairs: Row[], lost: boolean): Promise<void> {
  await trx.raw('INSERT IGNORE INTO accountinfo (HARDWARE_ID) VALUES (?)', [hid]);
  for (const col of facts.accountColumns) {
    let value: string | null | undefined;
    for (const p of pairs) if (p.KEYNAME === col) value = p.KEYVALUE ?? null;
    if (value !== undefined) await trx.raw('UPDATE accountinfo SET ?? = ? WHERE HARDWARE_ID = ?', [col, value, hid]);
  }
  if (lost) await trx.raw("UPDATE accountinfo SET TAG = 'LOST' WHERE HARDWARE_ID = ?", [hid]);
}

async function writeHardware(trx: Trx, hid: number, hw: Row, checksum: string | undefined, networks: Row[]): Promise<void> {
  const num = (f: string) => hw[f] ?? '0';
  const txt = (f: string) => hw[f] ?? null;
  // IPADDR: the NETWORKS address equal to the client address, else HARDWARE/IPADDR.
  const ipaddr = networks.length > 0 && networks.some((n) => n.IPADDRESS === OFFLINE_IPSRC) ? OFFLINE_IPSRC : txt('IPADDR');
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
  for (const f of ['NAME', 'WORKGROUP', 'USERDOMAIN', 'OSNAME', 'OSVERSION', 'OSCOMMENTS', 'PROCESSORT']) set(f, txt(f));
  for (const f of ['PROCESSORS', 'PROCESSORN', 'MEMORY', 'SWAP']) set(f, num(f));
  set('IPADDR', ipaddr);
  set('DNS', txt('DNS'));
  set('DEFAULTGATEWAY', txt('DEFAULTGATEWAY'));
  sets.push('ETIME = NULL');
  if (!/(system|localsystem)/i.test(hw.USERID ?? '')) set('USERID', txt('USERID'));
  set('TYPE', num('TYPE'));
  for (const f of ['DESCRIPTION', 'WINCOMPANY', 'WINOWNER', 'WINPRODID', 'WINPRODKEY']) set(f, txt(f));
  set('IPSRC', OFFLINE_IPSRC);
  for (const f of ['UUID', 'ARCH', 'CATEGORY_ID']) set(f, txt(f));
  await trx.raw(`UPDATE hardware SET ${sets.join(', ')} WHERE ID = ?`, [...(binds as Knex.Value[]), hid]);
}

async function writeSections(
  trx: Trx,
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
      if (facts.options.inventoryDiff && def.mask !== 0 && checksum !== undefined && (Number(checksum) & def.mask) === 0) continue;
      // Row-level "write diff" (INVENTORY_WRITE_DIFF) ends with the same rows as delete + insert; only IDs differ.
      if (def.delOnReplace) await trx.raw('DELETE FROM ?? WHERE HARDWARE_ID = ?', [def.table, hid]);
    }
    let values: unknown[][];
    if (!def.multi && rows.length > 1) {
      // Several elements of a single-row section: the server gets a list and binds every column as NULL.
      values = [[hid, ...def.fields.map(() => null)]];
    } else {
      values = (def.multi ? rows : rows.slice(0, 1)).map((r) => [hid, ...def.fields.map((f) => bindValue(def, r, f))]);
    }
    await insertMany(trx, def.table, ['HARDWARE_ID', ...def.fields], values);
    for (const col of def.cached ?? []) {
      const i = def.fields.indexOf(col) + 1;
      for (const v of new Set(values.map((r) => r[i] as string | null))) {
        await cacheAdd(trx, facts, `${def.table}_${col.toLowerCase()}_cache`, col, v);
      }
    }
  }
}

/**
 * Writes one inventory the way comm server 2.8.1 does (docs/ocs-compat 1.6, 2.5-2.8, 3.1), in the caller's
 * transaction. The session must already use sql_mode NO_ENGINE_SUBSTITUTION and SET NAMES utf8.
 */
export async function writeInventory(
  trx: Trx,
  facts: DbFacts,
  inv: Inventory,
  path: string,
  lockOwner: number,
  /** Receives each hardware ID locked in `locks` (not transactional: the caller unlocks after commit/rollback). */
  held: number[],
): Promise<WriteResult> {
  const sections = sanitizedSections(inv);
  const hwRows = sections.get('HARDWARE') ?? [];
  if (hwRows.length > 1) throw invalid(path, 'repeated-hardware-section', 'the comm server answers 500 for this');
  const hw = hwRows[0] ?? {};
  const checksum = hw.CHECKSUM;
  if (checksum !== undefined && !/^\d{1,18}$/.test(checksum)) throw invalid(path, 'bad-checksum', checksum.slice(0, 40));

  const found = await rowsOf<{ ID: number }>(trx.raw('SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1', [inv.deviceId]));
  const existed = found.length > 0;
  let hid: number;
  if (existed) hid = Number(found[0]!.ID);
  else {
    const ins = (await trx.raw('INSERT INTO hardware (DEVICEID) VALUES (?)', [inv.deviceId])) as [{ insertId: number }];
    hid = Number(ins[0].insertId);
  }
  if (!(await lockDevice(trx, hid, lockOwner, facts.options.lockReuseTime))) {
    throw new AppError('CONFLICT', { what: 'device-locked', hardwareId: hid, detail: `computer ${hid} is locked by another writer (locks table)` });
  }
  held.push(hid);
  await writeSoftware(trx, facts, hid, sections.get('SOFTWARES') ?? []);
  await revalidateCaches(trx, facts);
  await writeHardware(trx, hid, hw, checksum, sections.get('NETWORKS') ?? []);
  await cacheAdd(trx, facts, 'hardware_osname_cache', 'OSNAME', hw.OSNAME ?? null);
  const pairs = sections.get('ACCOUNTINFO') ?? [];
  if (!existed || facts.options.acceptTagUpdateFromClient) await writeAccountInfo(trx, facts, hid, pairs, false);
  await writeSections(trx, facts, hid, existed, sections, checksum);
  if (facts.options.download && facts.tables.has('download_history')) {
    await trx.raw('DELETE FROM download_history WHERE HARDWARE_ID = ?', [hid]);
    const ids = [...new Set(inv.packages)];
    await insertMany(trx, 'download_history', ['HARDWARE_ID', 'PKG_ID'], ids.map((id) => [hid, id]));
  }
  const merged = await mergeDuplicates(trx, facts, { hid, deviceId: inv.deviceId, sections, oldDeviceId: inv.oldDeviceId, lockOwner });
  if (existed || merged.length > 0) {
    const acc = await rowsOf(trx.raw('SELECT 1 FROM accountinfo WHERE HARDWARE_ID = ?', [hid]));
    if (acc.length === 0) await writeAccountInfo(trx, facts, hid, pairs, true);
  }
  return { hardwareId: hid, action: existed ? 'updated' : 'inserted', merged };
}
