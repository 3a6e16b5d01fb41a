import type { Knex } from 'knex';
import type { z } from 'zod';
import { severityOf, type CveByComputerInput, type VulnerableComputer } from '../../shared/contract/cve';
import type { NameCountsState } from '../../shared/contract/software';
import { getSchemaInfo } from '../computers/schema-info';
import { keptPerScope } from '../platform/ocs/kept-per-scope';
import { likePattern } from '../platform/ocs/like';
import { scoped, type Scope } from '../platform/ocs/scope';
import { countLimits } from '../software/name-counts';

/**
 * "By computer" (docs/cve.md) without joining cve_search's triples to every software row of their
 * names: cve_search is read once into memory (a few thousand triples), and software is read per
 * computer through its HARDWARE_ID index (a computer's rows are a short range) or, with
 * ocsdesk_triple_hw, per vulnerable name from that index alone. Sorted by name, a page walks the
 * perimeter's computers in NAME order until it is full. Every computer's figures (the total, the other
 * sorts) come from a tally of the whole perimeter built in the background, kept like All software's
 * count (name-counts.ts: same TTL, same queue).
 */

type ByComputerInput = z.output<typeof CveByComputerInput>;
type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);

/** cve_search by triple: its distinct CVE ids (interned) and highest CVSS. */
export interface Vulnerable {
  triple: Map<string, number>;
  cves: number[][];
  maxCvss: number[];
  nameIds: number[];
}

const tripleKey = (n: unknown, p: unknown, v: unknown) => `${num(n)}:${num(p)}:${num(v)}`;

export async function readVulnerable(k: Knex): Promise<Vulnerable> {
  const rows = (await k
    .from('cve_search')
    .select('NAME_ID', 'PUBLISHER_ID', 'VERSION_ID', 'CVE')
    .max({ cvss: 'CVSS' })
    .groupBy('NAME_ID', 'PUBLISHER_ID', 'VERSION_ID', 'CVE')) as Row[];
  const v: Vulnerable = { triple: new Map(), cves: [], maxCvss: [], nameIds: [] };
  // The server compares CVE ids case-insensitively (COUNT(DISTINCT) under its collation): so here.
  const ids = new Map<string, number>();
  const names = new Set<number>();
  for (const r of rows) {
    const key = tripleKey(r.NAME_ID, r.PUBLISHER_ID, r.VERSION_ID);
    let i = v.triple.get(key);
    if (i === undefined) {
      i = v.cves.length;
      v.triple.set(key, i);
      v.cves.push([]);
      v.maxCvss.push(-Infinity);
      names.add(num(r.NAME_ID));
    }
    if (r.CVE != null) {
      const id = String(r.CVE).toUpperCase();
      let c = ids.get(id);
      if (c === undefined) ids.set(id, (c = ids.size));
      v.cves[i]!.push(c);
    }
    v.maxCvss[i] = Math.max(v.maxCvss[i]!, num(r.cvss));
  }
  v.nameIds = [...names].sort((a, b) => a - b);
  return v;
}

interface Host {
  id: number;
  name: string;
  tag: string | null;
}
const hostOf = (r: Row): Host => ({
  id: num(r.ID),
  name: r.NAME == null ? '' : String(r.NAME),
  tag: r.TAG == null ? null : String(r.TAG),
});

/** A computer's figures from the set of its vulnerable triples (null: none). */
function figuresOf(v: Vulnerable, h: Host, triples: Set<number> | undefined): VulnerableComputer | null {
  if (!triples?.size) return null;
  const cves = new Set<number>();
  let maxCvss = -Infinity;
  for (const t of triples) {
    for (const c of v.cves[t]!) cves.add(c);
    maxCvss = Math.max(maxCvss, v.maxCvss[t]!);
  }
  return { id: h.id, name: h.name, tag: h.tag, software: triples.size, cves: cves.size, maxCvss };
}

/** Adds one software row to its computer's set when its triple is vulnerable. */
function tallyRow(v: Vulnerable, sets: Map<number, Set<number>>, r: Row): void {
  const t = v.triple.get(tripleKey(r.NAME_ID, r.PUBLISHER_ID, r.VERSION_ID));
  if (t === undefined) return;
  const hw = num(r.HARDWARE_ID);
  let set = sets.get(hw);
  if (!set) sets.set(hw, (set = new Set()));
  set.add(t);
}

/** Beyond this many names the NAME_ID list is left out of the per-computer read (filtered here). */
const MAX_NAME_LIST = 5_000;

/**
 * The vulnerable figures of a few computers: their software rows through HARDWARE_ID (a range each),
 * only the vulnerable names'. In the hosts' order, computers without vulnerable software left out.
 */
async function hostsFigures(k: Knex, v: Vulnerable, hosts: Host[]): Promise<VulnerableComputer[]> {
  if (!hosts.length || !v.nameIds.length) return [];
  const info = await getSchemaInfo(k);
  const q = info.indexNames.get('software')?.has('HARDWARE_ID')
    ? k.from(k.raw('?? AS s FORCE INDEX (HARDWARE_ID)', ['software']))
    : k.from({ s: 'software' });
  q.select('s.HARDWARE_ID', 's.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID').whereIn(
    's.HARDWARE_ID',
    hosts.map((h) => h.id),
  );
  if (v.nameIds.length <= MAX_NAME_LIST) q.whereIn('s.NAME_ID', v.nameIds);
  const sets = new Map<number, Set<number>>();
  for (const r of (await q) as Row[]) tallyRow(v, sets, r);
  return hosts.flatMap((h) => figuresOf(v, h, sets.get(h.id)) ?? []);
}

/** The perimeter's computers (`h`, with TAG `a.TAG`), the name/TAG filter applied. */
function perimeterHosts(k: Knex, scope: Scope, filter: string | undefined, nameIndex: boolean) {
  const q = (
    nameIndex
      ? k.from(k.raw('?? AS h FORCE INDEX FOR ORDER BY (NAME)', ['hardware']))
      : k.from({ h: 'hardware' })
  )
    .leftJoin({ a: 'accountinfo' }, 'a.HARDWARE_ID', 'h.ID')
    .select('h.ID', 'h.NAME', 'a.TAG');
  scoped(k, q, 'h.ID', scope);
  const f = filter?.trim();
  if (f) {
    const like = likePattern(f);
    q.where((w) => w.where('h.NAME', 'like', like).orWhere('a.TAG', 'like', like));
  }
  return q;
}

const inBands = (input: ByComputerInput) => {
  const bands = new Set(input.severities ?? []);
  return (r: VulnerableComputer) => !bands.size || bands.has(severityOf(r.maxCvss));
};

/** Computers a page sorted by name walks at most before it waits for the tally instead. */
export const walkLimits = { maxHosts: 20_000 };

/**
 * One page sorted by name without any tally: the perimeter's computers in NAME order (hardware's NAME
 * index), by growing batches, each batch's figures read through HARDWARE_ID, until the page is full.
 * The cost is the computers walked (offset + limit ÷ the share of vulnerable ones), not the fleet's
 * software. The total is known only when the walk reached the last computer. Null when the page needs
 * more than `walkLimits.maxHosts` computers (a deep page, a rare band): the tally answers then.
 */
export async function walkByName(
  k: Knex,
  scope: Scope,
  v: Vulnerable,
  input: ByComputerInput,
): Promise<{ rows: VulnerableComputer[]; total: number | null } | null> {
  const info = await getSchemaInfo(k);
  const nameIndex = !!info.indexNames.get('hardware')?.has('NAME');
  const dir = input.sort.dir;
  const keep = inBands(input);
  const out: VulnerableComputer[] = [];
  let matched = 0;
  let walked = 0;
  let batch = Math.min(Math.max(input.limit * 2, 100), 2_000);
  for (;;) {
    if (walked >= walkLimits.maxHosts) return null;
    // By offset rather than by key: NAME may be NULL, and skipping index entries of hardware is cheap.
    const hosts = (
      (await perimeterHosts(k, scope, input.filter, nameIndex)
        .orderBy('h.NAME', dir)
        .orderBy('h.ID', dir)
        .offset(walked)
        .limit((batch = Math.min(batch, walkLimits.maxHosts - walked)))) as Row[]
    ).map(hostOf);
    walked += hosts.length;
    for (const r of (await hostsFigures(k, v, hosts)).filter(keep)) {
      if (matched++ >= input.offset && out.length < input.limit) out.push(r);
    }
    if (hosts.length < batch) return { rows: out, total: matched };
    if (out.length >= input.limit) return { rows: out, total: null };
    batch = Math.min(batch * 2, 5_000);
  }
}

/** Every vulnerable computer of one perimeter, in name order (the server's collation, then ID). */
export interface Tally {
  rows: VulnerableComputer[];
  computedAt: string;
}

/** Computers per read without ocsdesk_triple_hw; names per read with it. */
const HOST_CHUNK = 1_000;
const NAME_CHUNK = 100;

/**
 * The tally of one perimeter: its computers (ID, NAME, TAG: one read of hardware), then their
 * vulnerable triples. With ocsdesk_triple_hw, from that index alone, per vulnerable name; without it,
 * per chunk of computers through software's HARDWARE_ID index (every row of the perimeter once, by
 * ranges, in the background).
 */
export async function buildTally(k: Knex, scope: Scope): Promise<Tally> {
  const computedAt = new Date().toISOString();
  const v = await readVulnerable(k);
  if (!v.nameIds.length) return { rows: [], computedAt };
  const hosts = (
    (await perimeterHosts(k, scope, undefined, false).orderBy('h.NAME').orderBy('h.ID')) as Row[]
  ).map(hostOf);
  const info = await getSchemaInfo(k);
  if (!info.indexNames.get('software')?.has('ocsdesk_triple_hw')) {
    const byId = [...hosts].sort((a, b) => a.id - b.id);
    const figures = new Map<number, VulnerableComputer>();
    for (let i = 0; i < byId.length; i += HOST_CHUNK)
      for (const f of await hostsFigures(k, v, byId.slice(i, i + HOST_CHUNK))) figures.set(f.id, f);
    return { rows: hosts.flatMap((h) => figures.get(h.id) ?? []), computedAt };
  }
  const inScope = new Set(hosts.map((h) => h.id));
  const sets = new Map<number, Set<number>>();
  for (let i = 0; i < v.nameIds.length; i += NAME_CHUNK) {
    const rows = (await k
      .from(k.raw('?? AS s FORCE INDEX (ocsdesk_triple_hw)', ['software']))
      .select('s.HARDWARE_ID', 's.NAME_ID', 's.PUBLISHER_ID', 's.VERSION_ID')
      .whereIn('s.NAME_ID', v.nameIds.slice(i, i + NAME_CHUNK))) as Row[];
    for (const r of rows) if (inScope.has(num(r.HARDWARE_ID))) tallyRow(v, sets, r);
  }
  return { rows: hosts.flatMap((h) => figuresOf(v, h, sets.get(h.id)) ?? []), computedAt };
}

/** One page of a kept tally: filter (IDs the server matched), bands, order (ties by name), slice. */
export async function pageOfTally(
  k: Knex,
  scope: Scope,
  tally: Tally,
  input: ByComputerInput,
): Promise<{ rows: VulnerableComputer[]; total: number }> {
  const keep = inBands(input);
  let rows = tally.rows.filter(keep);
  if (input.filter?.trim()) {
    // The server's LIKE under its collation decides, as in the walk.
    const ids = new Set(
      ((await perimeterHosts(k, scope, input.filter, false).select('h.ID')) as Row[]).map((r) => num(r.ID)),
    );
    rows = rows.filter((r) => ids.has(r.id));
  }
  const col = input.sort.column;
  if (col === 'name') {
    if (input.sort.dir === 'desc') rows = [...rows].reverse();
  } else {
    const sign = input.sort.dir === 'asc' ? 1 : -1;
    const field = col === 'cvss' ? 'maxCvss' : col;
    // Stable on the name order: ties stay by name, then ID, ascending.
    rows = [...rows].sort((a, b) => sign * (a[field] - b[field]));
  }
  return { rows: rows.slice(input.offset, input.offset + input.limit), total: rows.length };
}

/** One tally per perimeter and pool, in the background, kept like All software's count. */
const kept = keptPerScope(buildTally, countLimits);

/**
 * The perimeter's tally as kept, starting one when there is none or it is older than the TTL (not
 * again within the retry delay of a failed one); waits at most `waitMs` when nothing is kept yet.
 */
export async function computerTally(
  k: Knex,
  scope: Scope,
  waitMs: number,
): Promise<{ tally: Tally | null; state: NameCountsState }> {
  const { value, state } = await kept.get(k, scope, waitMs);
  return { tally: value, state };
}

/** A tally no older than the TTL, however long it takes (CSV export, the command line). */
export function computerTallyNow(k: Knex, scope: Scope): Promise<Tally> {
  return kept.now(k, scope);
}

/** The kept tally, however old, without starting one. */
export function keptTally(k: Knex, scope: Scope): Tally | null {
  return kept.kept(k, scope);
}

export function tallyState(k: Knex, scope: Scope): NameCountsState {
  return kept.state(k, scope);
}
