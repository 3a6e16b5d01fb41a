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

/** One computer found by the command palette's quick find, and what matched the typed text. */
export const QuickHit = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The matched network address, else the computer's main address (`hardware.IPADDR`). */
  ip: z.string().nullable(),
  /** The matched network card's MAC (absent on a name hit). */
  mac: z.string().nullable().optional(),
  /** Last contact with the comm server (`hardware.LASTCOME`). */
  lastSeen: z.string().nullable(),
  matched: z.enum(['name', 'ip', 'mac']),
});
export type QuickHit = z.infer<typeof QuickHit>;

export const QuickFindInput = z.object({
  /** A prefix of the name, an IP address or a MAC address; every character is literal (no wildcard). */
  text: z.string().trim().min(1).max(100),
  limit: z.number().int().min(1).max(20).default(10),
});

export const search = {
  /** The command palette's quick find: computers in the operator's perimeter by name, IP or MAC prefix. */
  quick: defineRoute({
    right: 'browse',
    input: QuickFindInput,
    output: z.object({ hits: z.array(QuickHit) }),
  }),
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
