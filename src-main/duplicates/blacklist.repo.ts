import type { Knex } from 'knex';
import type { BlacklistEntry, BlacklistKind } from '../../shared/contract/duplicates';
import { AppError } from '../platform/errors';

const TABLES: Record<BlacklistKind, { table: string; col: string }> = {
  mac: { table: 'blacklist_macaddresses', col: 'MACADDRESS' },
  serial: { table: 'blacklist_serials', col: 'SERIAL' },
};

/** A MAC as the console stores it: six pairs of hex digits, upper case, joined with `:`. */
export function normaliseMac(v: string): string {
  const m = v
    .trim()
    .match(
      /^([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})$/i,
    );
  if (!m) {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: 'value', detail: 'a MAC address (AA:BB:CC:DD:EE:FF)' },
      { fields: [{ path: 'value', message: 'a MAC address (AA:BB:CC:DD:EE:FF)' }] },
    );
  }
  return m.slice(1).join(':').toUpperCase();
}

export async function listBlacklist(k: Knex, kind: BlacklistKind): Promise<BlacklistEntry[]> {
  const { table, col } = TABLES[kind];
  const rows = (await k(table).select('ID', col).orderBy(col)) as Array<Record<string, string | number>>;
  return rows.map((r) => ({ id: Number(r.ID), value: String(r[col] ?? '') }));
}

export async function addBlacklist(k: Knex, kind: BlacklistKind, raw: string): Promise<BlacklistEntry> {
  const { table, col } = TABLES[kind];
  const value = kind === 'mac' ? normaliseMac(raw) : raw.trim();
  const existing = (await k(table).where(col, value).first('ID')) as { ID: number } | undefined;
  if (existing) throw new AppError('CONFLICT', { what: 'blacklist', value });
  try {
    const [id] = await k(table).insert({ [col]: value });
    return { id: Number(id), value };
  } catch (e) {
    if ((e as { code?: string }).code === 'ER_DUP_ENTRY')
      throw new AppError('CONFLICT', { what: 'blacklist', value });
    throw e;
  }
}

export async function removeBlacklist(k: Knex, kind: BlacklistKind, id: number): Promise<void> {
  const { table } = TABLES[kind];
  if (Number(await k(table).where('ID', id).delete()) === 0)
    throw new AppError('NOT_FOUND', { what: 'blacklist', id });
}
