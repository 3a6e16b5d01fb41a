import { software } from '../../shared/contract/software';
import { implement } from '../platform/rpc/router';
import {
  addRule,
  categoriesView,
  createCategory,
  removeCategory,
  removeRule,
  renameCategory,
  setDefaultCategory,
} from './categories.service';
import { recomputeCategories } from './recompute.service';
import { exportSoftwareCsv, listSoftware, softwareVersions } from './software.service';

export const softwareRoutes = implement(software, {
  list: async (i, ctx) => listSoftware(ctx.db.read, await ctx.scope, i),
  versions: async (i, ctx) => softwareVersions(ctx.db.read, await ctx.scope, i.nameId),
  exportCsv: async (i, ctx) => exportSoftwareCsv(ctx.db.read, await ctx.scope, i),
  categories: (_i, ctx) => categoriesView(ctx.db.read),
  createCategory: (i, ctx) => createCategory(ctx.db.knex, i.name, i.os),
  updateCategory: async (i, ctx) => {
    await renameCategory(ctx.db.knex, i.id, i.name, i.os);
    return { ok: true as const };
  },
  deleteCategory: async (i, ctx) => {
    await removeCategory(ctx.db.knex, i.id);
    return { ok: true as const };
  },
  addRule: (i, ctx) => addRule(ctx.db.knex, i),
  deleteRule: async (i, ctx) => {
    await removeRule(ctx.db.knex, i.id);
    return { ok: true as const };
  },
  setDefaultCategory: async (i, ctx) => {
    await setDefaultCategory(ctx.db.knex, i.id);
    return { ok: true as const };
  },
  // The link table is shared by every operator and built from every computer: whole fleet only.
  recompute: async (_i, ctx) =>
    recomputeCategories(ctx.db.jobs, await ctx.wholeFleet(), (d, t, n) => ctx.progress(d, t, n), ctx.signal),
});
