import type { OptionDef, OptionGroup, OptionType, OptionValue } from './options';

/**
 * The options of the "General options" screen, as data. Server options: the comm server reads the
 * `config` row when there is one, else its Apache setting (Debian ocsinventory-server.conf), else its
 * built-in default; `default` below is that fallback. Console keys: the console's own default.
 * Rows whose NAME is not here are never written by this screen.
 */
type Src = OptionDef['defaultSource'];

const TEXT_TYPES: ReadonlySet<OptionType> = new Set(['text', 'path', 'url']);
const DAY_MAX = 3650;
const INT_MAX = 2147483647;

function opt(
  group: OptionGroup,
  name: string,
  type: OptionType,
  def: OptionValue | null,
  more: { src?: Src; min?: number; max?: number; choices?: OptionValue[]; column?: OptionDef['column'] } = {},
): OptionDef {
  const text = TEXT_TYPES.has(type) || (type === 'enum' && typeof more.choices?.[0] === 'string');
  const range: Record<OptionType, [number | null, number | null]> = {
    int: [0, INT_MAX],
    bool: [0, 1],
    enum: [null, null],
    text: [null, null],
    path: [null, null],
    url: [null, null],
    seconds: [0, INT_MAX],
    minutes: [0, 100000],
    hours: [1, 8760],
    days: [0, DAY_MAX],
    ms: [0, 60000],
    frequency: [-1, DAY_MAX],
    ipdiscover: [0, 1000],
    bitmask: [0, 63],
  };
  const [min, max] = range[type];
  return {
    name,
    column: more.column ?? (text ? 'TVALUE' : 'IVALUE'),
    type,
    group,
    server: (more.src ?? 'apache') !== 'console',
    min: more.min ?? min,
    max: more.max ?? max,
    choices: more.choices ?? null,
    default: def,
    defaultSource: more.src ?? 'apache',
    descriptionKey: `desc.${name}`,
  };
}

const C = { src: 'console' as const };

export const OPTION_CATALOGUE: readonly OptionDef[] = [
  // Inventory
  opt('inventory', 'FREQUENCY', 'frequency', 0),
  opt('inventory', 'INVENTORY_DIFF', 'bool', 1),
  opt('inventory', 'INVENTORY_WRITE_DIFF', 'bool', 1),
  opt('inventory', 'INVENTORY_TRANSACTION', 'bool', 1),
  opt('inventory', 'INVENTORY_CACHE_ENABLED', 'bool', 1),
  opt('inventory', 'INVENTORY_CACHE_REVALIDATE', 'days', 7),
  opt('inventory', 'INVENTORY_CACHE_KEEP', 'bool', 1),
  opt('inventory', 'INVENTORY_FILTER_ENABLED', 'bool', 0),
  opt('inventory', 'INVENTORY_FILTER_ON', 'bool', 0),
  opt('inventory', 'INVENTORY_FILTER_FLOOD_IP', 'bool', 0),
  opt('inventory', 'INVENTORY_FILTER_FLOOD_IP_CACHE_TIME', 'seconds', 300),
  opt('inventory', 'INVENTORY_SESSION_ONLY', 'bool', 0),
  opt('inventory', 'LOCK_REUSE_TIME', 'seconds', 600),
  opt('inventory', 'GENERATE_OCS_FILES', 'bool', 0),
  opt('inventory', 'OCS_FILES_OVERWRITE', 'bool', 0),
  opt('inventory', 'OCS_FILES_PATH', 'path', '/tmp'),
  opt('inventory', 'OCS_FILES_FORMAT', 'enum', 'OCS', { choices: ['OCS', 'XML'] }),
  opt('inventory', 'LOGLEVEL', 'bool', 0),
  opt('inventory', 'LOGPATH', 'path', '/var/log/ocsinventory-server'),
  opt('inventory', 'COMPRESS_TRY_OTHERS', 'bool', 1),
  opt('inventory', 'SNMP', 'bool', 0),
  opt('inventory', 'SNMP_INVENTORY_DIFF', 'bool', 1),
  // Prolog (agent contact)
  opt('prolog', 'PROLOG_FREQ', 'hours', 12),
  opt('prolog', 'INVENTORY_ON_STARTUP', 'bool', 0),
  opt('prolog', 'PROLOG_FILTER_ON', 'bool', 0),
  opt('prolog', 'SESSION_VALIDITY_TIME', 'seconds', 600),
  opt('prolog', 'SESSION_CLEAN_TIME', 'seconds', 86400),
  // Duplicates
  opt('duplicates', 'AUTO_DUPLICATE_LVL', 'bitmask', 15),
  opt('duplicates', 'TRACE_DELETED', 'bool', 0),
  // Deployment
  opt('deployment', 'DOWNLOAD', 'bool', 0),
  opt('deployment', 'DOWNLOAD_FRAG_LATENCY', 'seconds', 60),
  opt('deployment', 'DOWNLOAD_CYCLE_LATENCY', 'seconds', 60),
  opt('deployment', 'DOWNLOAD_PERIOD_LATENCY', 'seconds', 60),
  opt('deployment', 'DOWNLOAD_PERIOD_LENGTH', 'int', 10, { min: 1, max: 1000 }),
  opt('deployment', 'DOWNLOAD_TIMEOUT', 'days', 7, { min: 1 }),
  opt('deployment', 'DOWNLOAD_EXECUTION_TIMEOUT', 'minutes', 120, { min: 1 }),
  opt('deployment', 'DOWNLOAD_GROUPS_TRACE_EVENTS', 'bool', 1),
  opt('deployment', 'DEPLOY', 'bool', 0),
  opt('deployment', 'UPDATE', 'bool', 0),
  opt('deployment', 'PROXY_REVALIDATE_DELAY', 'seconds', 3600),
  opt('deployment', 'DOWNLOAD_PACK_DIR', 'path', '/var/lib/ocsinventory-reports', C),
  opt('deployment', 'DOWNLOAD_URI_INFO', 'text', 'localhost/download', C),
  opt('deployment', 'DOWNLOAD_URI_FRAG', 'text', 'localhost/download', C),
  opt('deployment', 'DOWNLOAD_ACTIVATE_FRAG', 'bool', 0, C),
  opt('deployment', 'DOWNLOAD_RATIO_FRAG', 'int', null, { ...C, min: 1, max: 4096 }),
  opt('deployment', 'DOWNLOAD_AUTO_ACTIVATE', 'bool', 0, C),
  opt('deployment', 'DOWNLOAD_SERVER_URI', 'text', '$IP$/local', C),
  opt('deployment', 'DOWNLOAD_SERVER_DOCROOT', 'path', 'd:\\tele_ocs', C),
  // IP discovery
  opt('ipdiscover', 'IPDISCOVER', 'ipdiscover', 2),
  opt('ipdiscover', 'IPDISCOVER_MAX_ALIVE', 'days', 14, { min: 1 }),
  opt('ipdiscover', 'IPDISCOVER_BETTER_THRESHOLD', 'int', 1, { max: 1000 }),
  opt('ipdiscover', 'IPDISCOVER_LATENCY', 'ms', 100),
  opt('ipdiscover', 'IPDISCOVER_USE_GROUPS', 'bool', 1),
  opt('ipdiscover', 'IPDISCOVER_NO_POSTPONE', 'bool', 0),
  opt('ipdiscover', 'IPDISCOVER_LINK_TAG_NETWORK', 'bool', 0, { src: 'builtin' }),
  opt('ipdiscover', 'IPDISCOVER_IPD_DIR', 'path', '/var/lib/ocsinventory-reports', C),
  opt('ipdiscover', 'IPDISCOVER_PURGE_OLD', 'bool', 0, C),
  opt('ipdiscover', 'IPDISCOVER_PURGE_VALIDITY_TIME', 'days', 30, { ...C, min: 1 }),
  // Registry
  opt('registry', 'REGISTRY', 'bool', 1),
  // Groups
  opt('groups', 'ENABLE_GROUPS', 'bool', 1),
  opt('groups', 'GROUPS_CACHE_REVALIDATE', 'seconds', 43200),
  opt('groups', 'GROUPS_CACHE_OFFSET', 'seconds', 43200),
  // Security (console login and password policy)
  opt('security', 'SECURITY_AUTHENTICATION_BLOCK_IP', 'bool', 0, C),
  opt('security', 'SECURITY_AUTHENTICATION_NB_ATTEMPT', 'int', 1, { ...C, min: 1, max: 1000 }),
  opt('security', 'SECURITY_AUTHENTICATION_TIME_BLOCK', 'seconds', 1, { ...C, min: 1 }),
  opt('security', 'SECURITY_PASSWORD_ENABLED', 'bool', 0, C),
  opt('security', 'SECURITY_PASSWORD_MIN_CHAR', 'int', 1, { ...C, min: 1, max: 255 }),
  opt('security', 'SECURITY_PASSWORD_FORCE_NB', 'bool', 0, C),
  opt('security', 'SECURITY_PASSWORD_FORCE_UPPER', 'bool', 0, C),
  opt('security', 'SECURITY_PASSWORD_FORCE_SPE_CHAR', 'bool', 0, C),
  // Console
  opt('console', 'LOCAL_URI_SERVER', 'url', 'http://localhost:80/ocsinventory', C),
  opt('console', 'INTERFACE_LAST_CONTACT', 'days', 15, C),
  opt('console', 'EXCLUDE_ARCHIVE_COMPUTER', 'bool', 0, C),
  opt('console', 'EXPORT_SEP', 'enum', ',', { ...C, choices: [',', ';', '\t', '|'] }),
];

const BY_NAME = new Map(OPTION_CATALOGUE.map((d) => [d.name, d]));

export function optionDef(name: string): OptionDef | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** Weights of the AUTO_DUPLICATE_LVL criteria (hostname, serial, MAC, model, UUID, asset tag). */
export const DUPLICATE_WEIGHTS = [1, 2, 4, 8, 16, 32] as const;
