import { dashboard } from '../../shared/contract/dashboard';
import { implement } from '../platform/rpc/router';
import { dashboardSummary, topSoftware } from './dashboard.service';

export const dashboardRoutes = implement(dashboard, {
  summary: async (_i, ctx) => dashboardSummary(ctx.db.read, await ctx.scope),
  topSoftware: async (input, ctx) => topSoftware(ctx.db.read, await ctx.scope, input.limit),
});
