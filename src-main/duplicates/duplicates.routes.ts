import { DUPLICATE_CRITERIA, duplicates } from '../../shared/contract/duplicates';
import { implement } from '../platform/rpc/router';
import { addBlacklist, listBlacklist, removeBlacklist } from './blacklist.repo';
import { countGroups, listGroups, type Candidates } from './duplicates.repo';
import { mergeGroups } from './merge';

export const duplicatesRoutes = implement(duplicates, {
  summary: async (_i, ctx) => {
    const scope = await ctx.scope;
    const out = [];
    const known: Candidates = new Map();
    // One after the other: six GROUP BY scans in parallel would compete for the same pool and disk.
    for (const criterion of DUPLICATE_CRITERIA)
      out.push({ criterion, ...(await countGroups(ctx.db.read, criterion, scope, known)) });
    return out;
  },
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
