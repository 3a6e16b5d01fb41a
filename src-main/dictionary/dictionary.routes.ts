import { dictionary } from '../../shared/contract/dictionary';
import { implement } from '../platform/rpc/router';
import { categories, listNames, moveNames } from './dictionary.service';

export const dictionaryRoutes = implement(dictionary, {
  list: async (i, ctx) => listNames(ctx.db.read, await ctx.scope, i),
  categories: (_i, ctx) => categories(ctx.db.read),
  move: async (i, ctx) => {
    await moveNames(ctx.db.knex, i.names, i.to);
    return { ok: true as const };
  },
});
