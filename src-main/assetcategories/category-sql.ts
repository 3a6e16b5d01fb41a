import type { Knex } from 'knex';
import { ComputerFilter } from '../../shared/contract/computers';
import { applyFilter } from '../computers/filter-sql';
import { getSchemaInfo } from '../computers/schema-info';
import { AppError } from '../platform/errors';
import { scoped, type Scope } from '../platform/ocs/scope';

/**
 * An asset category's stored search (`assets_categories.SQL_QUERY` / `SQL_ARGS`), written so that both
 * readers run the same statement (docs/asset-categories.md):
 * - the comm server 2.8.1 (`Interface/AssetCategory.pm`) turns every `%s` into `?`, splits the text on
 *   `?` and pastes the comma-separated SQL_ARGS in between, unquoted and unescaped, then keeps the rows
 *   whose column `hardwareNAME` equals the inventoried computer's NAME;
 * - ocsreports 2.11.1 passes the text through `vsprintf` with the escaped SQL_ARGS
 *   (`generate_secure_sql`) and reads the column `hardwareID`.
 * So OCS Desk stores no arguments (SQL_ARGS '') and a text with no `%` and no `?`: every value is an
 * escaped literal, and a `%` or `?` inside one is spelled `CHAR(37)` / `CHAR(63)`.
 */

/** ocsreports' SQL_QUERY is a TEXT column (64 KiB). */
const MAX_SQL = 65_535;
const MARK = '/* ocs-desk-search:';

function refuse(detail: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    { field: 'filter', detail },
    { fields: [{ path: 'filter', message: detail }] },
  );
}

/**
 * Rewrites the single-quoted literals of `sql` (MySQL backslash escapes) so that no `%` or `?` remains in
 * the text; null when one remains outside a literal.
 */
export function withoutPlaceholderChars(sql: string): string | null {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '%' || ch === '?') return null;
    if (ch !== "'") {
      out += ch;
      i++;
      continue;
    }
    // A literal: collect its escaped units up to the closing quote.
    const parts: string[] = [];
    let seg = '';
    let needs = false;
    i++;
    for (;;) {
      if (i >= sql.length) return null;
      const c = sql[i]!;
      if (c === '\\') {
        seg += sql.slice(i, i + 2);
        i += 2;
      } else if (c === "'" && sql[i + 1] === "'") {
        seg += "''";
        i += 2;
      } else if (c === "'") {
        i++;
        break;
      } else if (c === '%' || c === '?') {
        parts.push(`'${seg}'`, c === '%' ? 'CHAR(37)' : 'CHAR(63)');
        seg = '';
        needs = true;
        i++;
      } else {
        seg += c;
        i++;
      }
    }
    if (!needs) out += `'${seg}'`;
    else {
      parts.push(`'${seg}'`);
      out += `CONCAT(${parts.filter((p) => p !== "''").join(', ')})`;
    }
  }
  return out;
}

/** The OCS Desk search a stored category was made from (its trailing comment), or null. */
export function storedFilter(sql: string): ComputerFilter | null {
  const at = sql.lastIndexOf(MARK);
  if (at < 0) return null;
  const end = sql.indexOf(' */', at);
  if (end < 0) return null;
  try {
    const json = Buffer.from(sql.slice(at + MARK.length, end), 'base64').toString('utf8');
    const parsed = ComputerFilter.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The statement stored for a search: hardware id and name under the aliases both readers use, group rows
 * left out, the operator's TAG perimeter folded in (ocsreports adds the creator's TAG list too), and the
 * search itself in a trailing comment (base64: no `*`, `%` or `?`) so OCS Desk can edit it again.
 */
export async function categorySql(k: Knex, scope: Scope, filter: ComputerFilter): Promise<string> {
  const s = await getSchemaInfo(k);
  const q = k.from({ h: 'hardware' }).select({ hardwareID: 'h.ID', hardwareNAME: 'h.NAME' });
  applyFilter(k, q, s, filter);
  q.whereNotIn('h.DEVICEID', ['_SYSTEMGROUP_', '_DOWNLOADGROUP_']);
  if (scope.tags !== null) scoped(k, q, 'h.ID', scope);
  q.groupBy('h.ID');
  const body = withoutPlaceholderChars(q.toString());
  if (body === null) throw refuse('this search cannot be stored as an asset category the comm server runs');
  const mark = Buffer.from(JSON.stringify(filter), 'utf8').toString('base64');
  const sql = `${body} ${MARK}${mark} */`;
  if (Buffer.byteLength(sql, 'utf8') > MAX_SQL)
    throw refuse('this search is too long to be stored as an asset category (64 KiB of SQL)');
  return sql;
}

/** Refuses a statement MariaDB would not run (EXPLAIN does not execute it). */
export async function checkRuns(k: Knex, sql: string): Promise<void> {
  try {
    await k.raw(`EXPLAIN ${sql}`);
  } catch (e) {
    const msg = (e as { sqlMessage?: string }).sqlMessage ?? (e as Error).message;
    throw refuse(`the database refuses this search as an asset category (${msg})`);
  }
}
