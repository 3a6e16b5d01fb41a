import { cve } from '../../shared/contract/cve';
import { implement } from '../platform/rpc/router';
import {
  affectedComputers,
  computerCves,
  cveStatus,
  exportCveCsv,
  historyPage,
  softwareCves,
  vulnerableComputers,
  vulnerableSoftware,
} from './cve.service';

export const cveRoutes = implement(cve, {
  status: (_i, ctx) => cveStatus(ctx.db.read),
  software: async (i, ctx) => vulnerableSoftware(ctx.db.read, await ctx.scope, i),
  cves: async (i, ctx) => softwareCves(ctx.db.read, await ctx.scope, i),
  computers: async (i, ctx) => {
    const { offset, limit, ...by } = i;
    return affectedComputers(ctx.db.read, await ctx.scope, by, offset, limit);
  },
  computer: async (i, ctx) => ({ rows: await computerCves(ctx.db.read, await ctx.scope, i.id) }),
  byComputer: async (i, ctx) => vulnerableComputers(ctx.db.read, await ctx.scope, i),
  exportCsv: async (i, ctx) => exportCveCsv(ctx.db.read, await ctx.scope, i),
  history: (i, ctx) => historyPage(ctx.db.read, i.offset, i.limit),
});
