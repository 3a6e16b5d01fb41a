import type { Knex } from 'knex';
import { readConfigRows } from '../platform/ocs/config';

/**
 * The comm server options that change what an inventory writes. The server reads them per request from
 * `config` (IVALUE), falling back to its Apache settings (Debian's values below); OCS Desk reads them
 * once per batch.
 */
export interface ServerOptions {
  autoDuplicateLvl: number;
  traceDeleted: boolean;
  inventoryDiff: boolean;
  cacheEnabled: boolean;
  cacheRevalidateDays: number;
  download: boolean;
  /** Apache-only option (OCS_OPT_ACCEPT_TAG_UPDATE_FROM_CLIENT, Debian 0): not in `config`. */
  acceptTagUpdateFromClient: boolean;
  localUriServer: string | null;
}

/** Debian's ocsinventory-server.conf values, used when `config` has no row. */
const APACHE_DEFAULTS: Record<string, number> = {
  AUTO_DUPLICATE_LVL: 15,
  TRACE_DELETED: 0,
  INVENTORY_DIFF: 1,
  INVENTORY_CACHE_ENABLED: 1,
  INVENTORY_CACHE_REVALIDATE: 7,
  DOWNLOAD: 0,
};

/** Facts about the target database that the writer needs (read once per batch). */
export interface DbFacts {
  options: ServerOptions;
  /** `accountinfo` columns except HARDWARE_ID, as SHOW COLUMNS names them. */
  accountColumns: string[];
  /** Tables that exist (lower case). */
  tables: Set<string>;
  /** Collation of software_name.NAME / software_publisher.PUBLISHER / software_version.VERSION. */
  dictCollation: { name: string; publisher: string; version: string };
  /** software_name has a CATEGORY column (7039 yes, 7069 no). */
  softwareNameHasCategory: boolean;
  /** blacklist_macaddresses / blacklist_serials (the server reads them per inventory; OCS Desk per batch). */
  badMacs: Set<string>;
  badSerials: Set<string>;
}

const SAFE = /^[A-Za-z0-9_]+$/;

export async function readDbFacts(knex: Knex): Promise<DbFacts> {
  // Raw rows, not the catalogue's defaults: without a row the comm server uses its Apache settings.
  const cfgRows = await readConfigRows(knex, [...Object.keys(APACHE_DEFAULTS), 'LOCAL_URI_SERVER']);
  const iv = (name: string): number => {
    const r = cfgRows.get(name);
    // The server copies the IVALUE as is (NULL → option off).
    return r ? (r.ivalue ?? 0) : APACHE_DEFAULTS[name]!;
  };
  const [tableRows] = (await knex.raw(
    'SELECT LOWER(TABLE_NAME) AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
  )) as [Array<{ t: string }>];
  const [colRows] = (await knex.raw(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLLATION_NAME AS coll FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('accountinfo','software_name','software_publisher','software_version')
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  )) as [Array<{ t: string; c: string; coll: string | null }>];
  const coll = (t: string, c: string) => {
    const v = colRows.find((r) => r.t === t && r.c === c)?.coll ?? 'utf8mb3_general_ci';
    return SAFE.test(v) ? v : 'utf8mb3_general_ci';
  };
  const [macs] = (await knex.raw('SELECT MACADDRESS AS v FROM blacklist_macaddresses')) as [
    Array<{ v: string | null }>,
  ];
  const [serials] = (await knex.raw('SELECT SERIAL AS v FROM blacklist_serials')) as [
    Array<{ v: string | null }>,
  ];
  const local = cfgRows.get('LOCAL_URI_SERVER')?.tvalue ?? null;
  return {
    options: {
      autoDuplicateLvl: iv('AUTO_DUPLICATE_LVL'),
      traceDeleted: iv('TRACE_DELETED') !== 0,
      inventoryDiff: iv('INVENTORY_DIFF') !== 0,
      cacheEnabled: iv('INVENTORY_CACHE_ENABLED') !== 0,
      cacheRevalidateDays: iv('INVENTORY_CACHE_REVALIDATE'),
      download: iv('DOWNLOAD') !== 0,
      acceptTagUpdateFromClient: false,
      localUriServer: local && local.trim() ? local.trim() : null,
    },
    accountColumns: colRows
      .filter((r) => r.t === 'accountinfo' && r.c !== 'HARDWARE_ID' && SAFE.test(r.c))
      .map((r) => r.c),
    tables: new Set(tableRows.map((r) => r.t)),
    dictCollation: {
      name: coll('software_name', 'NAME'),
      publisher: coll('software_publisher', 'PUBLISHER'),
      version: coll('software_version', 'VERSION'),
    },
    softwareNameHasCategory: colRows.some((r) => r.t === 'software_name' && r.c === 'CATEGORY'),
    badMacs: new Set(macs.map((r) => r.v ?? '')),
    badSerials: new Set(serials.map((r) => r.v ?? '')),
  };
}
