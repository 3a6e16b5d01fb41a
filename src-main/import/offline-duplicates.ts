import { replaceDuplicate, withLock, type ReplaceResult, type Writer } from '../platform/ocs/comm-procedures';
import { SECTIONS } from './ocs-map';
import type { Row } from './ocs-reader';
import { rowsOf, truthy, type Sql } from './db-helpers';
import type { DbFacts } from './server-config';

type Trx = Sql;

const DUP_HOSTNAME = 1;
const DUP_SERIAL = 2;
const DUP_MAC = 4;
const DUP_SMODEL = 8;
const DUP_UUID = 16;
// 32 (asset tag) never attaches to a real candidate in comm server 2.8.1 (docs/ocs-compat 3.1).

interface Current {
  hid: number;
  deviceId: string;
  sections: Map<string, Row[]>;
  oldDeviceId: string | null;
  writer: Writer;
}

/**
 * Candidates and the evidence bits each one collected (comm server `_duplicate_detect`), in one UNION ALL
 * (the server runs one query per criterion and per network; same matches). Values come back converted to
 * one charset so that tables of different collations can share the UNION.
 */
function detectQuery(facts: DbFacts, cur: Current): [string, unknown[]] | null {
  const hw = cur.sections.get('HARDWARE')?.[0] ?? {};
  const biosRows = cur.sections.get('BIOS') ?? [];
  const bios = biosRows.length === 1 ? biosRows[0]! : {};
  const parts: string[] = [];
  const binds: unknown[] = [];
  const q = (sql: string, ...b: unknown[]) => {
    parts.push(sql);
    binds.push(...b);
  };
  if (hw.NAME !== undefined)
    q(
      `SELECT ${DUP_HOSTNAME} AS b, ID AS id, CONVERT(NAME USING utf8mb4) AS v FROM hardware WHERE NAME = ? AND ID <> ?`,
      hw.NAME,
      cur.hid,
    );
  if (hw.UUID !== undefined)
    q(
      `SELECT ${DUP_UUID}, ID, CONVERT(UUID USING utf8mb4) FROM hardware WHERE UUID = ? AND ID <> ?`,
      hw.UUID,
      cur.hid,
    );
  const macs = [
    ...new Set(
      (cur.sections.get('NETWORKS') ?? []).map((n) => n.MACADDR).filter((m): m is string => m !== undefined),
    ),
  ];
  if (macs.length > 0) {
    q(
      `SELECT ${DUP_MAC}, HARDWARE_ID, CONVERT(MACADDR USING utf8mb4) FROM networks WHERE MACADDR IN (${macs.map(() => '?').join(',')}) AND HARDWARE_ID <> ?`,
      ...macs,
      cur.hid,
    );
  }
  if (truthy(bios.SSN))
    q(
      `SELECT ${DUP_SERIAL}, HARDWARE_ID, CONVERT(SSN USING utf8mb4) FROM bios WHERE SSN = ? AND HARDWARE_ID <> ?`,
      bios.SSN,
      cur.hid,
    );
  if (truthy(bios.SMODEL))
    q(
      `SELECT ${DUP_SMODEL}, HARDWARE_ID, NULL FROM bios WHERE SMODEL = ? AND HARDWARE_ID <> ?`,
      bios.SMODEL,
      cur.hid,
    );
  if (parts.length === 0) return null;
  return [parts.join('\nUNION ALL\n'), binds];
}

function evidence(
  facts: DbFacts,
  rows: Array<{ b: number; id: number; v: string | null }>,
): Map<string, number> {
  const found = new Map<string, number>();
  const add = (id: number | string, bit: number) => found.set(String(id), (found.get(String(id)) ?? 0) | bit);
  for (const r of rows) {
    const bit = Number(r.b);
    if (bit === DUP_HOSTNAME || bit === DUP_UUID) {
      if ((r.v ?? '') !== '') add(r.id, bit);
    } else if (bit === DUP_MAC) {
      if (!facts.badMacs.has(r.v ?? '')) add(r.id, bit);
    } else if (bit === DUP_SERIAL) {
      if (!facts.badSerials.has(r.v ?? '')) add(r.id, bit);
    } else add(r.id, bit);
  }
  return found;
}

/** Tables whose rows of the old computer a merge deletes: the Map sections the server deletes on replace. */
const REPLACED_TABLES = SECTIONS.filter((d) => d.delOnReplace).map((d) => d.table);

/**
 * `_duplicate_replace` of the comm server, under the old computer's lock (skipped when another writer holds
 * it): null when nothing was replaced, else whether the old (archived) hardware row stayed.
 */
async function replace(trx: Trx, facts: DbFacts, cur: Current, old: number): Promise<ReplaceResult | null> {
  const hw = cur.sections.get('HARDWARE')?.[0] ?? {};
  const done = await withLock(trx, old, cur.writer, () =>
    replaceDuplicate(trx, facts, {
      current: cur.hid,
      old,
      inventory: { checksum: hw.CHECKSUM, userid: hw.USERID },
      inventoryTables: REPLACED_TABLES,
      trace: facts.options.traceDeleted,
    }),
  );
  return done || null;
}

const ACCOUNTINFO_SQL = 'SELECT 1 AS x FROM accountinfo WHERE HARDWARE_ID = ?';

type Cur = Current & { existed: boolean };

/**
 * The reads of the duplicate step, sent with the file's last writes: OLD_DEVICEID lookup, every duplicate
 * criterion (one UNION ALL) and, for an existing computer, its accountinfo row.
 */
export function duplicateReads(facts: DbFacts, cur: Cur): Array<[string, readonly unknown[]]> {
  const oldDev = cur.oldDeviceId && cur.oldDeviceId !== cur.deviceId ? cur.oldDeviceId : null;
  const dq = facts.options.autoDuplicateLvl ? detectQuery(facts, cur) : null;
  const reads: Array<[string, readonly unknown[]]> = [];
  if (oldDev) reads.push(['SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1', [oldDev]]);
  if (dq) reads.push(dq);
  if (cur.existed) reads.push([ACCOUNTINFO_SQL, [cur.hid]]);
  return reads;
}

/**
 * OLD_DEVICEID merge, then AUTO_DUPLICATE_LVL (all selected criteria must match), from the rows of
 * `duplicateReads`. Returns the merged IDs and whether the computer (existing or merged) lacks an
 * accountinfo row (then TAG `LOST`).
 */
export async function mergeDuplicates(
  trx: Trx,
  facts: DbFacts,
  cur: Cur,
  got: unknown[][],
): Promise<{ ids: number[]; needsLostTag: boolean }> {
  const merged: number[] = [];
  /** Merged but archived: the hardware row stayed (see replaceDuplicate). */
  const kept = new Set<number>();
  const lvl = facts.options.autoDuplicateLvl;
  const oldDev = cur.oldDeviceId && cur.oldDeviceId !== cur.deviceId ? cur.oldDeviceId : null;
  const dq = lvl ? detectQuery(facts, cur) !== null : false;
  let i = 0;
  const oldRows = oldDev ? (got[i++] as Array<{ ID: number }>) : [];
  const dupRows = dq ? (got[i++] as Array<{ b: number; id: number; v: string | null }>) : [];
  const acc = cur.existed ? got[i++]! : [];
  if (oldRows.length > 0 && Number(oldRows[0]!.ID) !== cur.hid) {
    const id = Number(oldRows[0]!.ID);
    const done = await replace(trx, facts, cur, id);
    if (done) merged.push(id);
    if (done?.archivedKept) kept.add(id);
  }
  if (lvl) {
    // The server's detection runs after the OLD_DEVICEID merge: that computer is gone, or (archived) only
    // its hardware row is left, which hostname and UUID still find.
    const found = evidence(facts, dupRows);
    for (const m of merged) {
      const bits = (found.get(String(m)) ?? 0) & (DUP_HOSTNAME | DUP_UUID);
      if (kept.has(m) && bits) found.set(String(m), bits);
      else found.delete(String(m));
    }
    for (const id of [...found.keys()].sort()) {
      const mask = found.get(id)!;
      if ((lvl & mask) !== lvl) continue;
      if (await replace(trx, facts, cur, Number(id))) merged.push(Number(id));
    }
  }
  let needsLostTag = false;
  if (merged.length > 0) needsLostTag = (await rowsOf(trx.raw(ACCOUNTINFO_SQL, [cur.hid]))).length === 0;
  else if (cur.existed) needsLostTag = acc.length === 0;
  return { ids: merged, needsLostTag };
}
