import { z } from 'zod';
import { ColumnId, ComputerFilter, ComputerPage, ListInput, SearchOp, ValueType } from './computers';
import { defineRoute, Empty, Ok } from './route';

/** A criterion field of the multi-criteria search (every criterion of the original console + admin fields). */
export const SearchField = z.object({
  key: ColumnId,
  label: z.string(),
  /** UI grouping: hardware, bios, network, storage, monitor, software, registry, settings, deployment, admin. */
  group: z.string(),
  type: ValueType,
  ops: z.array(SearchOp),
  /** Meaning of `qualifier` for this field, when it takes one (registry query name, package FILEID...). */
  qualifier: z.enum(['registry', 'package', 'version']).nullable(),
  /** Admin fields of type select/radio/checkbox, and settings: the values to choose from. */
  choices: z.array(z.object({ value: z.string(), label: z.string() })),
});
export type SearchField = z.infer<typeof SearchField>;

export const SavedSearch = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  owner: z.string(),
  /** Visible to every operator (else only to its owner). */
  shared: z.boolean(),
  filter: ComputerFilter,
  columns: z.array(ColumnId).nullable(),
  updatedAt: z.string(),
});
export type SavedSearch = z.infer<typeof SavedSearch>;

export const search = {
  fields: defineRoute({ right: 'browse', input: Empty, output: z.array(SearchField) }),
  /** Same input and page shape as computers.list (filter.criteria holds the criteria). */
  run: defineRoute({ right: 'browse', input: ListInput, output: ComputerPage }),
  savedList: defineRoute({ right: 'browse', input: Empty, output: z.array(SavedSearch) }),
  /** Creates (no id) or replaces (id, owner only) a saved search of the calling operator. */
  savedSave: defineRoute({
    right: 'browse',
    writes: true,
    input: z.object({
      id: z.number().int().positive().optional(),
      name: z.string().trim().min(1).max(255),
      description: z.string().max(2000).nullable().default(null),
      shared: z.boolean().default(false),
      filter: ComputerFilter,
      columns: z.array(ColumnId).max(80).nullable().default(null),
    }),
    output: SavedSearch,
  }),
  savedDelete: defineRoute({
    right: 'browse',
    writes: true,
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
};
