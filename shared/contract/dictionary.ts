import { z } from 'zod';
import { defineRoute, Empty, Ok, Page } from './route';

/**
 * Software dictionary (ocs-compat 8.1): `dico_soft(EXTRACTED, FORMATTED)` and `dico_ignored(EXTRACTED)`,
 * keyed by software names as inventoried (`software_name.NAME`). Only external tools (GLPI) read it.
 */

/** Reserved tab names: a category cannot be called like them (case-insensitive). */
export const RESERVED_CATEGORIES = ['NEW', 'IGNORED', 'UNCHANGED'] as const;

export const DictionaryTab = z.enum(['NEW', 'IGNORED', 'UNCHANGED', 'CATEGORY']);
export type DictionaryTab = z.infer<typeof DictionaryTab>;

/** A software name as inventoried (dico_* keys are varchar(255)). */
export const SoftwareNameKey = z.string().min(1).max(255);

export const CategoryName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((v) => !RESERVED_CATEGORIES.some((r) => r === v.toUpperCase()), {
    message: 'NEW, IGNORED and UNCHANGED are tabs, not category names',
  });

export const DictionaryRow = z.object({
  name: z.string(),
  /** Computers with this software name (distinct software.HARDWARE_ID); 0 when no longer inventoried. */
  computers: z.number().int().nonnegative(),
});
export type DictionaryRow = z.infer<typeof DictionaryRow>;

export const DictionaryListInput = z
  .object({
    tab: DictionaryTab,
    /** The category shown when tab = CATEGORY (dico_soft.FORMATTED). */
    category: z.string().min(1).max(255).optional(),
    /** Part of the name (case-insensitive, `*` wildcards allowed). */
    filter: z.string().max(255).optional(),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .refine((v) => v.tab !== 'CATEGORY' || !!v.category, {
    message: 'a category tab needs its name',
    path: ['category'],
  });
export type DictionaryListInput = z.input<typeof DictionaryListInput>;

export const DictionaryCategory = z.object({ name: z.string(), names: z.number().int().nonnegative() });
export type DictionaryCategory = z.infer<typeof DictionaryCategory>;

export const DictionaryTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('IGNORED') }),
  z.object({ kind: z.literal('UNCHANGED') }),
  /** `create`: a new category (must not exist yet); else an existing one (must exist). */
  z.object({ kind: z.literal('CATEGORY'), name: CategoryName, create: z.boolean().default(false) }),
]);
export type DictionaryTarget = z.input<typeof DictionaryTarget>;

export const dictionary = {
  list: defineRoute({ right: 'browse', input: DictionaryListInput, output: Page(DictionaryRow) }),
  /** Categories (dico_soft FORMATTED != EXTRACTED) with their number of names, plus the tab sizes. */
  categories: defineRoute({
    right: 'browse',
    input: Empty,
    output: z.object({
      categories: z.array(DictionaryCategory),
      ignored: z.number().int().nonnegative(),
      unchanged: z.number().int().nonnegative(),
    }),
  }),
  /** Moves names (from any tab) to IGNORED, UNCHANGED or a category, in one transaction. */
  move: defineRoute({
    right: 'configure',
    input: z.object({
      names: z.array(SoftwareNameKey).min(1).max(1000),
      to: DictionaryTarget,
    }),
    output: Ok,
  }),
};
