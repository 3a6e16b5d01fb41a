import { connection } from '../../shared/contract/connection';
import { implement } from '../platform/rpc/router';
import { connectionStatus, openConnection, testConnection } from './connection.service';

export const connectionRoutes = implement(connection, {
  test: (input) => testConnection(input),
  open: (input, ctx) => openConnection(ctx.session, input),
  close: async (_input, ctx) => {
    await ctx.session.setDb(null);
    return { ok: true as const };
  },
  status: (_input, ctx) => connectionStatus(ctx.session),
});
