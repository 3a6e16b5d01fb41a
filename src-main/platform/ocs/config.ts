import type { Knex } from 'knex';
import type { OptionDef, OptionValue } from '../../../shared/contract/options';
import { OPTION_CATALOGUE } from '../../options/options.catalogue';

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
