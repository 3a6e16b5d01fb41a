import { diagnostics } from '../../shared/contract/diagnostics';
import { implement } from '../platform/rpc/router';
import { runDiagnostics, serverInformation } from './diagnostics.service';

export const diagnosticsRoutes = implement(diagnostics, {
  run: (input, ctx) => runDiagnostics(ctx.db, ctx.operator?.rights ?? [], input),
  serverInfo: async (input, ctx) => serverInformation(ctx.db, await ctx.scope, input),
});
