import type { Knex } from 'knex';
import { SECTIONS, SOFTWARE_NUMBER_FIELDS, SOFTWARE_TEXT_FIELDS } from '../import/ocs-map';
import type { ComputerInventory, Fields } from './inventory-document';

/** What this database holds of the tables an inventory is read from (asked once per export). */
export interface ExportFacts {
  tables: Set<string>;
  accountColumns: string[];
}

export async function readExportFacts(k: Knex): Promise<ExportFacts> {
  const names = [
    'hardware',
    'accountinfo',
    'software',
    'software_name',
    'software_publisher',
    'software_version',
    'download_history',
    ...SECTIONS.map((s) => s.table),
  ];
  const [rows] = (await k.raw(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${names.map(() => '?').join(',')})
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    names,
  )) as [Array<{ t: string; c: string }>];
  return {
    tables: new Set(rows.map((r) => r.t)),
    accountColumns: rows.filter((r) => r.t === 'accountinfo' && r.c !== 'HARDWARE_ID').map((r) => r.c),
  };
}

/** A DB value as the text the comm server received (dates come as strings: the pool uses dateStrings). */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

function fields(row: Record<string, unknown>, names: readonly string[]): Fields {
  const out: Fields = {};
  for (const n of names) {
    const v = text(row[n]);
    if (v !== null) out[n] = v;
  }
  return out;
}

const byHid = <T extends { HARDWARE_ID: unknown }>(rows: T[]): Map<number, T[]> => {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const id = Number(r.HARDWARE_ID);
    const list = m.get(id);
    if (list) list.push(r);
    else m.set(id, [r]);
  }
  return m;
};

type DbRow = Record<string, unknown> & { HARDWARE_ID: unknown };

/**
 * The inventories of these computers (ids already checked against the operator's scope), one query per
 * table for the whole page, by the HARDWARE_ID index. Rows of multi-row tables in ID order (the order the
 * comm server inserted them, i.e. document order).
 */
export async function readInventories(
  k: Knex,
  facts: ExportFacts,
  ids: number[],
  hardwareFields: readonly string[],
): Promise<ComputerInventory[]> {
  if (ids.length === 0) return [];
  const hw = (await k('hardware').whereIn('ID', ids).orderBy('ID')) as Array<Record<string, unknown>>;
  const account = facts.tables.has('accountinfo')
    ? byHid((await k('accountinfo').whereIn('HARDWARE_ID', ids)) as DbRow[])
    : new Map<number, DbRow[]>();
  const sections = new Map<string, Map<number, DbRow[]>>();
  for (const def of SECTIONS) {
    if (!facts.tables.has(def.table)) continue;
    const q = k(def.table).whereIn('HARDWARE_ID', ids);
    // Single-row tables of this schema may lack an ID column; multi-row ones keep insertion order.
    if (def.multi) q.orderBy('ID');
    sections.set(def.section, byHid((await q) as DbRow[]));
  }
  const software = facts.tables.has('software')
    ? byHid(
        (await k
          .from({ s: 'software' })
          .leftJoin({ n: 'software_name' }, 'n.ID', 's.NAME_ID')
          .leftJoin({ p: 'software_publisher' }, 'p.ID', 's.PUBLISHER_ID')
          .leftJoin({ v: 'software_version' }, 'v.ID', 's.VERSION_ID')
          .whereIn('s.HARDWARE_ID', ids)
          .orderBy('s.ID')
          .select(
            's.*',
            { _NAME: 'n.NAME' },
            { _PUBLISHER: 'p.PUBLISHER' },
            { _VERSION: 'v.VERSION' },
          )) as DbRow[],
      )
    : new Map<number, DbRow[]>();
  const history = facts.tables.has('download_history')
    ? byHid(
        (await k('download_history').whereIn('HARDWARE_ID', ids).orderBy('PKG_ID')) as Array<
          DbRow & { PKG_ID: unknown }
        >,
      )
    : new Map<number, DbRow[]>();

  return hw.map((h) => {
    const id = Number(h.ID);
    const acc = account.get(id)?.[0];
    return {
      id,
      deviceId: String(h.DEVICEID),
      hardware: fields(h, hardwareFields),
      accountinfo: acc ? fields(acc, facts.accountColumns) : null,
      sections: new Map(
        SECTIONS.filter((d) => sections.has(d.section)).map((d) => [
          d.section,
          (sections.get(d.section)!.get(id) ?? []).map((r) => fields(r, d.fields)),
        ]),
      ),
      software: (software.get(id) ?? []).map((r) => ({
        // software_name ships empty (its ID 1 is the first name stored); software_publisher/version ship
        // ID 1 `Unavailable`, what the server writes for an absent PUBLISHER / VERSION: absent again.
        ...(r._NAME != null ? { NAME: String(r._NAME) } : {}),
        ...(Number(r.PUBLISHER_ID) !== 1 && r._PUBLISHER != null ? { PUBLISHER: String(r._PUBLISHER) } : {}),
        ...(Number(r.VERSION_ID) !== 1 && r._VERSION != null ? { VERSION: String(r._VERSION) } : {}),
        ...fields(r, SOFTWARE_FIELDS),
      })),
      packages: (history.get(id) ?? []).map((r) => String(r.PKG_ID)),
    };
  });
}

/** Software columns the server writes from the XML (ocs-map.ts), besides the three dictionary texts. */
const SOFTWARE_FIELDS = [...SOFTWARE_TEXT_FIELDS, ...SOFTWARE_NUMBER_FIELDS, 'INSTALLDATE'];
