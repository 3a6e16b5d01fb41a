import { z } from 'zod';
import { CsvText, defineJob, defineRoute, Empty, Ok } from './route';

/**
 * All software and software categories (docs/software-categories.md). Names, publishers and versions
 * come from the dictionary tables of schema 7045+ (`software_name`, `software_publisher`,
 * `software_version`, `software`); categories from `software_categories`, their rules from
 * `software_category_exp`, and the category of each (name, publisher, version) from
 * `software_categories_link`, the rows the comm server (2.9+) writes and ocsreports reads.
 */

/** Category filter: a category id, or `none` (names no link row puts in a category). */
export const CategoryFilter = z.union([z.number().int().positive(), z.literal('none')]);

export const SoftwareSortColumn = z.enum(['name', 'computers', 'versions']);

export const SoftwareListInput = z.object({
  /** Part of the name (case-insensitive, `*` and `?` wildcards). */
  filter: z.string().max(255).optional(),
  category: CategoryFilter.optional(),
  sort: z
    .object({ column: SoftwareSortColumn, dir: z.enum(['asc', 'desc']) })
    .default({ column: 'name', dir: 'asc' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  /**
   * false: the page's names only, at once; their publishers, versions, computers and categories are
   * left out (`pending`). Without the optional indexes those figures are a clustered read of every
   * software row of the page's names (seconds at 14 M rows), so the grid asks both and shows the names
   * first.
   */
  figures: z.boolean().default(true),
});
export type SoftwareListInput = z.input<typeof SoftwareListInput>;

export const CategoryRef = z.object({ id: z.number().int(), name: z.string() });

/** One software name across the computers the operator may see. */
export const SoftwareRow = z.object({
  nameId: z.number().int(),
  name: z.string(),
  /** Publishers of its versions (at most 5, the most common first); `publishers` counts them all. */
  publisherNames: z.array(z.string()),
  publishers: z.number().int().nonnegative(),
  /** Distinct versions installed. */
  versions: z.number().int().nonnegative(),
  /** Distinct computers that have it. */
  computers: z.number().int().nonnegative(),
  /** Categories its (publisher, version) pairs are linked to (usually one). */
  categories: z.array(CategoryRef),
  /**
   * Asked without figures: publishers and categories are empty and not read yet; computers and versions
   * are the kept per-name counts when there are some (0 otherwise).
   */
  pending: z.boolean().optional(),
});
export type SoftwareRow = z.infer<typeof SoftwareRow>;

/**
 * The per-name counts behind All software's total, its computers/versions sorts and Home's top software:
 * one statement over every software row of the perimeter (minutes at 14 M rows without the optional
 * index), run in the background and kept a few minutes (src-main/software/name-counts.ts).
 */
export const NameCountsState = z.object({
  /** When the counts in use were read; null = none yet. */
  computedAt: z.string().nullable(),
  /** A count is under way since then (ask again later for the result). */
  countingSince: z.string().nullable(),
  /** The last count was stopped by its time limit (`timeout`) or failed (`error`); retried later. */
  failed: z.enum(['timeout', 'error']).nullable(),
});
export type NameCountsState = z.infer<typeof NameCountsState>;

/**
 * A page of All software. Sorted by name the page never waits for the counts: `total` is null until
 * they arrive. Sorted by computers or versions it needs them: no rows until they arrive.
 */
export const SoftwareListOutput = z.object({
  rows: z.array(SoftwareRow),
  total: z.number().int().nonnegative().nullable(),
  counts: NameCountsState,
});
export type SoftwareListOutput = z.infer<typeof SoftwareListOutput>;

export const SoftwareVersionRow = z.object({
  version: z.string(),
  publisher: z.string(),
  computers: z.number().int().nonnegative(),
  category: CategoryRef.nullable(),
});
export type SoftwareVersionRow = z.infer<typeof SoftwareVersionRow>;

/** `OS` values ocsreports' category form offers; the comm server matches them in the agent's User-Agent. */
export const CATEGORY_OS = ['ALL', 'WINDOWS', 'unix', 'Android'] as const;
export const CategoryOs = z.enum(CATEGORY_OS);

export const SIGNS = ['EQUAL', 'LESS', 'MORE'] as const;
export const VersionSign = z.enum(SIGNS);

export const CategoryRule = z.object({
  id: z.number().int(),
  /** `software_category_exp.SOFTWARE_EXP`: `*` and `?` wildcards as the comm server reads them. */
  pattern: z.string(),
  publisher: z.string().nullable(),
  sign: z.string().nullable(),
  version: z.string().nullable(),
});
export type CategoryRule = z.infer<typeof CategoryRule>;

export const SoftwareCategory = z.object({
  id: z.number().int(),
  name: z.string(),
  /** As stored (ocsreports writes ALL, WINDOWS, unix or Android; other values are kept). */
  os: z.string().nullable(),
  rules: z.array(CategoryRule),
  /** software_categories_link rows (name, publisher, version triples) in the category. */
  linked: z.number().int().nonnegative(),
});
export type SoftwareCategory = z.infer<typeof SoftwareCategory>;

const CategoryNameInput = z.string().trim().min(1).max(255);

export const RuleInput = z
  .object({
    categoryId: z.number().int().positive(),
    pattern: z.string().trim().min(1).max(255),
    publisher: z.string().trim().max(255).optional(),
    sign: VersionSign.optional(),
    version: z.string().trim().max(255).optional(),
  })
  .refine((v) => !v.sign === !v.version, {
    message: 'a version condition needs both its sign and its version',
    path: ['version'],
  });
export type RuleInput = z.input<typeof RuleInput>;

export const RecomputeResult = z.object({
  /** Distinct (name, publisher, version) triples installed. */
  triples: z.number().int().nonnegative(),
  /** Triples that got a category (a rule or the default). */
  categorised: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  /** Rules whose pattern is not a valid regular expression once translated (they match nothing). */
  invalidRules: z.array(z.number().int()),
});
export type RecomputeResult = z.infer<typeof RecomputeResult>;

export const software = {
  list: defineRoute({ right: 'browse', input: SoftwareListInput, output: SoftwareListOutput }),
  /** Versions of one name with their publisher, computers and category. */
  versions: defineRoute({
    right: 'browse',
    input: z.object({ nameId: z.number().int().positive() }),
    output: z.object({ rows: z.array(SoftwareVersionRow) }),
  }),
  /** The list as CSV (every row of the filter, up to maxRows). */
  exportCsv: defineRoute({
    right: 'browse',
    input: SoftwareListInput.omit({ offset: true, limit: true, figures: true }).extend({
      maxRows: z.number().int().min(1).max(200_000).default(50_000),
    }),
    output: CsvText,
  }),
  categories: defineRoute({
    right: 'browse',
    input: Empty,
    output: z.object({
      categories: z.array(SoftwareCategory),
      /** config DEFAULT_CATEGORY (IVALUE): the category of software no rule matches; null = none. */
      defaultCategory: z.number().int().nullable(),
    }),
  }),
  createCategory: defineRoute({
    right: 'configure',
    input: z.object({ name: CategoryNameInput, os: CategoryOs.default('ALL') }),
    output: z.object({ id: z.number().int() }),
  }),
  updateCategory: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive(), name: CategoryNameInput, os: CategoryOs }),
    output: Ok,
  }),
  /** Deletes the category, its rules and its link rows (as ocsreports does); clears DEFAULT_CATEGORY if it was. */
  deleteCategory: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  addRule: defineRoute({ right: 'configure', input: RuleInput, output: z.object({ id: z.number().int() }) }),
  deleteRule: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  setDefaultCategory: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive().nullable() }),
    output: Ok,
  }),
  /** Recomputes software_categories_link from the rules as the comm server evaluates them, in one transaction. */
  recompute: defineJob({ right: 'configure', input: Empty, result: RecomputeResult }),
};
