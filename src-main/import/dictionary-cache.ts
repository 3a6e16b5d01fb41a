import { chunkBySize } from './db-helpers';
import { ownString } from './ocs-reader';

/** The software dictionaries a `software` row points into (NAME_ID, PUBLISHER_ID, VERSION_ID). */
export type DictKey = 'NAME' | 'PUBLISHER' | 'VERSION';
export const DICTIONARY_TABLES: Readonly<Record<DictKey, string>> = {
  NAME: 'software_name',
  PUBLISHER: 'software_publisher',
  VERSION: 'software_version',
};

/**
 * The dictionary IDs a batch has already resolved, by exact text, so that a text seen by an earlier file is
 * not looked up again (docs/import.md "Dictionary cache"). Only IDs of committed files go in (a file that
 * rolls back may have created them). A cached row can still be deleted meanwhile (ocsreports' dictionary
 * clean-up, another tool): every file checks the IDs it took from here inside its transaction
 * (`guardReads`) and looks the texts up again when one is gone.
 * Bounded: a dictionary past `maxTexts` texts starts again empty (memory stays flat in the batch size).
 */
export class DictionaryCache {
  private readonly maps: Record<DictKey, Map<string, number>> = {
    NAME: new Map(),
    PUBLISHER: new Map(),
    VERSION: new Map(),
  };
  constructor(private readonly maxTexts = 50_000) {}

  get(key: DictKey, text: string): number | undefined {
    return this.maps[key].get(text);
  }

  remember(key: DictKey, text: string, id: number): void {
    const m = this.maps[key];
    if (m.has(text)) return;
    if (m.size >= this.maxTexts) m.clear();
    // A flat copy: the parser's value may be a slice of a whole chunk of the file, which the key would keep.
    m.set(ownString(text), id);
  }

  forget(key: DictKey, text: string): void {
    this.maps[key].delete(text);
  }

  size(key: DictKey): number {
    return this.maps[key].size;
  }
}

export interface DictionaryGuard {
  reads: Array<[string, unknown[]]>;
  keys: DictKey[];
  expected: Record<DictKey, number>;
}

/**
 * Locking reads that count which of the cached IDs a file uses still exist. `LOCK IN SHARE MODE` keeps
 * them until the file's COMMIT: a DELETE of one of them waits for it, so no committed `software` row can
 * point at a dictionary row deleted before the COMMIT (one deleted earlier is not counted: `cachedIdsMissing`).
 * Shared locks do not conflict with each other nor with other files' INSERT IGNOREs of other keys.
 */
export function guardReads(used: Record<DictKey, Set<number>>, budget: number): DictionaryGuard | null {
  const g: DictionaryGuard = { reads: [], keys: [], expected: { NAME: 0, PUBLISHER: 0, VERSION: 0 } };
  for (const key of Object.keys(DICTIONARY_TABLES) as DictKey[]) {
    const ids = [...used[key]];
    g.expected[key] = ids.length;
    // IDs are integers from the database: written as they are (at most 11 digits and a comma each).
    for (const part of chunkBySize(ids, () => 12, budget - 4096, 20_000)) {
      g.reads.push([
        `SELECT COUNT(*) AS n FROM ?? WHERE ID IN (${part.join(',')}) LOCK IN SHARE MODE`,
        [DICTIONARY_TABLES[key]],
      ]);
      g.keys.push(key);
    }
  }
  return g.reads.length === 0 ? null : g;
}

/** The dictionaries of which a cached ID is gone, from the rows of the guard's reads (in order). */
export function cachedIdsMissing(g: DictionaryGuard, sets: unknown[][]): DictKey[] {
  const found: Record<DictKey, number> = { NAME: 0, PUBLISHER: 0, VERSION: 0 };
  sets.forEach((rows, i) => {
    found[g.keys[i]!] += Number((rows as Array<{ n: number | string }>)[0]?.n ?? 0);
  });
  return (Object.keys(found) as DictKey[]).filter((k) => found[k] < g.expected[k]);
}
