import { registry } from '../../shared/contract/registry';
import { implement } from '../platform/rpc/router';
import * as svc from './registry.service';

export const registryRoutes = implement(registry, {
  list: async (_i, ctx) => svc.listQueries(ctx.db.read, await ctx.scope),
  save: async (i, ctx) => svc.saveQuery(ctx.db.knex, await ctx.scope, i),
  delete: async (i, ctx) => {
    await svc.deleteQuery(ctx.db.knex, i.id);
    return { ok: true as const };
  },
  values: async (i, ctx) => svc.listValues(ctx.db.read, await ctx.scope, i),
});
