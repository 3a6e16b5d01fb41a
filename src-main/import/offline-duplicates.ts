import type { Knex } from 'knex';
import { CHECKSUM_MAX_VALUE, SECTIONS } from './ocs-map';
import type { Row } from './ocs-reader';
import { lockDevice, rowsOf, truthy, unlockDevice } from './db-helpers';
import type { DbFacts } from './server-config';

type Trx = Knex.Transaction;

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
  lockOwner: number;
}

/** Candidates and the evidence bits each one collected (comm server `_duplicate_detect`). */
async function detect(trx: Trx, facts: DbFacts, cur: Current): Promise<Map<string, number>> {
  const hw = cur.sections.get('HARDWARE')?.[0] ?? {};
  const biosRows = cur.sections.get('BIOS') ?? [];
  const bios = biosRows.length === 1 ? biosRows[0]! : {};
  const found = new Map<string, number>();
  const add = (id: number | string, bit: number) => found.set(String(id), (found.get(String(id)) ?? 0) | bit);
  const badMac = facts.badMacs;
  const badSerial = facts.badSerials;

  if (hw.NAME !== undefined) {
    for (const r of await rowsOf<{ ID: number; NAME: string | null }>(
      trx.raw('SELECT ID, NAME FROM hardware WHERE NAME = ? AND ID <> ? ORDER BY ID', [hw.NAME, cur.hid]),
    )) {
      if ((r.NAME ?? '') !== '') add(r.ID, DUP_HOSTNAME);
    }
  }
  if (hw.UUID !== undefined) {
    for (const r of await rowsOf<{ ID: number; UUID: string | null }>(
      trx.raw('SELECT ID, UUID FROM hardware WHERE UUID = ? AND ID <> ? ORDER BY ID', [hw.UUID, cur.hid]),
    )) {
      if ((r.UUID ?? '') !== '') add(r.ID, DUP_UUID);
    }
  }
  for (const n of cur.sections.get('NETWORKS') ?? []) {
    if (n.MACADDR === undefined) continue;
    for (const r of await rowsOf<{ HARDWARE_ID: number; MACADDR: string | null }>(
      trx.raw('SELECT HARDWARE_ID, MACADDR FROM networks WHERE MACADDR = ? AND HARDWARE_ID <> ?', [n.MACADDR, cur.hid]),
    )) {
      if (!badMac.has(r.MACADDR ?? '')) add(r.HARDWARE_ID, DUP_MAC);
    }
  }
  if (truthy(bios.SSN)) {
    for (const r of await rowsOf<{ HARDWARE_ID: number; SSN: string | null }>(
      trx.raw('SELECT HARDWARE_ID, SSN FROM bios WHERE SSN = ? AND HARDWARE_ID <> ?', [bios.SSN, cur.hid]),
    )) {
      if (!badSerial.has(r.SSN ?? '')) add(r.HARDWARE_ID, DUP_SERIAL);
    }
  }
  if (truthy(bios.SMODEL)) {
    for (const r of await rowsOf<{ HARDWARE_ID: number }>(
      trx.raw('SELECT HARDWARE_ID FROM bios WHERE SMODEL = ? AND HARDWARE_ID <> ?', [bios.SMODEL, cur.hid]),
    )) {
      add(r.HARDWARE_ID, DUP_SMODEL);
    }
  }
  return found;
}

const has = (facts: DbFacts, t: string) => facts.tables.has(t);

/** `_duplicate_replace`: the old computer's admin data move onto the current one, then it is deleted. */
async function replace(trx: Trx, facts: DbFacts, cur: Current, old: number): Promise<boolean> {
  if (!(await lockDevice(trx, old, cur.lockOwner, facts.options.lockReuseTime))) return false;
  try {
    const rows = await rowsOf<{ QUALITY: string | null; FIDELITY: number | null; CHECKSUM: string | null; USERID: string | null }>(
      trx.raw('SELECT QUALITY, FIDELITY, CHECKSUM, USERID FROM hardware WHERE ID = ?', [old]),
    );
    if (rows.length === 0) return false;
    const o = rows[0]!;
    const hw = cur.sections.get('HARDWARE')?.[0] ?? {};
    const userid = /system|localsystem/i.test(hw.USERID ?? '') ? o.USERID : (hw.USERID ?? null);
    const quality = truthy(o.QUALITY === null ? undefined : String(o.QUALITY)) ? o.QUALITY : 0;
    await trx.raw('UPDATE hardware SET QUALITY = ?, FIDELITY = ?, CHECKSUM = (? | ?), USERID = ? WHERE ID = ?', [
      quality,
      o.FIDELITY,
      o.CHECKSUM ?? String(CHECKSUM_MAX_VALUE),
      hw.CHECKSUM ?? String(CHECKSUM_MAX_VALUE),
      userid,
      cur.hid,
    ]);
    await trx.raw('DELETE FROM hardware WHERE ID = ?', [old]);
    await trx.raw('DELETE FROM accountinfo WHERE HARDWARE_ID = ?', [cur.hid]);
    await trx.raw('UPDATE accountinfo SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [cur.hid, old]);
    if (has(facts, 'devices')) {
      await trx.raw('DELETE FROM devices WHERE HARDWARE_ID = ?', [cur.hid]);
      await trx.raw('UPDATE devices SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [cur.hid, old]);
    }
    if (has(facts, 'itmgmt_comments')) {
      await trx.raw('UPDATE itmgmt_comments SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [cur.hid, old]);
    }
    if (has(facts, 'groups_cache')) {
      await trx.raw('UPDATE groups_cache SET HARDWARE_ID = ? WHERE HARDWARE_ID = ? AND (STATIC = 1 OR STATIC = 2)', [cur.hid, old]);
      await trx.raw('DELETE FROM groups_cache WHERE HARDWARE_ID = ?', [old]);
    }
    // Every inventory table of the old computer. Unlike 2.8.1 (which fails the whole merge on a schema
    // without `unixusers` and leaves the old `software` rows orphaned) missing tables are skipped and
    // the old software rows go too.
    for (const def of SECTIONS) {
      if (def.delOnReplace && has(facts, def.table)) await trx.raw('DELETE FROM ?? WHERE HARDWARE_ID = ?', [def.table, old]);
    }
    await trx.raw('DELETE FROM software WHERE HARDWARE_ID = ?', [old]);
    if (facts.options.traceDeleted && has(facts, 'deleted_equiv')) {
      await trx.raw('INSERT INTO deleted_equiv (DATE, DELETED, EQUIVALENT) VALUES (NULL, ?, ?)', [String(old), String(cur.hid)]);
    }
    if (has(facts, 'download_enable')) await trx.raw('UPDATE download_enable SET SERVER_ID = ? WHERE SERVER_ID = ?', [cur.hid, old]);
    if (has(facts, 'download_servers')) {
      await trx.raw('UPDATE download_servers SET HARDWARE_ID = ? WHERE HARDWARE_ID = ?', [cur.hid, old]);
    }
    if (has(facts, 'download_history')) await trx.raw('DELETE FROM download_history WHERE HARDWARE_ID = ?', [old]);
    return true;
  } finally {
    await unlockDevice(trx, old, cur.lockOwner);
  }
}

/** OLD_DEVICEID merge, then AUTO_DUPLICATE_LVL (all selected criteria must match). Returns merged IDs. */
export async function mergeDuplicates(trx: Trx, facts: DbFacts, cur: Current): Promise<number[]> {
  const merged: number[] = [];
  if (cur.oldDeviceId && cur.oldDeviceId !== cur.deviceId) {
    const r = await rowsOf<{ ID: number }>(trx.raw('SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1', [cur.oldDeviceId]));
    if (r.length > 0 && Number(r[0]!.ID) !== cur.hid && (await replace(trx, facts, cur, Number(r[0]!.ID)))) merged.push(Number(r[0]!.ID));
  }
  const lvl = facts.options.autoDuplicateLvl;
  if (!lvl) return merged;
  const found = await detect(trx, facts, cur);
  for (const id of [...found.keys()].sort()) {
    const mask = found.get(id)!;
    if ((lvl & mask) !== lvl) continue;
    if (await replace(trx, facts, cur, Number(id))) merged.push(Number(id));
  }
  return merged;
}
