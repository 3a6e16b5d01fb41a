import type { Knex } from 'knex';
import type { DuplicateComputer, DuplicateCriterion, DuplicateGroup } from '../../shared/contract/duplicates';
import { scoped, type Scope } from '../platform/ocs/scope';

type QB = Knex.QueryBuilder;

/** Where a criterion reads its values: the tables, the id column and the value columns. */
interface Shape {
  /** Value columns, in the criterion's order. */
  cols: string[];
  /** The hardware id column of the FROM. */
  id: string;
  from: (k: Knex) => QB;
}

const nonEmpty = (qb: QB, col: string) => qb.whereNotNull(col).where(col, '<>', '');
const notBlacklistedSerial = (k: Knex, qb: QB, col: string) =>
  qb.whereNotIn(col, k('blacklist_serials').select('SERIAL'));
const notBlacklistedMac = (k: Knex, qb: QB, col: string) =>
  qb.whereNotIn(col, k('blacklist_macaddresses').select('MACADDRESS'));

/**
 * One FROM per criterion, each on indexed columns (hardware.NAME, bios.SSN, networks.MACADDR) so the
 * GROUP BY reads an index. Names, serials and MACs compare like the console (SQL collation).
 */
const SHAPES: Record<DuplicateCriterion, Shape> = {
  hostname: {
    cols: ['h.NAME'],
    id: 'h.ID',
    from: (k) => nonEmpty(k.from({ h: 'hardware' }), 'h.NAME'),
  },
  ssn: {
    cols: ['b.SSN'],
    id: 'b.HARDWARE_ID',
    from: (k) => notBlacklistedSerial(k, nonEmpty(k.from({ b: 'bios' }), 'b.SSN'), 'b.SSN'),
  },
  macaddress: {
    cols: ['n.MACADDR'],
    id: 'n.HARDWARE_ID',
    from: (k) => notBlacklistedMac(k, nonEmpty(k.from({ n: 'networks' }), 'n.MACADDR'), 'n.MACADDR'),
  },
  hostname_serial: {
    cols: ['h.NAME', 'b.SSN'],
    id: 'h.ID',
    from: (k) =>
      notBlacklistedSerial(
        k,
        nonEmpty(
          nonEmpty(k.from({ h: 'hardware' }).join({ b: 'bios' }, 'b.HARDWARE_ID', 'h.ID'), 'h.NAME'),
          'b.SSN',
        ),
        'b.SSN',
      ),
  },
  hostname_macaddress: {
    cols: ['h.NAME', 'n.MACADDR'],
    id: 'h.ID',
    from: (k) =>
      notBlacklistedMac(
        k,
        nonEmpty(
          nonEmpty(k.from({ h: 'hardware' }).join({ n: 'networks' }, 'n.HARDWARE_ID', 'h.ID'), 'h.NAME'),
          'n.MACADDR',
        ),
        'n.MACADDR',
      ),
  },
  macaddress_serial: {
    cols: ['n.MACADDR', 'b.SSN'],
    id: 'n.HARDWARE_ID',
    from: (k) =>
      notBlacklistedSerial(
        k,
        notBlacklistedMac(
          k,
          nonEmpty(
            nonEmpty(
              k.from({ n: 'networks' }).join({ b: 'bios' }, 'b.HARDWARE_ID', 'n.HARDWARE_ID'),
              'n.MACADDR',
            ),
            'b.SSN',
          ),
          'n.MACADDR',
        ),
        'b.SSN',
      ),
  },
};

/** Where each value column's index lives: `hardware(NAME)`, `bios(SSN)`, `networks(MACADDR)`. */
const INDEXED: Record<string, [string, string]> = {
  'h.NAME': ['hardware', 'NAME'],
  'b.SSN': ['bios', 'SSN'],
  'n.MACADDR': ['networks', 'MACADDR'],
};

const BLACKLIST: Record<string, [string, string]> = {
  'b.SSN': ['blacklist_serials', 'SERIAL'],
  'n.MACADDR': ['blacklist_macaddresses', 'MACADDRESS'],
};

/** Above this many candidate values a column is not prefiltered (the plain GROUP BY is as fast). */
const MAX_CANDIDATES = 20_000;

/** Values of each indexed column that occur more than once (null: too many to list). */
export type Candidates = Map<string, string[] | null>;

/**
 * Values that occur more than once in their table, read with an index-only GROUP BY (tens of ms on 100k
 * computers). The exact grouping (joins, blacklists, distinct computers) then only reads the rows of these
 * values through the same index, instead of every row of the fleet.
 */
export async function candidates(
  k: Knex,
  cols: string[],
  known: Candidates = new Map(),
): Promise<Candidates> {
  for (const col of cols) {
    if (known.has(col)) continue;
    const [table, column] = INDEXED[col]!;
    const rows = (await k(table)
      .select({ v: column })
      .groupBy(column)
      .havingRaw('COUNT(*) > 1')
      .limit(MAX_CANDIDATES + 1)) as Array<{ v: string | null }>;
    const bl = BLACKLIST[col];
    const banned = bl ? new Set(((await k(bl[0]).pluck(bl[1])) as string[]).map(fold)) : new Set<string>();
    // Blacklisted values never make a group (compared as the SQL collation does, like the console's NOT IN).
    const values = rows
      .map((r) => r.v)
      .filter((v): v is string => v !== null && v !== '' && !banned.has(fold(v)));
    known.set(col, rows.length > MAX_CANDIDATES ? null : values);
  }
  return known;
}

function withCandidates(qb: QB, s: Shape, cands: Candidates): QB {
  for (const col of s.cols) {
    const values = cands.get(col);
    if (values && values.length) qb.whereIn(col, values);
    else if (values) qb.whereRaw('1 = 0');
  }
  return qb;
}

/** `SELECT <values>, COUNT(DISTINCT id) AS n ... GROUP BY <values> HAVING n > 1`. */
function groupQuery(k: Knex, c: DuplicateCriterion, scope: Scope, cands: Candidates): QB {
  const s = SHAPES[c];
  const qb = withCandidates(scoped(k, s.from(k), s.id, scope), s, cands);
  return qb
    .select(s.cols.map((col, i) => `${col} as v${i}`))
    .select(k.raw('COUNT(DISTINCT ??) AS n', [s.id]))
    .groupBy(s.cols)
    .havingRaw('COUNT(DISTINCT ??) > 1', [s.id]);
}

export async function countGroups(
  k: Knex,
  c: DuplicateCriterion,
  scope: Scope,
  known?: Candidates,
): Promise<{ groups: number; computers: number }> {
  const cands = await candidates(k, SHAPES[c].cols, known);
  if (SHAPES[c].cols.some((col) => cands.get(col)?.length === 0)) return { groups: 0, computers: 0 };
  const row = (await k
    .from(groupQuery(k, c, scope, cands).as('g'))
    .select(k.raw('COUNT(*) AS g'), k.raw('COALESCE(SUM(g.n), 0) AS c'))
    .first()) as { g: number | string; c: number | string } | undefined;
  return { groups: Number(row?.g ?? 0), computers: Number(row?.c ?? 0) };
}

/** How the collation compares (utf8_general_ci: case, accents and trailing spaces ignored). */
export const fold = (v: string): string =>
  v.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ +$/, '');

export async function listGroups(
  k: Knex,
  c: DuplicateCriterion,
  scope: Scope,
  page: number,
  pageSize: number,
): Promise<{ rows: DuplicateGroup[]; total: number }> {
  const s = SHAPES[c];
  const cands = await candidates(k, s.cols);
  const { groups: total } = await countGroups(k, c, scope, cands);
  if (!total) return { rows: [], total };
  const keys = (await groupQuery(k, c, scope, cands)
    .orderBy([
      { column: 'n', order: 'desc' },
      ...s.cols.map((_, i) => ({ column: `v${i}`, order: 'asc' as const })),
    ])
    .limit(pageSize)
    .offset((page - 1) * pageSize)) as Array<Record<string, string | number>>;
  if (!keys.length) return { rows: [], total };
  const values = keys.map((r) => s.cols.map((_, i) => String(r[`v${i}`])));
  // Members: the same FROM, restricted to the page's values.
  const mq = scoped(k, s.from(k), s.id, scope)
    .distinct(s.cols.map((col, i) => `${col} as v${i}`))
    .select({ id: s.id });
  if (s.cols.length === 1)
    mq.whereIn(
      s.cols[0]!,
      values.map((v) => v[0]!),
    );
  else mq.whereIn(s.cols, values);
  const members = (await mq) as Array<Record<string, string | number>>;
  const groupOf = new Map(values.map((v, i) => [v.map(fold).join('\u0000'), i]));
  const idsByGroup = values.map(() => new Set<number>());
  for (const m of members) {
    const g = groupOf.get(s.cols.map((_, i) => fold(String(m[`v${i}`]))).join('\u0000'));
    if (g !== undefined) idsByGroup[g]!.add(Number(m.id));
  }
  const ids = [...new Set(members.map((m) => Number(m.id)))];
  const details = await computerRows(k, ids);
  const macIndex = s.cols.indexOf('n.MACADDR');
  const rows = values.map((v, gi) => {
    const computers = [...idsByGroup[gi]!]
      .map((id) => details.get(id))
      .filter((d): d is Omit<DuplicateComputer, 'survivor'> => !!d)
      .map((d) => {
        if (macIndex < 0 || !d.mac) return d;
        const shared = v[macIndex]!;
        const rest = d.mac.split(', ').filter((m) => fold(m) !== fold(shared));
        return { ...d, mac: [shared, ...rest].join(', ') };
      });
    const survivor = pickSurvivor(computers)?.id;
    return {
      key: v.join(' / '),
      values: v,
      computers: computers.map((d) => ({ ...d, survivor: d.id === survivor })),
    };
  });
  return { rows, total };
}

/** The most recent last contact wins (then last inventory, then the highest id), as the console's merge. */
export function pickSurvivor<T extends { id: number; lastCome: string | null; lastDate: string | null }>(
  rows: T[],
): T | undefined {
  return [...rows].sort(
    (a, b) =>
      (b.lastCome ?? '').localeCompare(a.lastCome ?? '') ||
      (b.lastDate ?? '').localeCompare(a.lastDate ?? '') ||
      b.id - a.id,
  )[0];
}

async function computerRows(
  k: Knex,
  ids: number[],
): Promise<Map<number, Omit<DuplicateComputer, 'survivor'>>> {
  const out = new Map<number, Omit<DuplicateComputer, 'survivor'>>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const hw = (await k
      .from({ h: 'hardware' })
      .leftJoin({ b: 'bios' }, 'b.HARDWARE_ID', 'h.ID')
      .whereIn('h.ID', chunk)
      .select('h.ID', 'h.NAME', 'h.DEVICEID', 'h.LASTDATE', 'h.LASTCOME', 'b.SSN')) as Array<{
      ID: number;
      NAME: string | null;
      DEVICEID: string;
      LASTDATE: string | null;
      LASTCOME: string | null;
      SSN: string | null;
    }>;
    const macs = (await k('networks')
      .whereIn('HARDWARE_ID', chunk)
      .whereNotNull('MACADDR')
      .where('MACADDR', '<>', '')
      .distinct('HARDWARE_ID', 'MACADDR')
      .orderBy(['HARDWARE_ID', 'MACADDR'])) as Array<{ HARDWARE_ID: number; MACADDR: string }>;
    const macOf = new Map<number, string[]>();
    for (const m of macs)
      macOf.set(Number(m.HARDWARE_ID), [...(macOf.get(Number(m.HARDWARE_ID)) ?? []), m.MACADDR]);
    for (const r of hw) {
      const id = Number(r.ID);
      out.set(id, {
        id,
        name: r.NAME,
        deviceId: r.DEVICEID,
        serial: r.SSN ?? null,
        mac: macOf.get(id)?.join(', ') ?? null,
        lastDate: r.LASTDATE ? String(r.LASTDATE) : null,
        lastCome: r.LASTCOME ? String(r.LASTCOME) : null,
      });
    }
  }
  return out;
}
