import { z } from 'zod';
import type { OptionType } from './options';
import { optionDef } from './options-catalogue';
import { CsvText, defineJob, defineRoute, Empty, Ok, Page } from './route';

/**
 * Computers: the server-side grid, the full detail, admin data, per-computer settings and mass actions.
 *
 * Column ids and search field keys are `table.COLUMN` with OCS names as they are:
 * `hardware.NAME`, `bios.SSN`, `accountinfo.TAG`, `accountinfo.fields_3`, `software.NAME`, `devices.FREQUENCY`.
 * The main process only accepts ids it lists itself (`computers.columns`, `search.fields`).
 */
export const ColumnId = z
  .string()
  .max(80)
  .regex(/^[a-z_]+\.[A-Za-z0-9_]+$/, 'table.COLUMN');
export type ColumnId = z.infer<typeof ColumnId>;

/** Value types, for display and for the admin-data editor. */
export const ValueType = z.enum([
  'text',
  'longtext',
  'int',
  'decimal',
  'date',
  'datetime',
  'select',
  'radio',
  'checkbox',
]);
export type ValueType = z.infer<typeof ValueType>;

export const Cell = z.union([z.string(), z.number(), z.null()]);
export type Cell = z.infer<typeof Cell>;

/** A choice of a SELECT / RADIOBUTTON / CHECKBOX admin field (config ACCOUNT_VALUE_<NAME>_<n>). */
export const AdminChoice = z.object({ value: z.string(), label: z.string() });

/** An admin-info field (accountinfo_config row, ACCOUNT_TYPE COMPUTERS) and its accountinfo column. */
export const AdminField = z.object({
  /** accountinfo column: `TAG` or `fields_<id>`. */
  column: z.string(),
  /** accountinfo_config.ID (null for TAG when the config row is missing). */
  fieldId: z.number().int().nullable(),
  name: z.string(),
  label: z.string(),
  type: ValueType,
  /** accountinfo_config.TYPE as stored (0 TEXT, 1 TEXTAREA, 2 SELECT, 5 CHECKBOX, 11 RADIO, 14 DATE...). */
  ocsType: z.number().int(),
  choices: z.array(AdminChoice),
  tab: z.number().int().nullable(),
  order: z.number().int().nullable(),
});
export type AdminField = z.infer<typeof AdminField>;

export const ColumnInfo = z.object({
  id: ColumnId,
  table: z.enum(['hardware', 'bios', 'accountinfo']),
  column: z.string(),
  label: z.string(),
  type: ValueType,
  /** Backed by an index in this database (so sorting stays fast on 100k rows). */
  sortable: z.boolean(),
  /** Shown when the operator has not chosen columns. */
  default: z.boolean(),
  /** Set for accountinfo columns. */
  admin: AdminField.nullable(),
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

export const SortDir = z.enum(['asc', 'desc']);
export const Sort = z.object({ column: ColumnId, dir: SortDir.default('asc') });
export type Sort = z.infer<typeof Sort>;

/**
 * Search operators. EQUAL, DIFFERENT, SMALLER, BIGGER, BETWEEN (value..value2, inclusive), OUT_OF (outside
 * value..value2), LIKE (`*` any run, `?` one character; without a wildcard: contains), NOT_LIKE,
 * IS_EMPTY (NULL or blank), IS_NOT_EMPTY, HAS / HAS_NOT (multi-row sections such as software: the computer
 * has / has no row matching the value, wildcards allowed), OLDER_THAN_DAYS / NEWER_THAN_DAYS (dates).
 * On multi-row sections every positive operator means "has a row that ..."; DIFFERENT and NOT_LIKE mean
 * "has no row that equals / matches".
 */
export const SearchOp = z.enum([
  'EQUAL',
  'DIFFERENT',
  'SMALLER',
  'BIGGER',
  'BETWEEN',
  'OUT_OF',
  'LIKE',
  'NOT_LIKE',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
  'HAS',
  'HAS_NOT',
  'OLDER_THAN_DAYS',
  'NEWER_THAN_DAYS',
]);
export type SearchOp = z.infer<typeof SearchOp>;

export const Criterion = z.object({
  field: ColumnId,
  op: SearchOp,
  value: z.string().max(1000).default(''),
  /** Upper bound of BETWEEN / OUT_OF. */
  value2: z.string().max(1000).optional(),
  /**
   * Qualifier for fields that need one: `registry.REGVALUE` → the registry query NAME;
   * `devices.DOWNLOAD` → the package FILEID (download_available.FILEID); `software.NAME` → an optional
   * version pattern (wildcards).
   */
  qualifier: z.string().max(255).optional(),
});
export type Criterion = z.infer<typeof Criterion>;

/** Which computers: quick text (name or user, prefix; `*` wildcards) and/or criteria. */
export const ComputerFilter = z.object({
  quick: z.string().max(255).optional(),
  criteria: z.array(Criterion).max(40).default([]),
  /** How criteria combine: all (AND, default) or any (OR). The quick filter always ANDs. */
  match: z.enum(['all', 'any']).default('all'),
});
export type ComputerFilter = z.infer<typeof ComputerFilter>;

/**
 * The most computer IDs a selection carries: ticked one by one (`ids`), or unticked from "all matching"
 * (`except`). The computers grid says so before a tick or untick would pass it.
 */
export const SELECTION_MAX_IDS = 10_000;

/**
 * A mass action target: explicit ids, or "everything matching this filter" (never 100k ids on the
 * wire), less the computers the operator unticked afterwards (`except`, "all matching except K").
 */
export const ComputerSelection = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ids'),
    ids: z.array(z.number().int().positive()).min(1).max(SELECTION_MAX_IDS),
  }),
  z.object({
    kind: z.literal('filter'),
    filter: ComputerFilter,
    except: z.array(z.number().int().positive()).max(SELECTION_MAX_IDS).optional(),
  }),
]);
export type ComputerSelection = z.infer<typeof ComputerSelection>;

export const MAX_PAGE = 500;

export const ListInput = z.object({
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  /** Must be a sortable column (see `computers.columns`); default LASTDATE desc. */
  sort: Sort.optional(),
  filter: ComputerFilter.default({ criteria: [], match: 'all' }),
  /** Columns to return; default: the `default: true` columns. Unknown ids are refused. */
  columns: z.array(ColumnId).max(80).optional(),
  /**
   * false: rows only, no count (the virtual grid's blocks; its total comes from `computers.total`), and
   * `total` is null unless known for free (a count of the last seconds, or a page that counted anyway).
   */
  withTotal: z.boolean().default(true),
});
export type ListInput = z.infer<typeof ListInput>;

export const ComputerRow = z.object({
  id: z.number().int(),
  /** Always present for last-inventory colouring, whatever the chosen columns. */
  lastDate: z.string().nullable(),
  lastCome: z.string().nullable(),
  /** Column id → value (ids as requested). */
  values: z.record(z.string(), Cell),
});
export type ComputerRow = z.infer<typeof ComputerRow>;

export const ComputerPage = Page(ComputerRow).extend({
  /** Matches of the filter; null only for `withTotal: false` when the server did not count. */
  total: z.number().int().nonnegative().nullable(),
  columns: z.array(ColumnId),
  sort: Sort,
  /** config INTERFACE_LAST_CONTACT (days): rows whose lastCome is older get the "late" colour. */
  lateAfterDays: z.number().int(),
});
export type ComputerPage = z.infer<typeof ComputerPage>;

export const SectionRow = z.record(z.string(), Cell);
export type SectionRow = z.infer<typeof SectionRow>;

/** Per-computer settings (devices rows) the console edits; `null` value = follows the global option. */
export const SETTING_NAMES = [
  'FREQUENCY',
  'PROLOG_FREQ',
  'INVENTORY_ON_STARTUP',
  'IPDISCOVER',
  'DOWNLOAD_SWITCH',
  'DOWNLOAD_CYCLE_LATENCY',
  'DOWNLOAD_FRAG_LATENCY',
  'DOWNLOAD_PERIOD_LATENCY',
  'DOWNLOAD_PERIOD_LENGTH',
  'DOWNLOAD_TIMEOUT',
  'SNMP_SWITCH',
] as const;
export const SettingName = z.enum(SETTING_NAMES);
export type SettingName = z.infer<typeof SettingName>;

export const SettingValue = z.object({
  ivalue: z.number().int().nullable(),
  tvalue: z.string().max(255).nullable(),
});
export type SettingValue = z.infer<typeof SettingValue>;

/** The `config` option each per-computer setting overrides (the *_SWITCH rows override DOWNLOAD and SNMP). */
const SETTING_OPTION: Readonly<Record<SettingName, string>> = {
  FREQUENCY: 'FREQUENCY',
  PROLOG_FREQ: 'PROLOG_FREQ',
  INVENTORY_ON_STARTUP: 'INVENTORY_ON_STARTUP',
  IPDISCOVER: 'IPDISCOVER',
  DOWNLOAD_SWITCH: 'DOWNLOAD',
  DOWNLOAD_CYCLE_LATENCY: 'DOWNLOAD_CYCLE_LATENCY',
  DOWNLOAD_FRAG_LATENCY: 'DOWNLOAD_FRAG_LATENCY',
  DOWNLOAD_PERIOD_LATENCY: 'DOWNLOAD_PERIOD_LATENCY',
  DOWNLOAD_PERIOD_LENGTH: 'DOWNLOAD_PERIOD_LENGTH',
  DOWNLOAD_TIMEOUT: 'DOWNLOAD_TIMEOUT',
  SNMP_SWITCH: 'SNMP',
};

export interface SettingBounds {
  /** The General options entry the bounds come from. */
  option: string;
  type: OptionType;
  min: number;
  max: number;
}

/**
 * Bounds of every per-computer setting, derived from the General options catalogue so both screens (and the
 * main process) accept the same values. One exception: a computer's IPDISCOVER row is not the global "max
 * agents per subnet" but the agent's own role, 0 (never), 1 (elected for its subnet) or 2 (forced).
 */
export const SETTING_BOUNDS: Readonly<Record<SettingName, SettingBounds>> = Object.fromEntries(
  SETTING_NAMES.map((n) => {
    const d = optionDef(SETTING_OPTION[n])!;
    const b: SettingBounds = { option: d.name, type: d.type, min: d.min ?? 0, max: d.max ?? 2147483647 };
    return [n, n === 'IPDISCOVER' ? { ...b, type: 'enum', min: 0, max: 2 } : b];
  }),
) as Record<SettingName, SettingBounds>;

/**
 * Why a per-computer value is refused, as a key and its parameters (the UI words it in the operator's
 * language from `computers:settings.problem.<key>`; `settingProblem` gives the English text).
 */
export interface SettingProblem {
  key: 'integer' | 'frequency' | 'ipdiscover' | 'bool' | 'range' | 'rangeUnit';
  min: number;
  max: number;
  /** seconds, minutes, hours, days or ms (rangeUnit only). */
  unit?: string;
}

export function settingIssue(name: SettingName, v: SettingValue | null): SettingProblem | null {
  if (!v) return null;
  const b = SETTING_BOUNDS[name];
  const at = { min: b.min, max: b.max };
  if (v.ivalue === null || !Number.isInteger(v.ivalue)) return { key: 'integer', ...at };
  if (v.ivalue >= b.min && v.ivalue <= b.max) return null;
  if (b.type === 'frequency') return { key: 'frequency', ...at };
  if (name === 'IPDISCOVER') return { key: 'ipdiscover', ...at };
  if (b.type === 'bool') return { key: 'bool', ...at };
  if (['seconds', 'minutes', 'hours', 'days', 'ms'].includes(b.type))
    return { key: 'rangeUnit', ...at, unit: b.type };
  return { key: 'range', ...at };
}

/** Why a per-computer value is refused (in the operator's words, English), or null when it fits its bounds. */
export function settingProblem(name: SettingName, v: SettingValue | null): string | null {
  const p = settingIssue(name, v);
  if (!p) return null;
  switch (p.key) {
    case 'integer':
      return 'a whole number is required';
    case 'frequency':
      return `-1 (never), 0 (every contact) or 1 to ${p.max} days`;
    case 'ipdiscover':
      return '0 (never), 1 (elected for its subnet) or 2 (forced)';
    case 'bool':
      return '0 (off) or 1 (on)';
    case 'rangeUnit':
      return `from ${p.min} to ${p.max} ${p.unit}`;
    default:
      return `from ${p.min} to ${p.max}`;
  }
}

/** Per-computer settings to write (null = back to the global option), each checked against its bounds. */
export const SettingsChange = z.partialRecord(SettingName, SettingValue.nullable()).superRefine((s, ctx) => {
  for (const [name, v] of Object.entries(s)) {
    const why = settingProblem(name as SettingName, v ?? null);
    if (why) ctx.addIssue({ code: 'custom', path: [name, 'ivalue'], message: why });
  }
});

export const ComputerSetting = z.object({
  name: SettingName,
  /** The computer's own devices row, or null (follows the global option). */
  value: SettingValue.nullable(),
  /** config row (IVALUE/TVALUE), or null when the config table has no row (server default applies). */
  global: SettingValue.nullable(),
  /** True when the computer has its own value and it is not the global one: the UI marks it in red. */
  differs: z.boolean(),
});
export type ComputerSetting = z.infer<typeof ComputerSetting>;

export const AssignedPackage = z.object({
  /** devices.IVALUE = download_enable.ID */
  enableId: z.number().int(),
  fileId: z.string().nullable(),
  name: z.string().nullable(),
  /** devices.TVALUE: null = waiting for notification, NOTIFIED, SUCCESS..., ERR_..., EXIT_CODE_n. */
  status: z.string().nullable(),
  /** Grouped status for colour and filter. */
  state: z.enum(['waiting', 'notified', 'success', 'error', 'other']),
  /** devices.COMMENTS (time of the last status change, comm-server format). */
  changedAt: z.string().nullable(),
  infoLoc: z.string().nullable(),
  packLoc: z.string().nullable(),
  forced: z.boolean(),
  schedule: z.string().nullable(),
  postCmd: z.string().nullable(),
});
export type AssignedPackage = z.infer<typeof AssignedPackage>;

export const SoftwareRow = z.object({
  name: z.string().nullable(),
  publisher: z.string().nullable(),
  version: z.string().nullable(),
  folder: z.string().nullable(),
  comments: z.string().nullable(),
  filename: z.string().nullable(),
  filesize: z.number().nullable(),
  source: z.number().nullable(),
  guid: z.string().nullable(),
  language: z.string().nullable(),
  installDate: z.string().nullable(),
  bitswidth: z.number().nullable(),
  architecture: z.string().nullable(),
});
export type SoftwareRow = z.infer<typeof SoftwareRow>;

/** Multi-row sections returned by `computers.detail` (tables absent from an older schema are left out). */
export const DETAIL_SECTIONS = [
  'cpus',
  'memories',
  'storages',
  'drives',
  'networks',
  'printers',
  'monitors',
  'videos',
  'controllers',
  'slots',
  'ports',
  'sounds',
  'modems',
  'inputs',
  'registry',
  'virtualmachines',
  'batteries',
  'usbdevices',
  'sim',
  'repository',
  'javainfo',
  'journallog',
  'local_users',
  'local_groups',
  'unixusers',
  'saas',
  'download_history',
] as const;
export const DetailSection = z.enum(DETAIL_SECTIONS);
export type DetailSection = z.infer<typeof DetailSection>;

export const ComputerDetail = z.object({
  id: z.number().int(),
  hardware: SectionRow,
  bios: SectionRow.nullable(),
  /** accountinfo row (TAG, fields_N), null if the computer has none. */
  accountinfo: SectionRow.nullable(),
  adminFields: z.array(AdminField),
  /** Every multi-row section, rows ordered by ID. Keys: DetailSection values present in the schema. */
  sections: z.record(z.string(), z.array(SectionRow)),
  software: z.array(SoftwareRow),
  settings: z.array(ComputerSetting),
  packages: z.array(AssignedPackage),
  lateAfterDays: z.number().int(),
  /** MAC address (as in networks.MACADDR) → maker, from the MAC vendor list; unknown ones are left out. */
  macVendors: z.record(z.string(), z.string()).default({}),
});
export type ComputerDetail = z.infer<typeof ComputerDetail>;

/** Admin data: accountinfo column → value (null clears). Values are checked against the field type. */
export const AdminValues = z.record(
  z.string().regex(/^(TAG|fields_\d+)$/),
  z.string().max(65_535).nullable(),
);

export const CsvExportInput = ListInput.omit({ offset: true, limit: true, withTotal: true }).extend({
  /** Row cap of the returned text (the file export has none). */
  maxRows: z.number().int().min(1).max(50_000).default(10_000),
  separator: z.enum([',', ';', '\t']).default(','),
});

export const PerfIndex = z.object({
  table: z.string(),
  name: z.string(),
  columns: z.array(z.string()),
  reason: z.string(),
  present: z.boolean(),
  /** InnoDB's estimate of the table's rows (information_schema.TABLES). */
  tableRows: z.number().int().nonnegative().optional(),
  /** Rough build time and size of the index from the table size (shown as estimates). */
  estimatedSeconds: z.number().nonnegative().optional(),
  estimatedBytes: z.number().int().nonnegative().optional(),
});
export type PerfIndex = z.infer<typeof PerfIndex>;

/** The optional indexes and whether this connection may create or drop them. */
export const PerfIndexReport = z.object({
  indexes: z.array(PerfIndex),
  /** The DB account holds ALTER and INDEX on this database and the server is writable. */
  canChange: z.boolean(),
  /** Why not (missing privileges, read-only server), for the "who can fix it" text. */
  blockedBy: z.enum(['privileges', 'read-only']).nullable(),
  /** The account as the server sees it (CURRENT_USER()), and the database. */
  account: z.string(),
  database: z.string(),
});
export type PerfIndexReport = z.infer<typeof PerfIndexReport>;

export const GridPrefs = z.object({
  columns: z.array(ColumnId).max(80),
  pageSize: z.number().int().min(10).max(MAX_PAGE).default(50),
  /** One virtual list over the whole result (blocks fetched as they scroll into view), or pages. */
  mode: z.enum(['scroll', 'pages']).default('scroll'),
  sort: Sort.nullable().default(null),
  /** Column id → width in px. */
  widths: z.record(z.string(), z.number().int().min(20).max(2000)).default({}),
});
export type GridPrefs = z.infer<typeof GridPrefs>;

export const computers = {
  /** Every column the grid can show: hardware, bios and accountinfo (admin fields with labels/types). */
  columns: defineRoute({ right: 'browse', input: Empty, output: z.array(ColumnInfo) }),
  list: defineRoute({ right: 'browse', input: ListInput, output: ComputerPage }),
  /**
   * The computers grid's total, asked beside its blocks: the matches of a filter in the operator's
   * perimeter, counted within the server's time budget (20 s); null when the count took longer (the
   * grid then says "more than" the rows it has seen). Mass actions count exactly with `count`.
   */
  total: defineRoute({
    right: 'browse',
    input: z.object({ filter: ComputerFilter }),
    output: z.object({ total: z.number().int().nonnegative().nullable() }),
  }),
  /** Number of computers a selection targets (for "Delete 1,284 computers"). */
  count: defineRoute({
    right: 'browse',
    input: z.object({ selection: ComputerSelection }),
    output: z.object({ count: z.number().int() }),
  }),
  /** Every section in one call. */
  detail: defineRoute({
    right: 'browse',
    input: z.object({ id: z.number().int().positive() }),
    output: ComputerDetail,
  }),
  setAdminData: defineRoute({
    right: 'editAdminData',
    input: z.object({ id: z.number().int().positive(), values: AdminValues }),
    output: Ok,
  }),
  /** Per-computer options as the console writes them (delete same NAME, then insert); null = back to global. */
  setSettings: defineRoute({
    right: 'configure',
    input: z.object({
      selection: ComputerSelection,
      settings: SettingsChange,
    }),
    output: z.object({ computers: z.number().int() }),
  }),
  /** CSV of the current view as text, capped at maxRows. */
  exportCsv: defineRoute({
    right: 'browse',
    input: CsvExportInput,
    output: CsvText,
  }),
  /** CSV of the current view streamed to a file on the main-process side (no cap). */
  exportCsvFile: defineJob({
    right: 'browse',
    input: CsvExportInput.omit({ maxRows: true }).extend({
      path: z.string().min(1).max(4096),
      /** An existing file is replaced only when this is true (CONFLICT otherwise). */
      overwrite: z.boolean().default(false),
    }),
    result: z.object({ path: z.string(), rows: z.number().int() }),
  }),
  /** Mass set of admin fields (TAG or fields_N) on a selection. */
  massSetAdminData: defineJob({
    right: 'editAdminData',
    input: z.object({ selection: ComputerSelection, values: AdminValues }),
    result: z.object({ computers: z.number().int() }),
  }),
  /** Delete computers and every HARDWARE_ID row; deleted_equiv trace when TRACE_DELETED=1. */
  delete: defineJob({
    right: 'deleteComputers',
    input: z.object({
      selection: ComputerSelection,
      /** When given, the job refuses (CONFLICT) if the selection now holds another number of computers. */
      expectedCount: z.number().int().positive().optional(),
    }),
    result: z.object({ deleted: z.number().int(), traced: z.boolean() }),
  }),
  getGridPrefs: defineRoute({ right: 'browse', input: Empty, output: GridPrefs.nullable() }),
  setGridPrefs: defineRoute({ right: 'browse', writes: true, input: GridPrefs, output: Ok }),
  /** Optional extra indexes that make sorting by last inventory and software search fast. */
  /** Status of the optional `ocsdesk_*` indexes (every operator sees it, with who can change it). */
  perfIndexes: defineRoute({ right: 'browse', input: Empty, output: PerfIndexReport }),
  /** Online DDL (INPLACE, LOCK=NONE), cancellable: the comm server keeps writing meanwhile. */
  createPerfIndexes: defineJob({
    right: 'configure',
    input: Empty,
    result: z.object({ created: z.array(z.string()) }),
  }),
  dropPerfIndexes: defineJob({
    right: 'configure',
    input: Empty,
    result: z.object({ dropped: z.array(z.string()) }),
  }),
};
