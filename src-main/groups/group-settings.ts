import type { Knex } from 'knex';
import {
  SETTING_BOUNDS,
  SETTING_NAMES,
  type SettingName,
  type SettingValue,
} from '../../shared/contract/computers';
import type { EffectiveSetting } from '../../shared/contract/groups';
import { AppError } from '../platform/errors';
import { readConfig } from '../platform/ocs/config';
import { idsInScope } from '../platform/ocs/scope';
import { SYSTEM_GROUP } from './groups.repo';
import { groupForChange, type Caller } from './groups.service';

/**
 * Per-group settings and how the comm server 2.8.1 combines them with the computer's own rows and the
 * global options (spec §6, read in Communication.pm, Download.pm, Snmp.pm, Ipdiscover.pm). The rules
 * differ per key; this module states them once, for the computer page's "which setting wins".
 */

export async function setGroupSettings(
  k: Knex,
  c: Caller,
  id: number,
  settings: Partial<Record<SettingName, SettingValue | null>>,
): Promise<void> {
  await groupForChange(k, c, id);
  const names = Object.keys(settings) as SettingName[];
  if (!names.length)
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'settings', detail: 'nothing to change' },
      { fields: [{ path: 'settings', message: 'nothing to change' }] },
    );
  await k.transaction(async (trx) => {
    for (const n of names) {
      await trx('devices').where({ HARDWARE_ID: id, NAME: n }).delete();
      const v = settings[n];
      if (v)
        await trx('devices').insert({ HARDWARE_ID: id, NAME: n, IVALUE: v.ivalue, TVALUE: v.tvalue ?? null });
    }
  });
}

type Layer = EffectiveSetting['layers'][number] & { groupId?: number };

const RULES: Record<SettingName, string> = {
  FREQUENCY:
    'A global value of 0 (always) or -1 (never) wins outright; otherwise the smallest value among the computer and its groups wins (-1 before 0 before any number of days).',
  PROLOG_FREQ:
    "The computer's own value; else the smallest non-zero value of its groups; else the global option.",
  INVENTORY_ON_STARTUP:
    "The computer's own value; else the smallest non-zero value of its groups; else the global option.",
  DOWNLOAD_SWITCH:
    'Off when the global DOWNLOAD option is off or when any group says off; the computer may then only switch it off.',
  SNMP_SWITCH:
    'Off when the global SNMP option is off or when any group says off; the computer may then only switch it off.',
  DOWNLOAD_CYCLE_LATENCY:
    "The computer's own value; else the largest value of its groups; else the global option.",
  DOWNLOAD_FRAG_LATENCY:
    "The computer's own value; else the largest value of its groups; else the global option.",
  DOWNLOAD_PERIOD_LATENCY:
    "The computer's own value; else the largest value of its groups; else the global option.",
  DOWNLOAD_PERIOD_LENGTH:
    "The computer's own value; else the smallest value of its groups; else the global option.",
  DOWNLOAD_TIMEOUT:
    "The computer's own value; else the smallest value of its groups; else the global option.",
  IPDISCOVER:
    "Only the computer's own row elects it; a group set to 0 (never) vetoes the election when IPDISCOVER_USE_GROUPS is on.",
};

function pick(layers: Layer[], by: 'min' | 'max' | 'minNonZero'): Layer | null {
  const vals = layers.filter((l) => l.value !== null && (by !== 'minNonZero' || l.value !== 0));
  if (!vals.length) return null;
  return vals.reduce((a, b) => ((by === 'max' ? b.value! > a.value! : b.value! < a.value!) ? b : a));
}

/** Resolves one setting from its layers, as the server does. */
export function resolve(
  name: SettingName,
  global: Layer,
  groups: Layer[],
  computer: Layer | null,
  useGroupsForIpdiscover: boolean,
): Omit<EffectiveSetting, 'name' | 'rule' | 'layers'> {
  const from = (l: Layer) => ({
    value: l.value,
    source: l.source,
    group: l.source === 'group' ? { id: l.groupId!, name: l.name } : null,
  });
  switch (name) {
    case 'FREQUENCY': {
      if (global.value === 0 || global.value === -1) return from(global);
      const best = pick([...(computer ? [computer] : []), ...groups], 'min');
      return from(best ?? global);
    }
    case 'PROLOG_FREQ':
    case 'INVENTORY_ON_STARTUP':
      return from(computer ?? pick(groups, 'minNonZero') ?? global);
    case 'DOWNLOAD_SWITCH':
    case 'SNMP_SWITCH': {
      if (!global.value) return from(global);
      const off = groups.find((g) => g.value === 0);
      if (off) return from(off);
      if (computer && computer.value === 0) return from(computer);
      return from(global);
    }
    case 'DOWNLOAD_CYCLE_LATENCY':
    case 'DOWNLOAD_FRAG_LATENCY':
    case 'DOWNLOAD_PERIOD_LATENCY':
      return from(computer ?? pick(groups, 'max') ?? global);
    case 'DOWNLOAD_PERIOD_LENGTH':
    case 'DOWNLOAD_TIMEOUT':
      return from(computer ?? pick(groups, 'min') ?? global);
    case 'IPDISCOVER': {
      const veto = useGroupsForIpdiscover ? groups.find((g) => g.value === 0) : undefined;
      if (veto) return from(veto);
      return from(computer ?? global);
    }
  }
}

export async function effectiveSettings(k: Knex, c: Caller, computerId: number): Promise<EffectiveSetting[]> {
  if (!(await idsInScope(k, c.scope, [computerId])).length)
    throw new AppError('NOT_FOUND', { what: 'computer', id: computerId });
  const options = [...new Set(SETTING_NAMES.map((n) => SETTING_BOUNDS[n].option)), 'IPDISCOVER_USE_GROUPS'];
  const config = await readConfig(k, options);
  const own = (await k('devices')
    .where('HARDWARE_ID', computerId)
    .whereIn('NAME', [...SETTING_NAMES])
    .select('NAME', 'IVALUE')) as Array<{ NAME: string; IVALUE: number | null }>;
  // The groups the server sends this computer's settings from: STATIC 0 or 1 (hidden groups included:
  // the server ignores visibility; their names are shown to everyone, as ocsreports' computer page does).
  const grp = (await k
    .from({ gc: 'groups_cache' })
    .join({ h: 'hardware' }, 'h.ID', 'gc.GROUP_ID')
    .join({ d: 'devices' }, 'd.HARDWARE_ID', 'gc.GROUP_ID')
    .where('gc.HARDWARE_ID', computerId)
    .whereIn('gc.STATIC', [0, 1])
    .where('h.DEVICEID', SYSTEM_GROUP)
    .whereIn('d.NAME', [...SETTING_NAMES])
    .select('gc.GROUP_ID', 'h.NAME as GNAME', 'd.NAME', 'd.IVALUE')
    .orderBy('h.NAME')) as Array<{ GROUP_ID: number; GNAME: string; NAME: string; IVALUE: number | null }>;
  const useGroups = Number(config.get('IPDISCOVER_USE_GROUPS')?.effective ?? 1) === 1;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return SETTING_NAMES.map((name) => {
    const opt = SETTING_BOUNDS[name].option;
    const global: Layer = { source: 'global', name: opt, value: num(config.get(opt)?.effective) };
    const groups: Layer[] = grp
      .filter((r) => r.NAME === name)
      .map((r) => ({ source: 'group', name: r.GNAME, value: num(r.IVALUE), groupId: Number(r.GROUP_ID) }));
    const mine = own.find((r) => r.NAME === name);
    const computer: Layer | null = mine
      ? { source: 'computer', name: 'computer', value: num(mine.IVALUE) }
      : null;
    return {
      name,
      ...resolve(name, global, groups, computer, useGroups),
      rule: RULES[name],
      layers: [global, ...groups, ...(computer ? [computer] : [])].map(({ source, name: n, value }) => ({
        source,
        name: n,
        value,
      })),
    };
  });
}
