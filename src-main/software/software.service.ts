import type { Knex } from 'knex';
import type { z } from 'zod';
import type {
  NameCountsState,
  SoftwareListInput,
  SoftwareListOutput,
  SoftwareRow,
  SoftwareVersionRow,
  software as softwareContract,
} from '../../shared/contract/software';
import { csvLine } from '../computers/csv-export';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import {
  categoryNames,
  dictionaryValues,
  linksOf,
  filteredNameIds,
  namesOf,
  pageNamesByName,
  softwareName,
  triplesOf,
} from './software.repo';
import {
  keptCounts,
  nameCounts,
  nameCountsNow,
  triplesOfName,
  type NameCount,
  type NameCounts,
} from './name-counts';

/** `figures` defaults to true (the CSV export and tests read pages with their figures). */
type ListInput = Omit<z.output<typeof SoftwareListInput>, 'figures'> & { figures?: boolean };
const MAX_PUBLISHERS = 5;
const tripleKey = (n: number, p: number, v: number) => `${n}:${p}:${v}`;

/**
 * How long a page waits for the per-name counts when none are kept yet: a small fleet's count fits, so
 * its first page comes with its total; a big one's page comes without (the renderer asks again).
 * Sorted by name the page itself never needs them. OCS_DESK_COUNT_WAIT_MS overrides both (0: never wait).
 */
const envWait = process.env.OCS_DESK_COUNT_WAIT_MS;
export const COUNT_WAIT_MS = {
  byName: envWait ? Number(envWait) : 600,
  byCount: envWait ? Number(envWait) : 2000,
};

/** Each kept count's names in each order (a sort of ~61,000 names costs a request 0.1-0.3 s). */
const orders = new WeakMap<NameCount[], Map<string, NameCount[]>>();

/** Every kept name in the asked order (ties of a count in name order), sorted once per kept count. */
function ordered(all: NameCount[], sort: ListInput['sort']): NameCount[] {
  if (sort.column === 'name' && sort.dir === 'asc') return all; // kept in name order
  let byKey = orders.get(all);
  if (!byKey) orders.set(all, (byKey = new Map()));
  const key = `${sort.column} ${sort.dir}`;
  let list = byKey.get(key);
  if (!list) {
    const sign = sort.dir === 'asc' ? 1 : -1;
    const col = sort.column;
    // The sort is stable: equal values stay in name order.
    list = col === 'name' ? [...all].reverse() : [...all].sort((a, b) => sign * (a[col] - b[col]));
    byKey.set(key, list);
  }
  return list;
}

/**
 * One page of All software. Once the perimeter's background count is kept (name-counts.ts), the page,
 * its total and its figures come from it for any sort: only the page's names, publishers and link rows
 * are read. Before, sorted by name, the page's names are read (the dictionary walked in order) and
 * their figures are pending; sorted by computers or versions there is no page yet. No path reads the
 * software rows of the page's names.
 */
export async function listSoftware(
  k: Knex,
  scope: Scope,
  input: ListInput,
  waitMs?: number,
): Promise<SoftwareListOutput> {
  const byName = input.sort.column === 'name';
  const withFigures = input.figures ?? true;
  // Without figures the page never waits for the counts: they only fill what they already know.
  const wait = !withFigures ? 0 : (waitMs ?? (byName ? COUNT_WAIT_MS.byName : COUNT_WAIT_MS.byCount));
  // Sorted by name with nothing kept, the page first: the count (a read of every software row) starts
  // after it, so it never slows the page down.
  const namePage = byName && !keptCounts(k, scope) ? await pageNamesByName(k, scope, input) : null;
  const [{ counts, state }, filterIds] = await Promise.all([
    nameCounts(k, scope, wait),
    filteredNameIds(k, input),
  ]);
  if (!counts) {
    if (namePage) return { rows: pendingRows(namePage, undefined), total: null, counts: state };
    return { rows: [], total: null, counts: state };
  }
  const all = ordered(counts.byName, input.sort);
  const kept = filterIds ? all.filter((c) => filterIds.has(c.id)) : all;
  const page = kept.slice(input.offset, input.offset + input.limit);
  const text = await namesOf(
    k,
    page.map((c) => c.id),
  );
  const names = page.map((c) => ({ id: c.id, name: text.get(c.id) ?? '' }));
  const rows = withFigures ? await figuresOf(k, counts, names) : pendingRows(names, page);
  return { rows, total: kept.length, counts: state };
}

/** Rows of names whose figures are not read: computers and versions from the kept counts when known. */
function pendingRows(
  names: Array<{ id: number; name: string }>,
  counts: NameCount[] | undefined,
): SoftwareRow[] {
  const known = new Map((counts ?? []).map((c) => [c.id, c]));
  return names.map((n) => ({
    nameId: n.id,
    name: n.name,
    publisherNames: [],
    publishers: 0,
    versions: known.get(n.id)?.versions ?? 0,
    computers: known.get(n.id)?.computers ?? 0,
    categories: [],
    pending: true,
  }));
}

/**
 * Publishers, versions, computers and categories of the given names: their triples and computers from
 * the kept counts, then the names' publishers and link rows (by the dictionary and NAME_ID keys).
 */
async function figuresOf(
  k: Knex,
  counts: NameCounts,
  names: Array<{ id: number; name: string }>,
): Promise<SoftwareRow[]> {
  const ids = names.map((n) => n.id);
  const byName = new Map(ids.map((id) => [id, triplesOfName(counts, id)]));
  const [links, cats, publishers] = await Promise.all([
    linksOf(k, ids),
    categoryNames(k),
    dictionaryValues(
      k,
      'software_publisher',
      [...byName.values()].flat().map((t) => t.publisherId),
    ),
  ]);
  return names.map((n): SoftwareRow => {
    const ts = byName.get(n.id) ?? [];
    const perPublisher = new Map<number, number>();
    for (const t of ts) perPublisher.set(t.publisherId, (perPublisher.get(t.publisherId) ?? 0) + t.computers);
    const pubOrder = [...perPublisher.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const catIds = new Set<number>();
    for (const t of ts) {
      const c = links.get(tripleKey(t.nameId, t.publisherId, t.versionId));
      if (c !== undefined) catIds.add(c);
    }
    const i = counts.rank.get(n.id);
    return {
      nameId: n.id,
      name: n.name,
      publisherNames: pubOrder.slice(0, MAX_PUBLISHERS).map(([id]) => publishers.get(id) ?? ''),
      publishers: pubOrder.length,
      versions: new Set(ts.map((t) => t.versionId)).size,
      computers: i === undefined ? 0 : counts.byName[i]!.computers,
      categories: [...catIds]
        .map((id) => ({ id, name: cats.get(id) ?? `#${id}` }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}

/** The `limit` names on the most computers (ties in name order), from the kept per-name counts. */
export async function mostInstalled(
  k: Knex,
  scope: Scope,
  limit: number,
  waitMs: number,
): Promise<{ rows: Array<{ name: string; computers: number }>; counts: NameCountsState }> {
  const { counts, state } = await nameCounts(k, scope, waitMs);
  if (!counts) return { rows: [], counts: state };
  const top = ordered(counts.byName, { column: 'computers', dir: 'desc' }).slice(0, limit);
  const names = await namesOf(
    k,
    top.map((c) => c.id),
  );
  return {
    rows: top.map((c) => ({ name: names.get(c.id) ?? '', computers: c.computers })),
    counts: state,
  };
}

/** Every version of one name in the scope (most installed first). */
export async function softwareVersions(
  k: Knex,
  scope: Scope,
  nameId: number,
): Promise<{ rows: SoftwareVersionRow[] }> {
  if ((await softwareName(k, nameId)) === null)
    throw new AppError('NOT_FOUND', { what: 'software', id: nameId });
  // From the kept counts when there are some (the rows of a name on most computers are most of
  // software without the optional indexes); read for this name only otherwise.
  const kept = keptCounts(k, scope);
  const [triples, links, cats] = await Promise.all([
    kept ? triplesOfName(kept, nameId) : triplesOf(k, scope, [nameId]),
    linksOf(k, [nameId]),
    categoryNames(k),
  ]);
  const [pubs, vers] = await Promise.all([
    dictionaryValues(
      k,
      'software_publisher',
      triples.map((t) => t.publisherId),
    ),
    dictionaryValues(
      k,
      'software_version',
      triples.map((t) => t.versionId),
    ),
  ]);
  const rows = triples.map((t): SoftwareVersionRow => {
    const c = links.get(tripleKey(t.nameId, t.publisherId, t.versionId));
    return {
      version: vers.get(t.versionId) ?? '',
      publisher: pubs.get(t.publisherId) ?? '',
      computers: t.computers,
      category: c === undefined ? null : { id: c, name: cats.get(c) ?? `#${c}` },
    };
  });
  rows.sort(
    (a, b) =>
      b.computers - a.computers ||
      a.version.localeCompare(b.version) ||
      a.publisher.localeCompare(b.publisher),
  );
  return { rows };
}

type ExportInput = z.output<(typeof softwareContract)['exportCsv']['input']>;
const PAGE = 500;

/** The list as CSV text (header + one line per name), in the grid's order. */
export async function exportSoftwareCsv(
  k: Knex,
  scope: Scope,
  input: ExportInput,
  header: string[] = ['Software', 'Publishers', 'Versions', 'Computers', 'Categories'],
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const lines = [csvLine(header, ',')];
  // An explicit export waits for the counts (its total, and its order when sorted by computers).
  await nameCountsNow(k, scope);
  let offset = 0;
  let total: number | null = 0;
  for (;;) {
    const limit = Math.min(PAGE, input.maxRows - offset);
    if (limit <= 0) break;
    const page = await listSoftware(k, scope, { ...input, offset, limit });
    total = page.total;
    for (const r of page.rows)
      lines.push(
        csvLine(
          [
            r.name,
            r.publisherNames.join(' | ') + (r.publishers > r.publisherNames.length ? ' | …' : ''),
            r.versions,
            r.computers,
            r.categories.map((c) => c.name).join(' | '),
          ],
          ',',
        ),
      );
    offset += page.rows.length;
    if (page.rows.length < limit) break;
  }
  return { csv: lines.join(''), rows: offset, truncated: total === null || offset < total };
}
