import type { Knex } from 'knex';
import { ComputerFilter, GridPrefs } from '../../shared/contract/computers';
import type { SavedSearch } from '../../shared/contract/search';
import { AppError } from '../platform/errors';
import { ensureConsoleTable, SAVED_SEARCH_TABLE } from '../platform/ocs/console-tables';
import { getSchemaInfo, invalidateSchemaInfo } from './schema-info';

/**
 * Grid preferences: OCS 7063+ `layouts` rows (TABLE_NAME 'ocsdesk_computers', CREATOR = operator login,
 * LAYOUT_NAME 'ocsdesk_default', VISIBLE_COL = JSON). ocsreports only reads layouts of its own table
 * names, so it never sees these. Older schemas: table `ocsdesk_grid_prefs`.
 * Saved searches: table `ocsdesk_saved_search` (save_query.PARAMETERS holds ocsreports' serialized PHP
 * criteria, which ocsreports would fail to read back from our JSON). Both tables are created on first use.
 */
const LAYOUT_TABLE_NAME = 'ocsdesk_computers';
const LAYOUT_NAME = 'ocsdesk_default';

/** Creates a console table on first use (db init creates them up front for a read-only account). */
async function ensureTable(k: Knex, name: 'ocsdesk_grid_prefs' | 'ocsdesk_saved_search'): Promise<void> {
  const s = await getSchemaInfo(k);
  if (s.tables.has(name)) return;
  await ensureConsoleTable(k, name);
  invalidateSchemaInfo(k);
}

export async function getGridPrefs(k: Knex, login: string): Promise<GridPrefs | null> {
  const s = await getSchemaInfo(k);
  let raw: string | undefined;
  if (s.tables.has('layouts')) {
    const r = (await k('layouts')
      .select('VISIBLE_COL')
      .where({ TABLE_NAME: LAYOUT_TABLE_NAME, CREATOR: login, LAYOUT_NAME })
      .orderBy('ID', 'desc')
      .first()) as { VISIBLE_COL: string } | undefined;
    raw = r?.VISIBLE_COL;
  } else if (s.tables.has('ocsdesk_grid_prefs')) {
    const r = (await k('ocsdesk_grid_prefs')
      .select('DATA')
      .where({ LOGIN: login, GRID: 'computers' })
      .first()) as { DATA: string } | undefined;
    raw = r?.DATA;
  }
  if (!raw) return null;
  try {
    const parsed = GridPrefs.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function setGridPrefs(k: Knex, login: string, prefs: GridPrefs): Promise<void> {
  const s = await getSchemaInfo(k);
  const data = JSON.stringify(prefs);
  if (s.tables.has('layouts')) {
    await k.transaction(async (trx) => {
      await trx('layouts').where({ TABLE_NAME: LAYOUT_TABLE_NAME, CREATOR: login, LAYOUT_NAME }).delete();
      await trx('layouts').insert({
        LAYOUT_NAME,
        CREATOR: login,
        TABLE_NAME: LAYOUT_TABLE_NAME,
        DESCRIPTION: 'OCS Desk computers grid',
        VISIBLE_COL: data,
        VISIBILITY_SCOPE: 'USER',
      });
    });
    return;
  }
  await ensureTable(k, 'ocsdesk_grid_prefs');
  await k('ocsdesk_grid_prefs')
    .insert({ LOGIN: login, GRID: 'computers', DATA: data })
    .onConflict(['LOGIN', 'GRID'])
    .merge(['DATA']);
}

const SAVED = SAVED_SEARCH_TABLE;

async function ensureSaved(k: Knex): Promise<void> {
  await ensureTable(k, SAVED);
}

interface SavedRow {
  ID: number;
  NAME: string;
  DESCRIPTION: string | null;
  OWNER: string;
  SHARED: number;
  CRITERIA: string;
  COLUMNS_JSON: string | null;
  UPDATED: string;
}

function toSaved(r: SavedRow): SavedSearch | null {
  try {
    const filter = ComputerFilter.parse(JSON.parse(r.CRITERIA));
    const columns = r.COLUMNS_JSON ? (JSON.parse(r.COLUMNS_JSON) as string[]) : null;
    return {
      id: Number(r.ID),
      name: r.NAME,
      description: r.DESCRIPTION,
      owner: r.OWNER,
      shared: !!Number(r.SHARED),
      filter,
      columns,
      updatedAt: String(r.UPDATED),
    };
  } catch {
    return null;
  }
}

export async function listSaved(k: Knex, login: string): Promise<SavedSearch[]> {
  const s = await getSchemaInfo(k);
  if (!s.tables.has(SAVED)) return [];
  const rows = (await k(SAVED)
    .where((q) => q.where('OWNER', login).orWhere('SHARED', 1))
    .orderBy('NAME')) as SavedRow[];
  return rows.map(toSaved).filter((x): x is SavedSearch => !!x);
}

export async function saveSearch(
  k: Knex,
  login: string,
  input: {
    id?: number;
    name: string;
    description: string | null;
    shared: boolean;
    filter: ComputerFilter;
    columns: string[] | null;
  },
): Promise<SavedSearch> {
  await ensureSaved(k);
  const row = {
    NAME: input.name,
    DESCRIPTION: input.description,
    OWNER: login,
    SHARED: input.shared ? 1 : 0,
    CRITERIA: JSON.stringify(input.filter),
    COLUMNS_JSON: input.columns ? JSON.stringify(input.columns) : null,
    UPDATED: k.fn.now(),
  };
  let id = input.id;
  if (id) {
    const n = await k(SAVED).where({ ID: id, OWNER: login }).update(row);
    if (!n) throw new AppError('NOT_FOUND', { what: 'saved search', id });
  } else {
    [id] = (await k(SAVED).insert(row)) as number[];
  }
  const r = (await k(SAVED).where('ID', id).first()) as SavedRow;
  return toSaved(r)!;
}

export async function deleteSaved(k: Knex, login: string, id: number): Promise<void> {
  const s = await getSchemaInfo(k);
  const n = s.tables.has(SAVED) ? await k(SAVED).where({ ID: id, OWNER: login }).delete() : 0;
  if (!n) throw new AppError('NOT_FOUND', { what: 'saved search', id });
}
