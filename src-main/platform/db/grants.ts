import type { Knex } from 'knex';
import { log } from '../log/logger';

/**
 * What the connected MySQL/MariaDB account may do on the OCS database, read once at connect time
 * from `SHOW GRANTS` (the app then offers only what the grants allow, and says why; the server
 * enforces them anyway). Parsed from the statements the server prints:
 *   GRANT SELECT, INSERT (col) ON `db`.* TO `u`@`h` [IDENTIFIED BY PASSWORD '…'] [WITH GRANT OPTION]
 *   GRANT `role` TO `u`@`h`          (a role; its privileges count when it is active)
 * Global (`*.*`), database (`db`.*, with `%`/`_` patterns and `\_` escapes) and table grants count;
 * column and routine grants never make a whole table writable. Nothing of the text is logged (the
 * USAGE line carries the account's password hash).
 */

/** Privilege names upper-case (`ALL PRIVILEGES` expanded to `ALL`). */
export type Privileges = ReadonlySet<string>;

export interface GrantLine {
  /** Whole-object privileges (column lists dropped: `SELECT (a)` is not SELECT on the table). */
  privileges: Set<string>;
  /** `*` for any; database names may be LIKE patterns. */
  db: string;
  /** `*` for every table of `db`. */
  table: string;
  /** PROCEDURE, FUNCTION, PACKAGE: not table privileges. */
  routine: boolean;
  /** Grantee as written (`user`@`host` or a role name), unquoted. */
  grantee: string;
}

export interface ParsedGrants {
  lines: GrantLine[];
  /** Roles granted to the grantees listed (role grant statements). */
  roles: Array<{ role: string; grantee: string }>;
}

/** Splits at top-level separators: outside backquotes, quotes and parentheses. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      cur += c;
      if (c === '\\' && quote !== '`' && i + 1 < s.length) cur += s[++i];
      else if (c === quote) {
        if (s[i + 1] === quote) cur += s[++i];
        else quote = null;
      }
      continue;
    }
    if (c === '`' || c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth === 0 && s.startsWith(sep, i)) {
      out.push(cur);
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** `name`, 'name', "name" or name -> name (doubled quote characters undone). */
function unquote(s: string): string {
  const t = s.trim();
  const q = t[0];
  if ((q === '`' || q === "'" || q === '"') && t.endsWith(q!) && t.length >= 2)
    return t
      .slice(1, -1)
      .split(q! + q!)
      .join(q!);
  return t;
}

/** `db`.`table`, `db`.*, *.*, db.table (a dot inside backquotes belongs to the name). */
function splitObject(s: string): { db: string; table: string } {
  const parts = splitTop(s.trim(), '.');
  if (parts.length < 2) return { db: '*', table: unquote(parts[0] ?? '*') };
  return { db: unquote(parts[0]!), table: unquote(parts.slice(1).join('.')) };
}

function grantee(s: string): string {
  // `u`@`h`, 'u'@'h', or a role; cut what follows (IDENTIFIED …, WITH …, REQUIRE …).
  const head = splitTop(s.trim(), ' ')[0] ?? '';
  const [u, h] = splitTop(head, '@');
  return h === undefined ? unquote(u ?? '') : `${unquote(u ?? '')}@${unquote(h)}`;
}

function privilegeSet(list: string): Set<string> {
  const out = new Set<string>();
  for (const raw of splitTop(list, ',')) {
    const p = raw.trim();
    if (!p) continue;
    if (/\(/.test(p)) continue; // column privileges: not the whole table
    const name = p.replace(/\s+/g, ' ').toUpperCase();
    out.add(name === 'ALL PRIVILEGES' ? 'ALL' : name);
  }
  return out;
}

/** Parses the rows of `SHOW GRANTS` (one statement each); lines it does not understand are skipped. */
export function parseGrants(statements: readonly string[]): ParsedGrants {
  const lines: GrantLine[] = [];
  const roles: ParsedGrants['roles'] = [];
  for (const raw of statements) {
    const st = raw.trim().replace(/;$/, '');
    if (!/^GRANT\s/i.test(st)) continue;
    const body = st.slice(5).trim();
    const onSplit = splitTop(body, ' ON ');
    const toSplit = splitTop(onSplit.length > 1 ? onSplit.slice(1).join(' ON ') : body, ' TO ');
    if (toSplit.length < 2) continue;
    const who = grantee(toSplit.slice(1).join(' TO '));
    if (onSplit.length === 1) {
      // GRANT `r1`, `r2` TO grantee
      for (const r of splitTop(toSplit[0]!, ','))
        if (r.trim()) roles.push({ role: unquote(r), grantee: who });
      continue;
    }
    if (/^PROXY$/i.test(onSplit[0]!.trim())) continue;
    let object = toSplit[0]!.trim();
    let routine = false;
    const kind = /^(TABLE|PROCEDURE|FUNCTION|PACKAGE BODY|PACKAGE)\s+/i.exec(object);
    if (kind) {
      routine = kind[1]!.toUpperCase() !== 'TABLE';
      object = object.slice(kind[0].length);
    }
    lines.push({ privileges: privilegeSet(onSplit[0]!), ...splitObject(object), routine, grantee: who });
  }
  return { lines, roles };
}

/** A database-level grant name as the server matches it: `%` and `_` wildcards, `\` escapes. */
function dbMatches(pattern: string, database: string): boolean {
  if (pattern === '*') return true;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escapeRe(c);
  }
  // Case-insensitively: a wrong "may write" only lets the server refuse, a wrong "may not" would hide work.
  return new RegExp(`^${re}$`, 'is').test(database);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const WRITE = ['INSERT', 'UPDATE', 'DELETE'] as const;

/** The account's access to one database, as the app uses it. */
export interface DbAccess {
  /** False when the grants could not be read: the app then offers everything and the server decides. */
  known: boolean;
  /** INSERT, UPDATE and DELETE on the whole database (global or database grants, roles included). */
  writeAll: boolean;
  /** Tables (lower case) on which the account holds INSERT, UPDATE and DELETE by a table grant. */
  writableTables: string[];
  /** Tables (lower case) on which it holds at least UPDATE (e.g. its own operator row). */
  updatableTables: string[];
}

export const UNKNOWN_ACCESS: DbAccess = {
  known: false,
  writeAll: true,
  writableTables: [],
  updatableTables: [],
};

/** Privileges over `database`.`table` (`*` = the database itself) from the lines that apply. */
function privilegesOn(lines: readonly GrantLine[], database: string, table: string): Set<string> {
  const out = new Set<string>();
  for (const l of lines) {
    if (l.routine) continue;
    const applies =
      (l.db === '*' && l.table === '*') ||
      (l.table === '*' && dbMatches(l.db, database)) ||
      (table !== '*' &&
        l.table.toLowerCase() === table.toLowerCase() &&
        l.db.toLowerCase() === database.toLowerCase());
    if (applies) for (const p of l.privileges) out.add(p);
  }
  return out;
}

const holds = (privs: Set<string>, names: readonly string[]) =>
  privs.has('ALL') || names.every((n) => privs.has(n));

/**
 * The access the grants give on `database`. `effective` names the grantees whose lines count: the
 * account and its active roles (a role granted but not enabled gives nothing).
 */
export function accessOn(parsed: ParsedGrants, database: string, effective: ReadonlySet<string>): DbAccess {
  const who = new Set([...effective].map((e) => e.toLowerCase()));
  const lines = parsed.lines.filter((l) => who.has(l.grantee.toLowerCase()));
  const writeAll = holds(privilegesOn(lines, database, '*'), WRITE);
  const tables = new Set(
    lines.filter((l) => l.table !== '*' && !l.routine).map((l) => l.table.toLowerCase()),
  );
  const writableTables = [...tables].filter((t) => holds(privilegesOn(lines, database, t), WRITE)).sort();
  const updatableTables = [...tables]
    .filter((t) => holds(privilegesOn(lines, database, t), ['UPDATE']))
    .sort();
  return { known: true, writeAll, writableTables, updatableTables };
}

/** Whether the access allows writing (INSERT, UPDATE, DELETE, or only the given ones) to a table. */
export function mayWrite(a: DbAccess, table: string, only?: 'update'): boolean {
  if (a.writeAll) return true;
  const t = table.toLowerCase();
  return only === 'update'
    ? a.updatableTables.includes(t) || a.writableTables.includes(t)
    : a.writableTables.includes(t);
}

async function statements(k: Knex, sql: string, bindings: string[] = []): Promise<string[]> {
  const [rows] = (await k.raw(sql, bindings)) as [Array<Record<string, unknown>>];
  return rows.map((r) => String(Object.values(r)[0] ?? ''));
}

/**
 * Reads the account's grants on `database` (SHOW GRANTS; the active roles' own grants too, read
 * with SHOW GRANTS FOR <role> when the server did not list them). Unknown when the server refuses.
 */
export async function readDbAccess(k: Knex, database: string): Promise<DbAccess> {
  try {
    const [[who]] = (await k.raw('SELECT CURRENT_USER() AS u')) as [Array<{ u: string }>];
    const account = String(who?.u ?? '').toLowerCase();
    const text = await statements(k, 'SHOW GRANTS');
    let parsed = parseGrants(text);
    // Active roles: MariaDB's CURRENT_ROLE() is one name; MySQL lists `r`@`h`,…; NONE/NULL when none.
    let active: string[] = [];
    try {
      const [[r]] = (await k.raw('SELECT CURRENT_ROLE() AS r')) as [Array<{ r: string | null }>];
      const v = r?.r ?? '';
      active = v && v.toUpperCase() !== 'NONE' ? splitTop(v, ',').map((x) => grantee(x).toLowerCase()) : [];
    } catch {
      active = [];
    }
    const effective = new Set([account]);
    const queue = [...active];
    while (queue.length) {
      const role = queue.shift()!;
      if (effective.has(role)) continue;
      effective.add(role);
      if (!parsed.lines.some((l) => l.grantee.toLowerCase() === role)) {
        try {
          const more = parseGrants(await statements(k, 'SHOW GRANTS FOR ?', [role.split('@')[0]!]));
          parsed = { lines: [...parsed.lines, ...more.lines], roles: [...parsed.roles, ...more.roles] };
        } catch {
          // not allowed to read that role's grants: the server still applies them
        }
      }
      // Roles granted to an active role are active too.
      for (const r of parsed.roles) if (r.grantee.toLowerCase() === role) queue.push(r.role.toLowerCase());
    }
    return accessOn(parsed, database, effective);
  } catch (e) {
    log.warn('could not read the database account grants; the server will decide', {
      error: (e as { code?: string })?.code ?? 'unknown',
    });
    return UNKNOWN_ACCESS;
  }
}
