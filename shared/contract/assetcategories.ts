import { z } from 'zod';
import { ComputerFilter } from './computers';
import { defineRoute, Empty, Ok } from './route';

/**
 * Asset categories as ocsreports 2.11.1 keeps them (table `assets_categories`, docs/asset-categories.md):
 * a name, a description and a stored search (SQL_QUERY, SQL_ARGS) that the comm server runs at each
 * inventory to set `hardware.CATEGORY_ID`.
 */
const Text255 = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((s) => !/[\u{10000}-\u{10FFFF}]/u.test(s), 'characters outside utf8mb3 (emoji) cannot be stored');

export const AssetCategory = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  /** Computers of the operator's perimeter whose hardware.CATEGORY_ID is this category. */
  computers: z.number().int().nonnegative(),
  /** The search it was made from when OCS Desk stored it; null for one stored by ocsreports. */
  filter: ComputerFilter.nullable(),
  /** SQL_QUERY as stored (what the comm server runs). */
  sql: z.string(),
});
export type AssetCategory = z.infer<typeof AssetCategory>;

export const AssetCategoryInput = z.object({
  name: Text255,
  description: Text255,
  filter: ComputerFilter,
});

export const assetCategories = {
  /** Every category with its computers in the perimeter; `none` = computers of no (known) category. */
  list: defineRoute({
    right: 'browse',
    input: Empty,
    output: z.object({ categories: z.array(AssetCategory), none: z.number().int().nonnegative() }),
  }),
  create: defineRoute({
    right: 'configure',
    input: AssetCategoryInput,
    output: z.object({ id: z.number().int() }),
  }),
  /** Renames it; with `filter`, also replaces its stored search. */
  update: defineRoute({
    right: 'configure',
    input: AssetCategoryInput.partial({ filter: true }).extend({ id: z.number().int().min(1) }),
    output: Ok,
  }),
  /** Deletes the row only, as ocsreports does; computers keep the id until their next inventory. */
  delete: defineRoute({ right: 'configure', input: z.object({ id: z.number().int().min(1) }), output: Ok }),
};
