import { database } from '../../shared/contract/database';
import { implement } from '../platform/rpc/router';
import { initDatabase, inspectDatabase, upgradeDatabase } from './database.service';

export const databaseRoutes = implement(database, {
  inspect: (_input, ctx) => inspectDatabase(ctx.db),
  init: (input, ctx) =>
    initDatabase(input, { signal: ctx.signal, progress: (d, t, n) => ctx.progress(d, t, n) }),
  upgrade: (_input, ctx) =>
    upgradeDatabase(ctx.db, { signal: ctx.signal, progress: (d, t, n) => ctx.progress(d, t, n) }),
});
