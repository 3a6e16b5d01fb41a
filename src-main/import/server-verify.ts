import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { normaliseKey } from './apply-order';
import { rowsOf } from './db-helpers';
import { DICTIONARY_MAX_CHARS } from './ocs-map';
import type { Inventory } from './ocs-reader';
import { sanitize } from './offline-writer';

/**
 * What server mode checks in the database: a computer's software rows are exactly the file's.
 *
 * Kept per file as a count and a digest (not the parsed inventory), so a batch can re-check every
 * file at its end without holding the files in memory. Names are compared as MariaDB compares them
 * in the dictionary (case, accents and trailing blanks aside: the server may reuse a `FIREFOX` row
 * for `Firefox`).
 */
export interface SoftwareExpectation {
  count: number;
  /** null when an entry has no name: its row's NAME_ID is 1, the first name of the dictionary, so only the count is compared. */
  digest: string | null;
}

const nameKey = (name: string | null): string => (name === null ? '' : normaliseKey(name).trim());

function digestOf(keys: string[]): string {
  keys.sort();
  const h = createHash('sha1');
  for (const k of keys) h.update(k).update('\n');
  return h.digest('hex');
}

/** The software rows the comm server keeps from this file: entries whose dictionary texts fit their varchar(255) column. */
export function softwareExpectation(inv: Inventory): SoftwareExpectation {
  const keys: string[] = [];
  let unnamed = false;
  for (const s of inv.sections.get('SOFTWARES') ?? []) {
    if ([s.NAME, s.PUBLISHER, s.VERSION].some((v) => v !== undefined && [...v].length > DICTIONARY_MAX_CHARS))
      continue;
    if (s.NAME === undefined) unnamed = true;
    keys.push(nameKey(s.NAME === undefined ? null : sanitize(s.NAME)));
  }
  return { count: keys.length, digest: unnamed ? null : digestOf(keys) };
}

/** The software rows stored for these computers, as expectations (computers without rows are absent from the map). */
export async function storedSoftware(
  knex: Knex,
  hardwareIds: number[],
): Promise<Map<number, SoftwareExpectation>> {
  const keys = new Map<number, string[]>();
  for (let i = 0; i < hardwareIds.length; i += 200) {
    const part = hardwareIds.slice(i, i + 200);
    const rows = await rowsOf<{ H: number; NAME: string | null }>(
      knex.raw(
        `SELECT s.HARDWARE_ID AS H, n.NAME
           FROM software s LEFT JOIN software_name n ON n.ID = s.NAME_ID
          WHERE s.HARDWARE_ID IN (${part.map(() => '?').join(',')})`,
        part,
      ),
    );
    for (const r of rows) {
      const h = Number(r.H);
      const list = keys.get(h) ?? [];
      list.push(nameKey(r.NAME));
      keys.set(h, list);
    }
  }
  const out = new Map<number, SoftwareExpectation>();
  for (const [h, k] of keys) out.set(h, { count: k.length, digest: digestOf(k) });
  return out;
}

/** null when the stored rows are the file's, else why not (software-count-mismatch / software-rows-differ). */
export function softwareProblem(
  stored: SoftwareExpectation | undefined,
  expected: SoftwareExpectation,
): string | null {
  const got = stored ?? { count: 0, digest: digestOf([]) };
  if (got.count !== expected.count)
    return `software-count-mismatch: ${got.count} rows stored, ${expected.count} in the file`;
  if (expected.digest !== null && got.digest !== expected.digest)
    return `software-rows-differ: ${got.count} rows stored as in the file, but not the file's names`;
  return null;
}
