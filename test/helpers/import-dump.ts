import { spawnSync } from 'node:child_process';
import type { Knex } from 'knex';
import { IMPORT_USER_AGENT } from '../../src-main/import/offline-writer';
import { STACK_ENV } from './ocs-stack';

/**
 * The row normaliser of the import equality tests: every table of a database as sorted JSON lines, so
 * that the database the comm server 2.8.1 wrote and the ones OCS Desk wrote compare table by table.
 *
 * What is normalised, and why (the same for every path, nothing else is left out):
 * - auto-increment IDs (hardware.ID, software.ID, dictionary IDs, …): they depend on the order in which
 *   rows are inserted, which concurrency changes. References are compared through what they point to:
 *   HARDWARE_ID (and the other columns of HW_REFS) as the computer's DEVICEID, software
 *   NAME_ID/PUBLISHER_ID/VERSION_ID as their texts; deleted_equiv.DELETED names a computer that no longer
 *   exists: its DEVICEID when the test knew it (`known`), else only its presence;
 * - a date-time inside the run's window (LASTCOME, the LASTDATE of files without one, deleted_equiv.DATE,
 *   the cache clean date, …): "now" of the write, which differs by seconds between the paths;
 * - hardware.QUALITY: the comm server's average time between inventories of the computer, computed from
 *   those run-time dates.
 */

export type Row = Record<string, unknown>;
export type Dump = Record<string, string[]>;

export interface DumpContext {
  /** hardware.ID → DEVICEID (`_SYSTEMGROUP_:<name>` for a group). */
  devices: Map<string, string>;
  dict: Record<string, Map<string, string>>;
}

/** The run's window: date-times (and Unix times) inside it are "now" of some write. */
export interface Window {
  from: string;
  to: string;
  fromEpoch: number;
  toEpoch: number;
}

/**
 * A difference of 2.8.1 that OCS Desk does not reproduce on purpose (docs/import.md "Deliberate
 * differences"): rows set aside from the comm server's dump (`side` 'server', the default) or from OCS
 * Desk's (`side` 'desk'). A test applies its list to one side only and checks each rule matched there.
 */
export interface Deliberate {
  table: string;
  why: string;
  side?: 'server' | 'desk';
  drop: (r: Row, c: DumpContext) => boolean;
}

/** 2.8.1's `_duplicate_replace` leaves the old computer's software rows behind (orphans); OCS Desk deletes them. */
export const ORPHAN_SOFTWARE: Deliberate = {
  table: 'software',
  why: 'a merged duplicate leaves its software rows behind in 2.8.1 (orphans); OCS Desk deletes them',
  drop: (r, c) => !c.devices.has(String(r.HARDWARE_ID)),
};

/** Columns other than HARDWARE_ID that hold a hardware.ID. */
const HW_REFS: Record<string, string[]> = {
  groups_cache: ['GROUP_ID'],
  deleted_equiv: ['EQUIVALENT'],
  download_servers: ['GROUP_ID'],
  download_enable: ['SERVER_ID', 'GROUP_ID'],
};

/** Every table of the database as sorted JSON lines (see the header for what is normalised). */
export async function dumpDb(
  k: Knex,
  w: Window,
  deliberate: readonly Deliberate[] = [],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<{ dump: Dump; dropped: Record<string, number> }> {
  const [cols] = (await k.raw(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, EXTRA AS e FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  )) as [Array<{ t: string; c: string; e: string }>];
  const auto = new Map<string, Set<string>>();
  for (const r of cols) {
    if (!auto.has(r.t)) auto.set(r.t, new Set());
    if (/auto_increment/i.test(r.e)) auto.get(r.t)!.add(r.c);
  }
  const idMap = async (sql: string) =>
    new Map(((await k.raw(sql)) as [Array<{ i: unknown; v: string }>])[0].map((r) => [String(r.i), r.v]));
  const c: DumpContext = {
    // Groups share their DEVICEID (`_SYSTEMGROUP_`): named by it and their NAME.
    devices: await idMap(
      `SELECT ID AS i, IF(DEVICEID IN ('_SYSTEMGROUP_', '_DOWNLOADGROUP_'), CONCAT(DEVICEID, ':', IFNULL(NAME, '')),
        DEVICEID) AS v FROM hardware`,
    ),
    dict: {
      NAME_ID: await idMap('SELECT ID AS i, NAME AS v FROM software_name'),
      PUBLISHER_ID: await idMap('SELECT ID AS i, PUBLISHER AS v FROM software_publisher'),
      VERSION_ID: await idMap('SELECT ID AS i, VERSION AS v FROM software_version'),
    },
  };
  const dump: Dump = {};
  const dropped: Record<string, number> = {};
  for (const [t, autoCols] of auto) {
    const [rows] = (await k.raw('SELECT * FROM ??', [t])) as [Row[]];
    const lines: string[] = [];
    for (const r of rows) {
      const rule = deliberate.find((d) => d.table === t && d.drop(r, c));
      if (rule) {
        dropped[t] = (dropped[t] ?? 0) + 1;
        continue;
      }
      const out: Row = {};
      for (const [col, v] of Object.entries(r)) {
        if (autoCols.has(col) || (t === 'hardware' && col === 'QUALITY')) continue;
        let s = v === null ? null : String(v);
        if (s !== null && (col === 'HARDWARE_ID' || HW_REFS[t]?.includes(col)))
          s = c.devices.get(s) ?? known.get(s) ?? `<no computer>`;
        else if (s !== null && t === 'deleted_equiv' && col === 'DELETED')
          s = c.devices.get(s) ?? known.get(s) ?? '<deleted computer>';
        else if (s !== null && t === 'software' && c.dict[col]) s = c.dict[col]!.get(s) ?? '<no text>';
        else if (s !== null && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s) && s >= w.from && s <= w.to)
          s = '<during the run>';
        else if (s !== null && /^\d{10}$/.test(s) && Number(s) >= w.fromEpoch && Number(s) <= w.toEpoch)
          s = '<during the run (Unix time)>'; // engine_persistent INVENTORY_CACHE_CLEAN_DATE
        out[col] = s;
      }
      lines.push(JSON.stringify(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1))));
    }
    dump[t] = lines.sort();
  }
  return { dump, dropped };
}

export type DumpDiff = Record<string, { onlyRef: string[]; onlyOther: string[]; n: number }>;

/** Differences between two dumps, per table: rows only in `a`, rows only in `b` (a few of each). */
export function diff(a: Dump, b: Dump, show = 3): DumpDiff {
  const out: DumpDiff = {};
  for (const t of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const count = new Map<string, number>();
    for (const l of a[t] ?? []) count.set(l, (count.get(l) ?? 0) + 1);
    for (const l of b[t] ?? []) count.set(l, (count.get(l) ?? 0) - 1);
    const onlyRef = [...count].filter(([, n]) => n > 0).map(([l]) => l);
    const onlyOther = [...count].filter(([, n]) => n < 0).map(([l]) => l);
    if (onlyRef.length || onlyOther.length)
      out[t] = {
        onlyRef: onlyRef.slice(0, show),
        onlyOther: onlyOther.slice(0, show),
        n: onlyRef.length + onlyOther.length,
      };
  }
  return out;
}

/** "Now" of the database server, as a date-time and a Unix time (the bounds of a Window). */
export async function dbNow(k: Knex): Promise<{ n: string; e: number }> {
  const [[r]] = (await k.raw('SELECT NOW() AS n, UNIX_TIMESTAMP() AS e')) as [[{ n: string; e: number }]];
  return { n: r.n, e: Number(r.e) };
}

/**
 * Posts each file, one at a time and in the given order, to the stack's comm server as an agent does
 * (curl, `application/x-compress`, OCS Desk's User-Agent so the server handles it as a local import);
 * the HTTP codes in order. The caller holds the stack lock and has pointed the server at its database.
 */
export function postSerially(files: readonly string[]): string[] {
  return files.map((f) => {
    const r = spawnSync(
      'curl',
      [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-H',
        'Content-Type: application/x-compress',
        '-A',
        IMPORT_USER_AGENT,
        '--data-binary',
        `@${f}`,
        STACK_ENV.serverUrl,
      ],
      { encoding: 'utf8' },
    );
    return String(r.stdout);
  });
}
