import { dictionary } from '../../shared/contract/dictionary';
import { scopeOf } from '../computers/computers.service';
import { implement } from '../platform/rpc/router';
import { categories, listNames } from './dictionary.repo';
import { moveNames } from './dictionary.service';

export const dictionaryRoutes = implement(dictionary, {
  list: async (i, ctx) => listNames(ctx.db.read, await scopeOf(ctx.db.read, ctx), i),
  categories: (_i, ctx) => categories(ctx.db.read),
  move: async (i, ctx) => {
    await moveNames(ctx.db.knex, i.names, i.to);
    return { ok: true as const };
  },
});
