import type { ColumnInfo, SearchOp, ValueType } from '../../shared/contract/computers';
import type { SearchField } from '../../shared/contract/search';
import { sqlValueType, type SchemaInfo } from './schema-info';

/** Labels of the well-known hardware / bios columns (others show their column name). */
const LABELS: Record<string, string> = {
  'hardware.ID': 'ID',
  'hardware.DEVICEID': 'Device ID',
  'hardware.NAME': 'Computer name',
  'hardware.WORKGROUP': 'Domain / workgroup',
  'hardware.USERDOMAIN': 'User domain',
  'hardware.OSNAME': 'Operating system',
  'hardware.OSVERSION': 'OS version',
  'hardware.OSCOMMENTS': 'OS comments',
  'hardware.PROCESSORT': 'CPU model',
  'hardware.PROCESSORS': 'CPU speed (MHz)',
  'hardware.PROCESSORN': 'CPU count',
  'hardware.MEMORY': 'Memory (MB)',
  'hardware.SWAP': 'Swap (MB)',
  'hardware.IPADDR': 'IP address',
  'hardware.DNS': 'DNS',
  'hardware.DEFAULTGATEWAY': 'Default gateway',
  'hardware.LASTDATE': 'Last inventory',
  'hardware.LASTCOME': 'Last contact',
  'hardware.USERID': 'User',
  'hardware.DESCRIPTION': 'Description',
  'hardware.USERAGENT': 'Agent',
  'hardware.UUID': 'UUID',
  'hardware.ARCH': 'Architecture',
  'hardware.CHECKSUM': 'Checksum',
  'hardware.QUALITY': 'Quality',
  'hardware.FIDELITY': 'Fidelity',
  'hardware.WINCOMPANY': 'Windows company',
  'hardware.WINOWNER': 'Windows owner',
  'hardware.WINPRODID': 'Windows product id',
  'hardware.WINPRODKEY': 'Windows product key',
  'hardware.IPSRC': 'Source IP',
  'hardware.CATEGORY_ID': 'Asset category',
  'bios.SMANUFACTURER': 'System manufacturer',
  'bios.SMODEL': 'System model',
  'bios.SSN': 'Serial number',
  'bios.TYPE': 'Chassis type',
  'bios.BMANUFACTURER': 'BIOS manufacturer',
  'bios.BVERSION': 'BIOS version',
  'bios.BDATE': 'BIOS date',
  'bios.ASSETTAG': 'Asset tag',
  'bios.MMANUFACTURER': 'Motherboard manufacturer',
  'bios.MMODEL': 'Motherboard model',
  'bios.MSN': 'Motherboard serial',
};

export const DEFAULT_COLUMNS = [
  'hardware.NAME',
  'accountinfo.TAG',
  'hardware.USERID',
  'hardware.OSNAME',
  'hardware.MEMORY',
  'hardware.PROCESSORS',
  'hardware.IPADDR',
  'hardware.LASTDATE',
];

/** Columns kept out of the grid (internal or huge). */
const HIDDEN = new Set(['hardware.ETIME', 'hardware.SSTATE', 'hardware.ARCHIVE', 'hardware.TYPE']);

export function gridColumns(s: SchemaInfo): ColumnInfo[] {
  const out: ColumnInfo[] = [];
  for (const table of ['hardware', 'bios'] as const) {
    const types = s.types.get(table) ?? new Map<string, string>();
    const indexed = s.leadingIndexed.get(table) ?? new Set<string>();
    for (const column of s.columns.get(table) ?? []) {
      const id = `${table}.${column}`;
      if (column === 'HARDWARE_ID' || HIDDEN.has(id)) continue;
      // The asset category id means nothing without ocsreports' table of names.
      if (id === 'hardware.CATEGORY_ID' && !s.tables.has('assets_categories')) continue;
      out.push({
        id,
        table,
        column,
        label: LABELS[id] ?? column,
        type: id === 'hardware.CATEGORY_ID' ? 'text' : sqlValueType(types.get(column) ?? 'varchar'),
        // The category shows its name but the index orders ids: no sort on it.
        sortable: indexed.has(column) && id !== 'hardware.CATEGORY_ID',
        default: DEFAULT_COLUMNS.includes(id),
        admin: null,
      });
    }
  }
  const accIndexed = s.leadingIndexed.get('accountinfo') ?? new Set<string>();
  for (const f of s.adminFields) {
    const id = `accountinfo.${f.column}`;
    out.push({
      id,
      table: 'accountinfo',
      column: f.column,
      label: f.label,
      type: f.type,
      sortable: accIndexed.has(f.column),
      default: DEFAULT_COLUMNS.includes(id),
      admin: f,
    });
  }
  return out;
}

/** How a criterion field maps to SQL. */
export type FieldDef =
  | { kind: 'row'; table: 'hardware' | 'bios' | 'accountinfo'; column: string; type: ValueType }
  | { kind: 'multi'; table: string; column: string; type: ValueType }
  | { kind: 'software' }
  | { kind: 'setting'; name: 'FREQUENCY' | 'IPDISCOVER' }
  | { kind: 'package' }
  | { kind: 'registry' }
  /** Member (STATIC 0/1) of the group whose id is the value, read live from groups_cache. */
  | { kind: 'group' }
  /** A CHECKBOX admin field: the value is one label, matched among the ticked ones (`a&&&b&&&`). */
  | { kind: 'checkbox'; column: string }
  /** Has a software whose (name, publisher, version) software_categories_link puts in category value. */
  | { kind: 'softwareCategory' }
  /** hardware.CATEGORY_ID: the asset category the comm server set at the last inventory. */
  | { kind: 'assetCategory' };

const TEXT_OPS: SearchOp[] = [
  'EQUAL',
  'DIFFERENT',
  'LIKE',
  'NOT_LIKE',
  'SMALLER',
  'BIGGER',
  'BETWEEN',
  'OUT_OF',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
];
const NUM_OPS: SearchOp[] = [
  'EQUAL',
  'DIFFERENT',
  'SMALLER',
  'BIGGER',
  'BETWEEN',
  'OUT_OF',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
];
const DATE_OPS: SearchOp[] = [...NUM_OPS, 'OLDER_THAN_DAYS', 'NEWER_THAN_DAYS'];

/** Choice lists: the stored value is a choice number (SELECT, RADIOBUTTON) or id, never a text to match. */
const CHOICE_OPS: SearchOp[] = ['EQUAL', 'DIFFERENT', 'IS_EMPTY', 'IS_NOT_EMPTY'];

export function opsFor(type: ValueType): SearchOp[] {
  if (type === 'select' || type === 'radio' || type === 'checkbox') return CHOICE_OPS;
  if (type === 'int' || type === 'decimal') return NUM_OPS;
  if (type === 'date' || type === 'datetime') return DATE_OPS;
  return TEXT_OPS;
}

/** The criteria of the original console (1.01 list), in its order; multi-row ones search any row. */
const CURATED: Array<{ key: string; label: string; group: string; def: FieldDef }> = [
  {
    key: 'bios.BMANUFACTURER',
    label: 'BIOS manufacturer',
    group: 'bios',
    def: { kind: 'row', table: 'bios', column: 'BMANUFACTURER', type: 'text' },
  },
  {
    key: 'bios.BVERSION',
    label: 'BIOS version',
    group: 'bios',
    def: { kind: 'row', table: 'bios', column: 'BVERSION', type: 'text' },
  },
  {
    key: 'hardware.NAME',
    label: 'Computer name',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'NAME', type: 'text' },
  },
  {
    key: 'hardware.DESCRIPTION',
    label: 'Description',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'DESCRIPTION', type: 'text' },
  },
  {
    key: 'hardware.WORKGROUP',
    label: 'Domain / workgroup',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'WORKGROUP', type: 'text' },
  },
  {
    key: 'drives.FREE',
    label: 'Free disk space (MB, any drive)',
    group: 'storage',
    def: { kind: 'multi', table: 'drives', column: 'FREE', type: 'int' },
  },
  {
    key: 'devices.FREQUENCY',
    label: 'Inventory frequency (own setting)',
    group: 'settings',
    def: { kind: 'setting', name: 'FREQUENCY' },
  },
  {
    key: 'networks.IPGATEWAY',
    label: 'Gateway',
    group: 'network',
    def: { kind: 'multi', table: 'networks', column: 'IPGATEWAY', type: 'text' },
  },
  {
    key: 'networks.IPADDRESS',
    label: 'IP address',
    group: 'network',
    def: { kind: 'multi', table: 'networks', column: 'IPADDRESS', type: 'text' },
  },
  {
    key: 'devices.IPDISCOVER',
    label: 'IP discovery status',
    group: 'settings',
    def: { kind: 'setting', name: 'IPDISCOVER' },
  },
  {
    key: 'hardware.LASTDATE',
    label: 'Last inventory',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'LASTDATE', type: 'datetime' },
  },
  {
    key: 'hardware.LASTCOME',
    label: 'Last contact',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'LASTCOME', type: 'datetime' },
  },
  {
    key: 'networks.MACADDR',
    label: 'MAC address',
    group: 'network',
    def: { kind: 'multi', table: 'networks', column: 'MACADDR', type: 'text' },
  },
  {
    key: 'bios.SMANUFACTURER',
    label: 'System manufacturer',
    group: 'bios',
    def: { kind: 'row', table: 'bios', column: 'SMANUFACTURER', type: 'text' },
  },
  {
    key: 'bios.SMODEL',
    label: 'System model',
    group: 'bios',
    def: { kind: 'row', table: 'bios', column: 'SMODEL', type: 'text' },
  },
  {
    key: 'hardware.MEMORY',
    label: 'Memory (MB)',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'MEMORY', type: 'int' },
  },
  {
    key: 'monitors.CAPTION',
    label: 'Monitor caption',
    group: 'monitor',
    def: { kind: 'multi', table: 'monitors', column: 'CAPTION', type: 'text' },
  },
  {
    key: 'monitors.MANUFACTURER',
    label: 'Monitor manufacturer',
    group: 'monitor',
    def: { kind: 'multi', table: 'monitors', column: 'MANUFACTURER', type: 'text' },
  },
  {
    key: 'monitors.SERIAL',
    label: 'Monitor serial',
    group: 'monitor',
    def: { kind: 'multi', table: 'monitors', column: 'SERIAL', type: 'text' },
  },
  {
    key: 'networks.IPSUBNET',
    label: 'Network number',
    group: 'network',
    def: { kind: 'multi', table: 'networks', column: 'IPSUBNET', type: 'text' },
  },
  {
    key: 'hardware.OSNAME',
    label: 'Operating system',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'OSNAME', type: 'text' },
  },
  {
    key: 'hardware.PROCESSORS',
    label: 'CPU speed (MHz)',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'PROCESSORS', type: 'int' },
  },
  { key: 'registry.REGVALUE', label: 'Registry value', group: 'registry', def: { kind: 'registry' } },
  {
    key: 'bios.SSN',
    label: 'Serial number',
    group: 'bios',
    def: { kind: 'row', table: 'bios', column: 'SSN', type: 'text' },
  },
  { key: 'software.NAME', label: 'Software', group: 'software', def: { kind: 'software' } },
  {
    key: 'hardware.USERID',
    label: 'User',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'USERID', type: 'text' },
  },
  {
    key: 'hardware.USERAGENT',
    label: 'User agent',
    group: 'hardware',
    def: { kind: 'row', table: 'hardware', column: 'USERAGENT', type: 'text' },
  },
  {
    key: 'devices.DOWNLOAD',
    label: 'Deployment package status',
    group: 'deployment',
    def: { kind: 'package' },
  },
  { key: 'groups_cache.GROUP_ID', label: 'Member of group', group: 'groups', def: { kind: 'group' } },
  {
    key: 'software_categories_link.CATEGORY_ID',
    label: 'Software category',
    group: 'software',
    def: { kind: 'softwareCategory' },
  },
  {
    key: 'hardware.CATEGORY_ID',
    label: 'Asset category',
    group: 'hardware',
    def: { kind: 'assetCategory' },
  },
];

/** The tables a curated criterion needs (left out of the list on a database without them). */
function curatedPresent(s: SchemaInfo, d: FieldDef): boolean {
  if (d.kind === 'row' || d.kind === 'multi') return (s.columns.get(d.table) ?? []).includes(d.column);
  if (d.kind === 'softwareCategory') return s.tables.has('software_categories_link');
  if (d.kind === 'assetCategory')
    return s.tables.has('assets_categories') && (s.columns.get('hardware') ?? []).includes('CATEGORY_ID');
  return true;
}

const SOFTWARE_OPS: SearchOp[] = ['HAS', 'HAS_NOT', 'EQUAL', 'DIFFERENT', 'LIKE', 'NOT_LIKE'];
const SETTING_OPS: SearchOp[] = [
  'EQUAL',
  'DIFFERENT',
  'SMALLER',
  'BIGGER',
  'BETWEEN',
  'OUT_OF',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
];
const PACKAGE_OPS: SearchOp[] = ['EQUAL', 'DIFFERENT', 'HAS', 'HAS_NOT'];
const REGISTRY_OPS: SearchOp[] = ['EQUAL', 'DIFFERENT', 'LIKE', 'NOT_LIKE', 'IS_EMPTY', 'IS_NOT_EMPTY'];
/** Is / is not a member of the group (the value is the group id). */
const GROUP_OPS: SearchOp[] = ['EQUAL', 'DIFFERENT'];

export const PACKAGE_STATES = ['WAITING', 'NOTIFIED', 'SUCCESS', 'ERROR'];

function opsOf(def: FieldDef): SearchOp[] {
  switch (def.kind) {
    case 'software':
      return SOFTWARE_OPS;
    case 'setting':
      return SETTING_OPS;
    case 'package':
      return PACKAGE_OPS;
    case 'registry':
      return REGISTRY_OPS;
    case 'group':
      return GROUP_OPS;
    case 'checkbox':
    case 'assetCategory':
      return CHOICE_OPS;
    case 'softwareCategory':
      return GROUP_OPS;
    default:
      return opsFor(def.type);
  }
}

/** The search field list: curated criteria, then every admin field (those of tables present only). */
export function searchFields(s: SchemaInfo): SearchField[] {
  const out: SearchField[] = [];
  for (const c of CURATED) {
    const d = c.def;
    if (!curatedPresent(s, d)) continue;
    const choices =
      d.kind === 'package'
        ? PACKAGE_STATES.map((v) => ({ value: v, label: v }))
        : d.kind === 'setting' && d.name === 'IPDISCOVER'
          ? [
              { value: '0', label: 'never elected' },
              { value: '1', label: 'elected by the server' },
              { value: '2', label: 'forced by an administrator' },
            ]
          : [];
    out.push({
      key: c.key,
      label: c.label,
      group: c.group,
      type:
        d.kind === 'row' || d.kind === 'multi'
          ? d.type
          : d.kind === 'setting' ||
              d.kind === 'group' ||
              d.kind === 'softwareCategory' ||
              d.kind === 'assetCategory'
            ? 'int'
            : 'text',
      ops: opsOf(d),
      qualifier:
        d.kind === 'registry'
          ? 'registry'
          : d.kind === 'package'
            ? 'package'
            : d.kind === 'software'
              ? 'version'
              : null,
      choices,
    });
  }
  for (const f of s.adminFields) {
    out.push({
      key: `accountinfo.${f.column}`,
      label: f.label,
      group: 'admin',
      type: f.type,
      ops: opsFor(f.type),
      qualifier: null,
      // A CHECKBOX stores the ticked labels themselves: the criterion's value is a label.
      choices: f.type === 'checkbox' ? f.choices.map((c) => ({ value: c.label, label: c.label })) : f.choices,
    });
  }
  return out;
}

/** Resolves a field key to its SQL mapping; null when it is not on the allowlist of this database. */
export function resolveField(s: SchemaInfo, key: string): FieldDef | null {
  const curated = CURATED.find((c) => c.key === key);
  if (curated) {
    return curatedPresent(s, curated.def) ? curated.def : null;
  }
  const dot = key.indexOf('.');
  const table = key.slice(0, dot);
  const column = key.slice(dot + 1);
  if (table === 'hardware' || table === 'bios') {
    if (column === 'HARDWARE_ID' || !(s.columns.get(table) ?? []).includes(column)) return null;
    return { kind: 'row', table, column, type: sqlValueType(s.types.get(table)?.get(column) ?? 'varchar') };
  }
  if (table === 'accountinfo') {
    const f = s.adminFields.find((a) => a.column === column);
    if (!f) return null;
    if (f.type === 'checkbox') return { kind: 'checkbox', column };
    return { kind: 'row', table, column, type: f.type };
  }
  return null;
}

export function fieldOps(def: FieldDef): SearchOp[] {
  return opsOf(def);
}
