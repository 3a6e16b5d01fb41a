import { adminfields } from '../../shared/contract/adminfields';
import { implement } from '../platform/rpc/router';
import * as svc from './adminfields.service';

const ok = { ok: true as const };

export const adminfieldsRoutes = implement(adminfields, {
  list: (_i, ctx) => svc.listFields(ctx.db),
  create: (i, ctx) => svc.createField(ctx.db, i),
  update: (i, ctx) => svc.updateField(ctx.db, i),
  move: async (i, ctx) => {
    await svc.moveField(ctx.db, i.fieldId, i.direction);
    return ok;
  },
  delete: async (i, ctx) => {
    // Dropping the column erases that field on every computer: whole-fleet work.
    await ctx.wholeFleet();
    await svc.deleteField(ctx.db, i.fieldId);
    return ok;
  },
  getLabel: async (_i, ctx) => ({ text: await svc.getLabel(ctx.db) }),
  setLabel: async (i, ctx) => {
    await svc.setLabel(ctx.db, i.text);
    return ok;
  },
});
