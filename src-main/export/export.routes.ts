import { exportApi } from '../../shared/contract/export';
import { implement } from '../platform/rpc/router';
import { exportComputer, runExport } from './export.service';

export const exportRoutes = implement(exportApi, {
  computer: async (input, ctx) => exportComputer(ctx.db.read, await ctx.scope, input.id, input.format),
  run: async (input, ctx) =>
    runExport(ctx.db.jobs, await ctx.scope, input, {
      progress: (d, t, n) => ctx.progress(d, t, n),
      signal: ctx.signal,
    }),
});
