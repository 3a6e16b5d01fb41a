import { groups } from '../../shared/contract/groups';
import { allows } from '../../shared/contract/rights';
import { selectedComputerIds } from '../computers/computers.service';
import { implement, type CallContext } from '../platform/rpc/router';
import { effectiveSettings, setGroupSettings } from './group-settings';
import { assignToGroup, groupPackageStats, unassignFromGroup } from './group-deploy';
import {
  addMembers,
  compareGroups,
  createGroup,
  deleteGroup,
  exportMembersCsv,
  groupDetail,
  groupsOfComputer,
  listGroups,
  listMembers,
  preview,
  refreshGroup,
  removeMembers,
  setMemberState,
  updateGroup,
  type Caller,
} from './groups.service';

/** The caller: its perimeter and whether it is a group administrator (ocsreports' GROUPS=YES). */
async function caller(ctx: CallContext): Promise<Caller> {
  return { scope: await ctx.scope, admin: allows(ctx.operator?.rights, 'manageGroups') };
}

export const groupsRoutes = implement(groups, {
  list: async (_i, ctx) => listGroups(ctx.db.read, await caller(ctx)),
  get: async (i, ctx) => groupDetail(ctx.db.read, await caller(ctx), i.id),
  members: async (i, ctx) => listMembers(ctx.db.read, await caller(ctx), i),
  preview: async (i, ctx) => preview(ctx.db.read, await caller(ctx), i),
  create: async (i, ctx) => {
    const c = await caller(ctx);
    return createGroup(ctx.db.knex, c, i, (sel) => selectedComputerIds(ctx.db.knex, c.scope, sel));
  },
  update: async (i, ctx) => updateGroup(ctx.db.knex, await caller(ctx), i),
  delete: async (i, ctx) => ({
    ok: true as const,
    ...(await deleteGroup(ctx.db.knex, await caller(ctx), i.id)),
  }),
  addMembers: async (i, ctx) => {
    const c = await caller(ctx);
    return addMembers(ctx.db.knex, c, i.id, i.target, (sel) =>
      selectedComputerIds(ctx.db.knex, c.scope, sel),
    );
  },
  removeMembers: async (i, ctx) => {
    const c = await caller(ctx);
    return removeMembers(ctx.db.knex, c, i.id, i.target, (sel) =>
      selectedComputerIds(ctx.db.knex, c.scope, sel),
    );
  },
  setMemberState: async (i, ctx) => setMemberState(ctx.db.knex, await caller(ctx), i.id, i.ids, i.state),
  refresh: async (i, ctx) => refreshGroup(ctx.db.knex, ctx.db.read, await caller(ctx), i.id),
  compare: async (i, ctx) => compareGroups(ctx.db.read, await caller(ctx), i.a, i.b, i.limit),
  exportCsv: async (i, ctx) => exportMembersCsv(ctx.db.read, await caller(ctx), i.id, i.states),
  assignPackage: async (i, ctx) => assignToGroup(ctx.db.knex, await caller(ctx), i.id, i.enableId),
  unassignPackage: async (i, ctx) =>
    unassignFromGroup(ctx.db.knex, await caller(ctx), i.id, i.enableId, i.cancelPending),
  packageStats: async (i, ctx) => groupPackageStats(ctx.db.read, await caller(ctx), i.id, i.enableId),
  setSettings: async (i, ctx) => {
    await setGroupSettings(ctx.db.knex, await caller(ctx), i.id, i.settings);
    return { ok: true as const };
  },
  effectiveSettings: async (i, ctx) => effectiveSettings(ctx.db.read, await caller(ctx), i.id),
  ofComputer: async (i, ctx) => groupsOfComputer(ctx.db.read, await caller(ctx), i.id),
});
