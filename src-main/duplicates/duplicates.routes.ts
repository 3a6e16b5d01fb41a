import { duplicates } from '../../shared/contract/duplicates';
import { implement } from '../platform/rpc/router';
import { addBlacklist, listBlacklist, listGroups, removeBlacklist, summary } from './duplicates.service';
import { mergeGroups } from './merge';

export const duplicatesRoutes = implement(duplicates, {
  summary: async (_i, ctx) => summary(ctx.db.read, await ctx.scope),
  groups: async (i, ctx) => listGroups(ctx.db.read, i.criterion, await ctx.scope, i.page, i.pageSize),
  merge: async (i, ctx) =>
    mergeGroups(ctx.db.jobs, await ctx.scope, i.groups, {
      progress: (d, t, n) => ctx.progress(d, t, n),
      signal: ctx.signal,
    }),
  blacklist: (i, ctx) => listBlacklist(ctx.db.read, i.kind),
  addBlacklist: (i, ctx) => addBlacklist(ctx.db.knex, i.kind, i.value),
  removeBlacklist: async (i, ctx) => {
    await removeBlacklist(ctx.db.knex, i.kind, i.id);
    return { ok: true as const };
  },
});
