import type { Knex } from 'knex';
import type { z } from 'zod';
import type {
  SoftwareListInput,
  SoftwareRow,
  SoftwareVersionRow,
  software as softwareContract,
} from '../../shared/contract/software';
import { csvLine } from '../computers/csv-export';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import {
  categoryNames,
  computersPerName,
  dictionaryValues,
  linksOf,
  pageNames,
  softwareName,
  triplesOf,
} from './software.repo';

type ListInput = z.output<typeof SoftwareListInput>;
const MAX_PUBLISHERS = 5;
const tripleKey = (n: number, p: number, v: number) => `${n}:${p}:${v}`;

/** One page of All software: names, then the figures of those names only. */
export async function listSoftware(
  k: Knex,
  scope: Scope,
  input: ListInput,
): Promise<{ rows: SoftwareRow[]; total: number }> {
  const { names, total } = await pageNames(k, scope, input);
  const ids = names.map((n) => n.id);
  const [triples, computers, links, cats] = await Promise.all([
    triplesOf(k, scope, ids),
    computersPerName(k, scope, ids),
    linksOf(k, ids),
    categoryNames(k),
  ]);
  const publishers = await dictionaryValues(
    k,
    'software_publisher',
    triples.map((t) => t.publisherId),
  );
  const byName = new Map<number, typeof triples>();
  for (const t of triples) {
    const list = byName.get(t.nameId) ?? [];
    list.push(t);
    byName.set(t.nameId, list);
  }
  const rows = names.map((n): SoftwareRow => {
    const ts = byName.get(n.id) ?? [];
    const perPublisher = new Map<number, number>();
    for (const t of ts) perPublisher.set(t.publisherId, (perPublisher.get(t.publisherId) ?? 0) + t.computers);
    const pubOrder = [...perPublisher.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const catIds = new Set<number>();
    for (const t of ts) {
      const c = links.get(tripleKey(t.nameId, t.publisherId, t.versionId));
      if (c !== undefined) catIds.add(c);
    }
    return {
      nameId: n.id,
      name: n.name,
      publisherNames: pubOrder.slice(0, MAX_PUBLISHERS).map(([id]) => publishers.get(id) ?? ''),
      publishers: pubOrder.length,
      versions: new Set(ts.map((t) => t.versionId)).size,
      computers: computers.get(n.id) ?? 0,
      categories: [...catIds]
        .map((id) => ({ id, name: cats.get(id) ?? `#${id}` }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
  return { rows, total };
}

/** Every version of one name in the scope (most installed first). */
export async function softwareVersions(
  k: Knex,
  scope: Scope,
  nameId: number,
): Promise<{ rows: SoftwareVersionRow[] }> {
  if ((await softwareName(k, nameId)) === null)
    throw new AppError('NOT_FOUND', { what: 'software', id: nameId });
  const [triples, links, cats] = await Promise.all([
    triplesOf(k, scope, [nameId]),
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
  let offset = 0;
  let total = 0;
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
  return { csv: lines.join(''), rows: offset, truncated: offset < total };
}
