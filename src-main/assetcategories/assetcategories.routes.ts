import { assetCategories } from '../../shared/contract/assetcategories';
import { implement } from '../platform/rpc/router';
import { invalidateTotals } from '../computers/totals-cache';
import { createCategory, deleteCategory, listCategories, updateCategory } from './assetcategories.service';

export const assetCategoriesRoutes = implement(assetCategories, {
  list: async (_i, ctx) => listCategories(ctx.db.read, await ctx.scope),
  create: async (i, ctx) => createCategory(ctx.db.knex, await ctx.scope, i),
  update: async (i, ctx) => {
    await updateCategory(ctx.db.knex, await ctx.scope, i);
    return { ok: true as const };
  },
  delete: async (i, ctx) => {
    await deleteCategory(ctx.db.knex, i.id);
    invalidateTotals();
    return { ok: true as const };
  },
});
