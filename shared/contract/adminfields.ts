import { z } from 'zod';
import { AdminField } from './computers';
import { defineRoute, Empty, Ok } from './route';

/** Text the OCS tables store as utf8mb3: no 4-byte characters (emoji), see spec trap 1. */
const Utf8mb3 = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u{10000}-\u{10FFFF}]/u.test(s), 'characters outside utf8mb3 (emoji) cannot be stored');

/** The field types ocsreports creates, with accountinfo_config.TYPE and the accountinfo column type. */
export const FIELD_TYPES = {
  text: { ocsType: 0, sql: 'VARCHAR(255)' },
  textarea: { ocsType: 1, sql: 'LONGTEXT' },
  select: { ocsType: 2, sql: 'VARCHAR(255)' },
  checkbox: { ocsType: 5, sql: 'VARCHAR(255)' },
  radio: { ocsType: 11, sql: 'VARCHAR(255)' },
  date: { ocsType: 14, sql: 'DATE' },
} as const;
export const FieldType = z.enum(['text', 'textarea', 'select', 'checkbox', 'radio', 'date']);
export type FieldType = z.infer<typeof FieldType>;
export const CHOICE_TYPES: FieldType[] = ['select', 'radio', 'checkbox'];

/**
 * Field name: letters and digits (ocsreports' rule). Choices are stored as config rows
 * `ACCOUNT_VALUE_<NAME>_<n>` in config.NAME varchar(50), hence the length limit.
 */
export const FieldName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]+$/, 'letters and digits only')
  .max(30)
  .refine((n) => n.toUpperCase() !== 'TAG', 'TAG already exists');

/** A choice label; checkbox values are stored joined by `&&&`, so that separator cannot appear. */
export const ChoiceLabel = Utf8mb3(255)
  .pipe(z.string().min(1))
  .refine((s) => !s.includes('&&&'), 'cannot contain &&&');

/** An existing choice keeps its number `value` (SELECT/RADIO store it); new ones have value null. */
export const ChoiceInput = z.object({ value: z.string().regex(/^\d+$/).nullable(), label: ChoiceLabel });
export type ChoiceInput = z.infer<typeof ChoiceInput>;

export const AdminTab = z.object({ id: z.number().int(), label: z.string() });
export type AdminTab = z.infer<typeof AdminTab>;

export const FieldList = z.object({
  /** Every accountinfo field (TAG first when ordered so), in display order. */
  fields: z.array(AdminField),
  /** Config TAB_ACCOUNTAG_<n> rows. */
  tabs: z.array(AdminTab),
});
export type FieldList = z.infer<typeof FieldList>;

export const CreateField = z
  .object({
    name: FieldName,
    label: Utf8mb3(255).pipe(z.string().min(1)),
    type: FieldType,
    tab: z.number().int().min(1).default(1),
    choices: z.array(ChoiceLabel).max(200).default([]),
  })
  .refine((f) => !CHOICE_TYPES.includes(f.type) || f.choices.length > 0, {
    message: 'a choice list needs at least one choice',
    path: ['choices'],
  })
  .refine((f) => new Set(f.choices.map((c) => c.toLowerCase())).size === f.choices.length, {
    message: 'choices must be distinct',
    path: ['choices'],
  });
export type CreateField = z.input<typeof CreateField>;

export const UpdateField = z.object({
  fieldId: z.number().int().min(1),
  label: Utf8mb3(255).pipe(z.string().min(1)).optional(),
  tab: z.number().int().min(1).optional(),
  /** The full new choice list (select/radio/checkbox only). */
  choices: z.array(ChoiceInput).max(200).optional(),
});
export type UpdateField = z.input<typeof UpdateField>;

export const LabelText = z.object({ text: z.string().max(1000) });

export const adminfields = {
  list: defineRoute({ right: 'browse', input: Empty, output: FieldList }),
  create: defineRoute({ right: 'configure', input: CreateField, output: AdminField }),
  update: defineRoute({ right: 'configure', input: UpdateField, output: AdminField }),
  /** Moves a field one place up or down in the display order (SHOW_ORDER, descending). */
  move: defineRoute({
    right: 'configure',
    input: z.object({ fieldId: z.number().int().min(1), direction: z.enum(['up', 'down']) }),
    output: Ok,
  }),
  /** Drops the accountinfo column, the config row and its choices. TAG cannot be deleted. */
  delete: defineRoute({
    right: 'configure',
    input: z.object({ fieldId: z.number().int().min(1) }),
    output: Ok,
  }),
  /** The TAG prompt agents show at first run (deploy row NAME='label'); '' = no prompt. */
  getLabel: defineRoute({ right: 'configure', input: Empty, output: LabelText }),
  setLabel: defineRoute({ right: 'configure', input: LabelText, output: Ok }),
} as const;
