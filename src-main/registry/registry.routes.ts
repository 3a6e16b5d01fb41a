import { registry } from '../../shared/contract/registry';
import { scopeOf } from '../computers/computers.service';
import { implement } from '../platform/rpc/router';
import * as svc from './registry.service';

export const registryRoutes = implement(registry, {
  list: async (_i, ctx) => svc.listQueries(ctx.db.read, await scopeOf(ctx.db.read, ctx)),
  save: async (i, ctx) => svc.saveQuery(ctx.db.knex, await scopeOf(ctx.db.knex, ctx), i),
  delete: async (i, ctx) => {
    await svc.deleteQuery(ctx.db.knex, i.id);
    return { ok: true as const };
  },
  values: async (i, ctx) => svc.listValues(ctx.db.read, await scopeOf(ctx.db.read, ctx), i),
});
