import type { z } from 'zod';
import {
  CHOICE_TYPES,
  FIELD_TYPES,
  type CreateField,
  type FieldList,
  type UpdateField,
} from '../../shared/contract/adminfields';
import type { AdminField } from '../../shared/contract/computers';
import { getSchemaInfo, invalidateSchemaInfo } from '../computers/schema-info';
import type { DbHandle } from '../platform/db/connect';
import { AppError } from '../platform/errors';
import * as repo from './adminfields.repo';

const CHOICE_OCS_TYPES = new Set(CHOICE_TYPES.map((t) => FIELD_TYPES[t].ocsType as number));

const isTag = (r: repo.ConfigRow) => r.NAME_ACCOUNTINFO === 'TAG' || r.NAME === 'TAG';

/** The computers capability caches the accountinfo layout per pool: forget it after a change. */
function invalidate(db: DbHandle): void {
  invalidateSchemaInfo(db.knex);
  invalidateSchemaInfo(db.read);
  invalidateSchemaInfo(db.jobs);
}

/** Fields as the computers capability reads them (one reader for both screens), plus the tabs. */
export async function listFields(db: DbHandle): Promise<FieldList> {
  const [info, tabs] = await Promise.all([getSchemaInfo(db.knex), repo.listTabs(db.knex)]);
  return { fields: info.adminFields, tabs };
}

async function fieldOut(db: DbHandle, id: number): Promise<AdminField> {
  invalidate(db);
  const f = (await getSchemaInfo(db.knex)).adminFields.find((a) => a.fieldId === id);
  if (!f) throw new AppError('NOT_FOUND', { what: 'admin field', fieldId: id });
  return f;
}

async function checkTab(db: DbHandle, tab: number): Promise<void> {
  if (!(await repo.listTabs(db.knex)).some((t) => t.id === tab))
    throw new AppError('VALIDATION_FAILED', { field: 'tab', detail: `no tab TAB_ACCOUNTAG_${tab}` });
}

/**
 * Config row and choices in one transaction, then `ALTER TABLE accountinfo ADD COLUMN` (DDL commits by
 * itself). A field whose column is missing is invisible to every reader, and a failed ALTER removes
 * the rows again, so nothing is left half-made.
 */
export async function createField(db: DbHandle, input: z.output<typeof CreateField>): Promise<AdminField> {
  const k = db.knex;
  if (await repo.nameTaken(k, input.name))
    throw new AppError('CONFLICT', { detail: `A field named ${input.name} already exists.` });
  await checkTab(db, input.tab);
  const spec = FIELD_TYPES[input.type];
  const choices = CHOICE_TYPES.includes(input.type) ? input.choices : [];
  const id = await k.transaction(async (trx) => {
    // leftovers of an older field of the same name would otherwise become this field's choices
    await repo.deleteChoices(trx, input.name);
    const order = (await repo.maxShowOrder(trx)) + 1;
    const newId = await repo.insertField(trx, {
      NAME_ACCOUNTINFO: null,
      TYPE: spec.ocsType,
      NAME: input.name,
      ID_TAB: input.tab,
      COMMENT: input.label,
      SHOW_ORDER: order,
      ACCOUNT_TYPE: 'COMPUTERS',
      DEFAULT_VALUE: null,
    });
    await repo.insertChoices(
      trx,
      input.name,
      choices.map((label, i) => ({ n: i + 1, label })),
    );
    return newId;
  });
  try {
    await repo.addColumn(k, id, spec.sql);
  } catch (e) {
    await k
      .transaction(async (trx) => {
        await repo.deleteFieldRow(trx, id);
        await repo.deleteChoices(trx, input.name);
      })
      .catch(() => undefined);
    throw e;
  }
  return fieldOut(db, id);
}

async function existing(db: DbHandle, id: number): Promise<repo.ConfigRow> {
  const row = await repo.computerField(db.knex, id);
  if (!row) throw new AppError('NOT_FOUND', { what: 'admin field', fieldId: id });
  return row;
}

/** Label, tab and the choice list. Kept choices keep their number (SELECT and RADIO store it). */
export async function updateField(db: DbHandle, input: z.output<typeof UpdateField>): Promise<AdminField> {
  const row = await existing(db, input.fieldId);
  if (input.tab !== undefined) await checkTab(db, input.tab);
  const choices = input.choices;
  if (choices) {
    if (!CHOICE_OCS_TYPES.has(Number(row.TYPE)) || isTag(row) || !row.NAME)
      throw new AppError('VALIDATION_FAILED', {
        field: 'choices',
        detail: 'this field type has no choice list',
      });
    if (!choices.length)
      throw new AppError('VALIDATION_FAILED', {
        field: 'choices',
        detail: 'a choice list needs at least one choice',
      });
    if (new Set(choices.map((c) => c.label.toLowerCase())).size !== choices.length)
      throw new AppError('VALIDATION_FAILED', { field: 'choices', detail: 'choices must be distinct' });
  }
  await db.knex.transaction(async (trx) => {
    await repo.updateFieldRow(trx, row.ID, {
      ...(input.label !== undefined ? { COMMENT: input.label } : {}),
      ...(input.tab !== undefined ? { ID_TAB: input.tab } : {}),
    });
    if (choices && row.NAME) {
      const old = await repo.choiceRows(trx, row.NAME);
      const oldNums = new Set(
        old.map((r) => Number(r.IVALUE ?? r.NAME.slice(repo.choicePrefix(row.NAME!).length))),
      );
      for (const c of choices)
        if (c.value !== null && !oldNums.has(Number(c.value)))
          throw new AppError('VALIDATION_FAILED', { field: 'choices', detail: `unknown choice ${c.value}` });
      let next = Math.max(0, ...oldNums);
      const rows = choices.map((c) => ({ n: c.value !== null ? Number(c.value) : ++next, label: c.label }));
      await repo.deleteChoices(trx, row.NAME);
      await repo.insertChoices(trx, row.NAME, rows);
    }
  });
  return fieldOut(db, row.ID);
}

/** Swaps a field with its neighbour and renumbers SHOW_ORDER (descending) so ties disappear. */
export async function moveField(db: DbHandle, id: number, direction: 'up' | 'down'): Promise<void> {
  await existing(db, id);
  await db.knex.transaction(async (trx) => {
    const list = await repo.computerFields(trx);
    const i = list.findIndex((r) => r.ID === id);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    for (const [pos, r] of list.entries()) {
      const order = list.length - pos;
      if (r.SHOW_ORDER !== order) await repo.updateFieldRow(trx, r.ID, { SHOW_ORDER: order });
    }
  });
  invalidate(db);
}

/**
 * Config row and choices go first (one transaction), then `DROP COLUMN`; when the DROP fails, the rows
 * are put back, so the field is either whole or gone.
 */
export async function deleteField(db: DbHandle, id: number): Promise<void> {
  const row = await existing(db, id);
  if (isTag(row))
    throw new AppError('VALIDATION_FAILED', { field: 'fieldId', detail: 'TAG cannot be deleted' });
  const k = db.knex;
  const choices = row.NAME ? await repo.choiceRows(k, row.NAME) : [];
  await k.transaction(async (trx) => {
    await repo.deleteFieldRow(trx, id);
    if (row.NAME) await repo.deleteChoices(trx, row.NAME);
  });
  try {
    await repo.dropColumn(k, id);
  } catch (e) {
    await repo.restoreField(k, row, choices).catch(() => undefined);
    throw e;
  } finally {
    invalidate(db);
  }
}

export const getLabel = (db: DbHandle) => repo.readLabel(db.knex);
export const setLabel = (db: DbHandle, text: string) => repo.writeLabel(db.knex, text.trim() ? text : '');
