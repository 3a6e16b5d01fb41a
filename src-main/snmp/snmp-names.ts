/**
 * Names of SNMP types and labels (docs/snmp.md, decision 4). ocsreports 2.11 cleans them
 * (`Snmp.php` cleanString: accented Latin letters to ASCII, hyphens, apostrophes, typographic quotes
 * and non-breaking spaces to `_`), then uses `snmp_<type, lower-cased>` as the table and the label as
 * a column; the comm server takes both back from the agent's XML element names. OCS Desk applies the
 * same cleaning, turns ordinary spaces into `_` too (an XML element name cannot hold one), and refuses
 * what would not be a plain identifier.
 */

const FOLD: Array<[RegExp, string]> = [
  [/[áàâãªä]/gu, 'a'],
  [/[ÁÀÂÃÄ]/gu, 'A'],
  [/[ÍÌÎÏ]/gu, 'I'],
  [/[íìîï]/gu, 'i'],
  [/[éèêë]/gu, 'e'],
  [/[ÉÈÊË]/gu, 'E'],
  [/[óòôõºö]/gu, 'o'],
  [/[ÓÒÔÕÖ]/gu, 'O'],
  [/[úùûü]/gu, 'u'],
  [/[ÚÙÛÜ]/gu, 'U'],
  [/ç/gu, 'c'],
  [/Ç/gu, 'C'],
  [/ñ/gu, 'n'],
  [/Ñ/gu, 'N'],
  [/[–’‘‹›‚“”«»„\u00a0\-']/gu, '_'],
];

/** ocsreports' cleanString, plus ordinary spaces to `_`. */
export function cleanName(text: string): string {
  let s = text.trim();
  for (const [re, to] of FOLD) s = s.replace(re, to);
  return s.replace(/ /g, '_');
}

/** OCS tables an SNMP type must never take over (CREATE TABLE IF NOT EXISTS would then ALTER them). */
const RESERVED_TABLES = new Set([
  'snmp',
  'snmp_types',
  'snmp_types_conditions',
  'snmp_labels',
  'snmp_configs',
  'snmp_communities',
  'snmp_mibs',
  'snmp_accountinfo',
  'snmp_links',
  'snmp_laststate',
]);

/** The per-type table of a type name, or the reason it cannot be one. */
export function tableNameFor(typeName: string): { table: string } | { error: string } {
  const table = `snmp_${cleanName(typeName).toLowerCase()}`;
  if (!/^snmp_[a-z0-9_]+$/.test(table))
    return { error: 'letters, digits, spaces, hyphens and underscores only' };
  if (table.length > 64) return { error: 'at most 59 characters' };
  if (RESERVED_TABLES.has(table)) return { error: 'the name of an OCS table' };
  return { table };
}

/** Columns every per-type table has, and XML keys the comm server's parser folds arrays on. */
const RESERVED_COLUMNS = new Set(['id', 'lastdate', 'name', 'key']);

/** The column (and XML element) of a label name, or the reason it cannot be one. */
export function labelColumnFor(labelName: string): { column: string } | { error: string } {
  const column = cleanName(labelName);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column))
    return { error: 'letters, digits and underscores only, not starting with a digit' };
  if (column.length > 64) return { error: 'at most 64 characters' };
  if (RESERVED_COLUMNS.has(column.toLowerCase())) return { error: 'reserved name' };
  return { column };
}

/** A name read back from the database, safe to quote as an identifier (never from user input). */
export function isPlainIdentifier(s: string): boolean {
  return /^[A-Za-z0-9_]{1,64}$/.test(s);
}

/**
 * The agent's condition match (SnmpScan.pm `regex`): no `*`: the whole value; `*` at both ends:
 * contains; leading `*`: ends with; trailing `*`: starts with. The agent also accepts an exact
 * string match first. The value is a regular expression for the agent; OCS Desk compares it as text.
 */
export function conditionMatches(expected: string, value: string | null): boolean {
  if (value === null) return false;
  if (value === expected) return true;
  const starts = expected.startsWith('*');
  const ends = expected.endsWith('*') && expected.length > 1;
  const core = expected.replace(/^\*+|\*+$/g, '');
  if (!starts && !ends) return value === expected;
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  return value.startsWith(core);
}
