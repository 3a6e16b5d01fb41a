import type { Knex } from 'knex';
import type { OptionDef, OptionValue } from '../../../shared/contract/options';
import { OPTION_CATALOGUE } from '../../../shared/contract/options-catalogue';

/**
 * The one reader of the OCS `config` table. Values of catalogued options come with the catalogue's
 * default when the database has no row (what the comm server or ocsreports would use), so every
 * capability agrees on, say, INTERFACE_LAST_CONTACT without its own fallback.
 */

export interface ConfigRow {
  ivalue: number | null;
  tvalue: string | null;
}

export interface ConfigValue {
  /** The value in use: the row's column, else the catalogue default. */
  effective: OptionValue | null;
  /** `database` when a row is set, else where the default comes from. */
  source: 'database' | OptionDef['defaultSource'];
  row: ConfigRow | null;
}

const CATALOGUE = new Map(OPTION_CATALOGUE.map((d) => [d.name, d]));

export function catalogued(name: string): OptionDef | undefined {
  return CATALOGUE.get(name.toUpperCase());
}

/** Raw `config` rows of the given names, keyed by upper-case NAME (NAME is case-insensitive in OCS). */
export async function readConfigRows(k: Knex, names: readonly string[]): Promise<Map<string, ConfigRow>> {
  if (!names.length) return new Map();
  const rows = (await k('config').select('NAME', 'IVALUE', 'TVALUE').whereIn('NAME', names)) as Array<{
    NAME: string;
    IVALUE: number | string | null;
    TVALUE: string | null;
  }>;
  return new Map(
    rows.map((r) => [
      r.NAME.toUpperCase(),
      { ivalue: r.IVALUE == null ? null : Number(r.IVALUE), tvalue: r.TVALUE },
    ]),
  );
}

/**
 * The value in force for one option: the row's column when a row exists (the comm server copies IVALUE
 * as is, a NULL IVALUE meaning 0 / off), else the option's default.
 */
export function effectiveOf(def: OptionDef, row: ConfigRow | null): Omit<ConfigValue, 'row'> {
  if (!row) return { effective: def.default, source: def.defaultSource };
  if (def.column === 'IVALUE') return { effective: row.ivalue ?? 0, source: 'database' };
  return { effective: row.tvalue, source: 'database' };
}

/** Catalogued options (an unknown name is a programming error: add it to the catalogue). */
export async function readConfig(k: Knex, names: readonly string[]): Promise<Map<string, ConfigValue>> {
  const defs = names.map((n) => {
    const d = catalogued(n);
    if (!d) throw new Error(`config ${n} is not in the options catalogue`);
    return d;
  });
  const rows = await readConfigRows(
    k,
    defs.map((d) => d.name),
  );
  return new Map(
    defs.map((d) => {
      const row = rows.get(d.name) ?? null;
      return [d.name, { ...effectiveOf(d, row), row }];
    }),
  );
}

/** One catalogued integer option (its default when no row). */
export async function configInt(k: Knex, name: string): Promise<number> {
  const v = (await readConfig(k, [name])).get(name.toUpperCase())?.effective;
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/** One catalogued text option (its default when no row). */
export async function configText(k: Knex, name: string): Promise<string | null> {
  const v = (await readConfig(k, [name])).get(name.toUpperCase())?.effective;
  return v === null || v === undefined ? null : String(v);
}

/** A `config` row as stored, for the families of rows the catalogue does not list one by one. */
export interface NamedConfigRow {
  NAME: string;
  IVALUE: number | null;
  TVALUE: string | null;
}

/**
 * Rows whose NAME starts with a literal prefix (admin info choices `ACCOUNT_VALUE_<field>_<n>`, tab
 * labels `TAB_ACCOUNTAG_<n>`): families of rows, not options, so they have no catalogue default.
 */
export async function readConfigPrefix(k: Knex, prefix: string): Promise<NamedConfigRow[]> {
  const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  const rows = (await k('config').select('NAME', 'IVALUE', 'TVALUE').where('NAME', 'like', like)) as Array<{
    NAME: string;
    IVALUE: number | string | null;
    TVALUE: string | null;
  }>;
  return rows.map((r) => ({
    NAME: r.NAME,
    IVALUE: r.IVALUE == null ? null : Number(r.IVALUE),
    TVALUE: r.TVALUE,
  }));
}

/** The NAME of every row, upper-case (the schema upgrade adds the rows a level brings and that are missing). */
export async function configNames(k: Knex): Promise<Set<string>> {
  return new Set(
    ((await k('config').select('NAME')) as Array<{ NAME: string }>).map((r) => r.NAME.toUpperCase()),
  );
}

/** `GUI_VERSION` as stored: the OCS schema level (no default: a database without it is not OCS). */
export async function guiVersion(k: Knex): Promise<string | null> {
  return (await readConfigRows(k, ['GUI_VERSION'])).get('GUI_VERSION')?.tvalue ?? null;
}

// ---- writes (the console's own way: the comm server and ocsreports read the same rows) ----

/** Writes one value: UPDATE the column when the row exists (row locked), else INSERT (column, NAME). */
export async function writeConfigValue(
  t: Knex.Transaction,
  name: string,
  column: 'IVALUE' | 'TVALUE',
  value: number | string,
): Promise<void> {
  const existing = (await t('config').select('NAME').where('NAME', name).forUpdate().first()) as
    { NAME: string } | undefined;
  if (existing)
    await t('config')
      .update({ [column]: value })
      .where('NAME', name);
  else await t('config').insert({ [column]: value, NAME: name });
}

/** Deletes rows by NAME (for an option, the server and console then fall back to their default). */
export async function deleteConfigRows(k: Knex, names: readonly string[]): Promise<void> {
  if (names.length) await k('config').whereIn('NAME', names).delete();
}

/** Deletes the rows of a family (`prefix`…) whose IVALUE points at `ivalue` (e.g. a deleted group's report messages). */
export async function deleteConfigPrefix(k: Knex, prefix: string, ivalue: number): Promise<void> {
  const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  await k('config').where('NAME', 'like', like).andWhere('IVALUE', ivalue).delete();
}

/** Inserts whole rows (admin info choices). */
export async function insertConfigRows(k: Knex, rows: readonly NamedConfigRow[]): Promise<void> {
  if (rows.length) await k('config').insert(rows.map((r) => ({ ...r, COMMENTS: null })));
}
