import type { Knex } from 'knex';
import type { RecomputeResult } from '../../shared/contract/software';
import type { Scope } from '../platform/ocs/scope';
import { serverRules } from './categories.repo';
import { defaultCategory } from './categories.service';
import { categoryOf, compileRule, osSignature } from './category-rules';
import {
  deleteLinks,
  dictionary,
  installedTriples,
  installedTriplesByAgent,
  insertLinks,
  linkRows,
  type InstalledTriple,
  type LinkRow,
  userAgents,
} from './recompute.repo';

type Progress = (done: number, total: number, note?: string) => void;
const key = (n: number, p: number, v: number) => `${n}:${p}:${v}`;

/**
 * Recomputes `software_categories_link` as the comm server (2.9+) would leave it if every computer sent
 * its inventory again, in the order of their last inventories (docs/software-categories.md):
 * - each installed (name, publisher, version) gets the category of the last matching rule, else
 *   DEFAULT_CATEGORY; where categories depend on the agent's OS, the agent of the last computer
 *   inventoried with it whose evaluation gives a category decides;
 * - a triple that gets a category has exactly that one link row (an existing right row is kept);
 * - a triple that gets none (no rule, no default) keeps its rows, as the comm server leaves them;
 * - rows of triples no computer has any more go, as ocsreports' cron clean-up does.
 * All writes in one transaction; cancellable between steps and chunks.
 */
export async function recomputeCategories(
  k: Knex,
  fleet: Scope,
  progress: Progress,
  signal: AbortSignal,
): Promise<RecomputeResult> {
  progress(0, 4, 'rules');
  const rows = await serverRules(k);
  const rules = rows.map(compileRule);
  const invalidRules = [...new Set(rows.filter((_r, i) => rules[i]?.name === null).map((r) => r.categoryId))];
  const def = await defaultCategory(k);
  const uas = rules.length ? await userAgents(k, fleet) : [];
  const signatures = new Set(uas.map((ua) => osSignature(rules, ua)));
  const byAgent = signatures.size > 1;
  signal.throwIfAborted();

  progress(1, 4, 'software');
  const [triples, names, publishers, versions] = await Promise.all([
    byAgent ? installedTriplesByAgent(k, fleet) : installedTriples(k, fleet),
    dictionary(k, 'software_name'),
    dictionary(k, 'software_publisher'),
    dictionary(k, 'software_version'),
  ]);
  signal.throwIfAborted();

  progress(2, 4, 'rules on software');
  // Per triple, its candidates (one per agent, last inventoried first); the first that gives a category wins.
  const candidates = new Map<string, InstalledTriple[]>();
  for (const t of triples) {
    const kk = key(t.nameId, t.publisherId, t.versionId);
    const list = candidates.get(kk) ?? [];
    list.push(t);
    candidates.set(kk, list);
  }
  const anyAgent = uas[0] ?? '';
  const wanted = new Map<string, number>();
  let n = 0;
  for (const [kk, list] of candidates) {
    if (++n % 5000 === 0) signal.throwIfAborted();
    list.sort((a, b) => (b.lastKey ?? '').localeCompare(a.lastKey ?? ''));
    const t = list[0]!;
    const soft = {
      name: names.get(t.nameId) ?? null,
      publisher: t.publisherId === 1 ? '' : (publishers.get(t.publisherId) ?? ''),
      version: t.versionId === 1 ? '' : (versions.get(t.versionId) ?? ''),
    };
    for (const c of list) {
      const cat = categoryOf(rules, soft, c.userAgent ?? anyAgent, def);
      // The comm server writes a link only for a category other than 0 (Software.pm, _insert_software).
      if (cat !== null && cat !== 0) {
        wanted.set(kk, cat);
        break;
      }
    }
  }
  signal.throwIfAborted();

  progress(3, 4, 'writing');
  const result = await k.transaction(async (trx) => {
    const existing = await linkRows(trx);
    const del: number[] = [];
    const keep = new Set<string>();
    let unchanged = 0;
    const byTriple = new Map<string, LinkRow[]>();
    for (const r of existing) {
      const kk = key(r.nameId, r.publisherId, r.versionId);
      const list = byTriple.get(kk) ?? [];
      list.push(r);
      byTriple.set(kk, list);
    }
    for (const [kk, list] of byTriple) {
      if (!candidates.has(kk)) {
        del.push(...list.map((r) => r.id));
        continue;
      }
      const cat = wanted.get(kk);
      if (cat === undefined) continue;
      for (const r of list) {
        if (r.categoryId === cat && !keep.has(kk)) {
          keep.add(kk);
          unchanged++;
        } else del.push(r.id);
      }
    }
    const ins: Array<Omit<LinkRow, 'id'>> = [];
    for (const [kk, cat] of wanted) {
      if (keep.has(kk)) continue;
      const [nameId, publisherId, versionId] = kk.split(':').map(Number) as [number, number, number];
      ins.push({ nameId, publisherId, versionId, categoryId: cat });
    }
    const check = () => signal.throwIfAborted();
    await deleteLinks(trx, del, check);
    await insertLinks(trx, ins, check);
    check();
    return { deleted: del.length, inserted: ins.length, unchanged };
  });
  progress(4, 4);
  return {
    triples: candidates.size,
    categorised: wanted.size,
    ...result,
    invalidRules,
  };
}
