import { snmp } from '../../shared/contract/snmp';
import { implement } from '../platform/rpc/router';
import * as devices from './snmp.service';
import * as config from './snmp-config.service';
import * as communities from './snmp-communities.service';
import { preview } from './snmp-preview.service';
import { mibOids } from './net-snmp';

const ok = { ok: true as const };

export const snmpRoutes = implement(snmp, {
  types: async (_i, ctx) => devices.listTypes(ctx.db.read, await ctx.scope),
  devices: async (i, ctx) => devices.listDevices(ctx.db.read, await ctx.scope, i),
  device: async (i, ctx) => devices.getDevice(ctx.db.read, await ctx.scope, i.typeId, i.id),
  exportCsv: async (i, ctx) => devices.exportCsv(ctx.db.read, await ctx.scope, i),
  setAdminData: async (i, ctx) => {
    await devices.setAdminData(ctx.db.knex, await ctx.scope, i);
    return ok;
  },
  config: async (_i, ctx) => config.getConfig(ctx.db.knex),
  createType: async (i, ctx) => config.createType(ctx.db.knex, i.name),
  deleteType: async (i, ctx) => {
    await config.deleteType(ctx.db.knex, i.id);
    return ok;
  },
  addCondition: async (i, ctx) => config.addCondition(ctx.db.knex, i.typeId, i.oid, i.value),
  deleteCondition: async (i, ctx) => {
    await config.deleteCondition(ctx.db.knex, i.id);
    return ok;
  },
  createLabel: async (i, ctx) => config.createLabel(ctx.db.knex, i.name),
  deleteLabel: async (i, ctx) => {
    await config.deleteLabel(ctx.db.knex, i.id);
    return ok;
  },
  addConfigs: async (i, ctx) => config.addConfigs(ctx.db.knex, i.typeId, i.items),
  deleteConfig: async (i, ctx) => {
    await config.deleteConfig(ctx.db.knex, i.id);
    return ok;
  },
  mibOids: async (i) => mibOids(i.files),
  communities: async (_i, ctx) => communities.listCommunities(ctx.db.knex),
  saveCommunity: async (i, ctx) => communities.saveCommunity(ctx.db.knex, i),
  deleteCommunity: async (i, ctx) => {
    await communities.deleteCommunity(ctx.db.knex, i.id);
    return ok;
  },
  preview: async (i, ctx) => preview(ctx.db.knex, i),
});
