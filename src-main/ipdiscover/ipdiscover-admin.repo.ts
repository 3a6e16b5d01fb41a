import type { Knex } from 'knex';
import type { DeviceType, IpdiscoverSetting } from '../../shared/contract/ipdiscover';
import { AppError } from '../platform/errors';
import { readConfigRows } from '../platform/ocs/config';
import { scoped, type Scope } from '../platform/ocs/scope';

/** Writes of the IP discovery screens (subnet names, device types, registrations, per-computer IPDISCOVER). */

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);

// ---- subnets (operator-named networks), keyed by NETID + IFNULL(TAG, '') as the console does ----

export async function saveSubnet(
  k: Knex,
  s: { netId: string; mask: string; name: string; groupLabel: string | null; tag: string | null },
): Promise<void> {
  await k.transaction(async (t) => {
    const key = (q: Knex.QueryBuilder) =>
      q.where('NETID', s.netId).whereRaw("IFNULL(TAG, '') = ?", [s.tag ?? '']);
    const existing = (await key(t('subnet').select('NETID').forUpdate())) as Row[];
    if (existing.length > 0) {
      await key(t('subnet')).update({ NAME: s.name, MASK: s.mask, ID: s.groupLabel });
    } else {
      await t('subnet').insert({ NETID: s.netId, NAME: s.name, MASK: s.mask, ID: s.groupLabel, TAG: s.tag });
    }
  });
}

export async function deleteSubnet(k: Knex, netId: string, tag: string | null): Promise<number> {
  return k('subnet')
    .where('NETID', netId)
    .whereRaw("IFNULL(TAG, '') = ?", [tag ?? ''])
    .delete();
}

// ---- device types: network_devices.TYPE holds the type's NAME (text), so a rename follows through ----

export async function listDeviceTypes(k: Knex): Promise<DeviceType[]> {
  const r = (await k('devicetype as t')
    .leftJoin('network_devices as d', 'd.TYPE', 't.NAME')
    .select('t.ID', 't.NAME')
    .count({ used: 'd.ID' })
    .groupBy('t.ID', 't.NAME')
    .orderBy('t.NAME')) as Row[];
  return r.map((x) => ({ id: num(x.ID), name: String(x.NAME ?? ''), used: num(x.used) }));
}

async function typeById(k: Knex | Knex.Transaction, id: number): Promise<DeviceType> {
  const r = (await k('devicetype as t')
    .leftJoin('network_devices as d', 'd.TYPE', 't.NAME')
    .select('t.ID', 't.NAME')
    .count({ used: 'd.ID' })
    .where('t.ID', id)
    .groupBy('t.ID', 't.NAME')) as Row[];
  if (!r[0]) throw new AppError('NOT_FOUND', { what: 'device type', id });
  return { id: num(r[0].ID), name: String(r[0].NAME ?? ''), used: num(r[0].used) };
}

async function refuseDuplicateType(
  t: Knex.Transaction,
  name: string,
  exceptId: number | null,
): Promise<void> {
  const q = t('devicetype').select('ID').where('NAME', name).forUpdate();
  if (exceptId !== null) q.whereNot('ID', exceptId);
  if (((await q) as Row[]).length > 0) throw new AppError('CONFLICT', { what: 'device type', name });
}

export async function createDeviceType(k: Knex, name: string): Promise<DeviceType> {
  return k.transaction(async (t) => {
    await refuseDuplicateType(t, name, null);
    const [id] = (await t('devicetype').insert({ NAME: name })) as number[];
    return typeById(t, Number(id));
  });
}

export async function renameDeviceType(k: Knex, id: number, name: string): Promise<DeviceType> {
  return k.transaction(async (t) => {
    const old = await typeById(t, id);
    await refuseDuplicateType(t, name, id);
    await t('devicetype').where('ID', id).update({ NAME: name });
    await t('network_devices').where('TYPE', old.name).update({ TYPE: name });
    return typeById(t, id);
  });
}

export async function deleteDeviceType(k: Knex, id: number): Promise<void> {
  await k.transaction(async (t) => {
    const old = await typeById(t, id);
    if (old.used > 0) throw new AppError('CONFLICT', { what: 'device type', name: old.name, used: old.used });
    await t('devicetype').where('ID', id).delete();
  });
}

// ---- registering a device (network_devices) ----

export async function register(
  k: Knex,
  r: { mac: string; type: string; description: string; user: string },
): Promise<void> {
  await k.transaction(async (t) => {
    const seen = (await t('netmap').select('MAC').where('MAC', r.mac).forUpdate()) as Row[];
    if (!seen[0]) throw new AppError('NOT_FOUND', { what: 'discovered device', mac: r.mac });
    const type = (await t('devicetype').select('ID').where('NAME', r.type)) as Row[];
    if (!type[0]) throw new AppError('NOT_FOUND', { what: 'device type', name: r.type });
    const mac = String(seen[0].MAC);
    const existing = (await t('network_devices').select('ID').where('MACADDR', mac).forUpdate()) as Row[];
    const values = { DESCRIPTION: r.description, TYPE: r.type, MACADDR: mac, USER: r.user };
    if (existing.length > 0) await t('network_devices').where('MACADDR', mac).update(values);
    else await t('network_devices').insert(values);
    const upd = (await readConfigRows(t, ['IPDISCOVER_UPDATE_DATE'])).get('IPDISCOVER_UPDATE_DATE');
    if (upd?.ivalue === 1) await t('netmap').where('MAC', mac).update({ DATE: t.fn.now() });
  });
}

export async function unregister(k: Knex, mac: string): Promise<number> {
  return k('network_devices').where('MACADDR', mac).delete();
}

/** Removes a device from the discovery tables (netmap and its registration). */
export async function deleteDevice(k: Knex, mac: string): Promise<number> {
  return k.transaction(async (t) => {
    const a = await t('netmap').where('MAC', mac).delete();
    const b = await t('network_devices').where('MACADDR', mac).delete();
    return a + b;
  });
}

// ---- per-computer IPDISCOVER (devices NAME='IPDISCOVER': 0 never, 1 elected, 2 forced + TVALUE subnet) ----

const NOT_COMPUTERS = ['_SYSTEMGROUP_', '_DOWNLOADGROUP_'];

/** A computer of the scope; one outside it is NOT_FOUND, as one that does not exist. */
async function requireComputer(k: Knex | Knex.Transaction, scope: Scope, hardwareId: number): Promise<void> {
  const r = (await scoped(
    k as Knex,
    k('hardware as h').select('h.ID', 'h.DEVICEID').where('h.ID', hardwareId),
    'h.ID',
    scope,
  )) as Row[];
  if (!r[0] || NOT_COMPUTERS.includes(String(r[0].DEVICEID)))
    throw new AppError('NOT_FOUND', { what: 'computer', id: hardwareId });
}

export async function getIpdiscover(
  k: Knex | Knex.Transaction,
  scope: Scope,
  hardwareId: number,
): Promise<IpdiscoverSetting> {
  await requireComputer(k, scope, hardwareId);
  const [dev, nets] = await Promise.all([
    k('devices')
      .select('IVALUE', 'TVALUE')
      .where({ HARDWARE_ID: hardwareId, NAME: 'IPDISCOVER' })
      .orderBy('ID') as Promise<Row[]>,
    k('networks')
      .distinct('IPSUBNET')
      .where('HARDWARE_ID', hardwareId)
      .whereNotNull('IPSUBNET')
      .whereNot('IPSUBNET', '') as Promise<Row[]>,
  ]);
  const subnets = nets.map((n) => String(n.IPSUBNET)).sort();
  const d = dev[0];
  if (!d) return { hardwareId, state: 'auto', netId: null, subnets };
  const iv = num(d.IVALUE);
  const state = iv === 0 ? 'never' : iv === 2 ? 'forced' : 'elected';
  return {
    hardwareId,
    state,
    netId: d.TVALUE === null || d.TVALUE === undefined || d.TVALUE === '' ? null : String(d.TVALUE),
    subnets,
  };
}

/** Deletes then inserts, in one transaction: never two IPDISCOVER rows for one computer (trap 9.30). */
export async function setIpdiscover(
  k: Knex,
  scope: Scope,
  hardwareId: number,
  mode: 'auto' | 'never' | 'forced',
  netId: string | null,
): Promise<IpdiscoverSetting> {
  return k.transaction(async (t) => {
    const current = await getIpdiscover(t, scope, hardwareId);
    if (mode === 'forced' && (!netId || !current.subnets.includes(netId))) {
      throw new AppError(
        'VALIDATION_FAILED',
        {
          field: 'netId',
          detail: `not a network of this computer (${current.subnets.join(', ') || 'none'})`,
        },
        {
          fields: [{ path: 'netId', message: 'not a network of this computer' }],
        },
      );
    }
    await t('devices').where({ HARDWARE_ID: hardwareId, NAME: 'IPDISCOVER' }).delete();
    if (mode === 'never')
      await t('devices').insert({ HARDWARE_ID: hardwareId, NAME: 'IPDISCOVER', IVALUE: 0, TVALUE: null });
    if (mode === 'forced')
      await t('devices').insert({ HARDWARE_ID: hardwareId, NAME: 'IPDISCOVER', IVALUE: 2, TVALUE: netId });
    return getIpdiscover(t, scope, hardwareId);
  });
}
