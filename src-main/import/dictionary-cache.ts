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
 * clean-up, another tool): every file checks the IDs it took from here just before its COMMIT
 * (`guardChecks`) and is written again, looking the texts up, when one is gone.
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

/**
 * Thrown when a dictionary row a file took from the cache is gone at its COMMIT: the file is rolled back,
 * its cached texts are forgotten, and it is retried (its texts are then looked up, and created if needed).
 */
export class CachedDictionaryRowGone extends Error {
  constructor() {
    super('a cached software dictionary row was deleted meanwhile: the file is written again');
  }
}

/** The error the guard's statements raise when a cached ID is missing (MariaDB ER_SUBQUERY_NO_1_ROW). */
export const GUARD_ERRNO = 1242;

/**
 * Statements, sent with the file's software rows just before its COMMIT, that fail when one of the cached
 * IDs the file uses is gone (a count below the number of IDs evaluates a subquery of two rows: error 1242;
 * a failing statement stops the multi-statement, so the COMMIT is not run). `LOCK IN SHARE MODE` holds the
 * rows until that COMMIT, so a DELETE of one of them waits for it. Sent in the last round trip, these locks
 * are never held while the file waits for anything of OCS Desk's own (the batch's dictionary lock): a lock
 * wait between files is then one InnoDB sees whole (and resolves as a deadlock when it is one).
 * The IDs come from a JSON_TABLE joined on the primary key, one point lookup each: with `ID IN (…)` the
 * optimizer scans the whole (small, young) dictionary instead, and a locking scan waits for every row
 * another file inserted and has not committed yet (a deadlock with that file's INSERT IGNOREs; 112
 * retried statements in 300 files at concurrency 16).
 */
export function guardChecks(used: Record<DictKey, Set<number>>, budget: number): Array<[string, unknown[]]> {
  const out: Array<[string, unknown[]]> = [];
  for (const key of Object.keys(DICTIONARY_TABLES) as DictKey[]) {
    const ids = [...used[key]];
    // IDs are integers from the database: written as they are (at most 11 digits and a comma each).
    for (const part of chunkBySize(ids, () => 12, budget - 4096, 20_000)) {
      out.push([
        `SELECT IF(COUNT(*) = ${part.length}, 0, (SELECT 1 UNION ALL SELECT 2)) AS ok ` +
          `FROM JSON_TABLE('[${part.join(',')}]', '$[*]' COLUMNS(i INT PATH '$')) j ` +
          `JOIN ?? d ON d.ID = j.i LOCK IN SHARE MODE`,
        [DICTIONARY_TABLES[key]],
      ]);
    }
  }
  return out;
}
