import { ipdiscover } from '../../shared/contract/ipdiscover';
import { AppError } from '../platform/errors';
import { implement, type CallContext } from '../platform/rpc/router';
import { analyse, scopeOf } from './analysis/analyse.service';
import { AnalysisCache } from './analysis/cache';
import { toolsStatus } from './analysis/tools';
import { MacVendors } from '../platform/net/mac-vendors';
import * as svc from './ipdiscover.service';

const ok = { ok: true as const };

/** Cache key of the session's database (results of different servers never mix). */
function cacheTarget(ctx: CallContext): string {
  const t = ctx.session.db?.target;
  return t ? `${t.host}_${t.port}_${t.database}` : 'local';
}

function operatorId(ctx: CallContext): string {
  if (!ctx.operator) throw new AppError('AUTH_REQUIRED');
  return ctx.operator.id;
}

export function ipdiscoverRoutes(configDir: string) {
  const cache = new AnalysisCache(configDir);
  const vendors = MacVendors.forDir(configDir);
  const withVendor = <T extends { mac: string | null }>(page: { rows: T[]; total: number }) => ({
    ...page,
    rows: page.rows.map((r) => ({ ...r, vendor: vendors.vendor(r.mac) })),
  });
  return implement(ipdiscover, {
    networks: async (_i, ctx) => svc.listNetworks(ctx.db, await ctx.scope),
    listDevices: async (i, ctx) =>
      withVendor(await svc.listDevices(ctx.db.read, i.netId, i.kind, i.page, i.pageSize)),
    listComputers: async (i, ctx) => withVendor(await svc.networkComputers(ctx.db, await ctx.scope, i)),
    macVendorStatus: () => vendors.status(),
    refreshMacVendors: async (i) => {
      if (i.kind === 'reset') return vendors.reset();
      const st = await vendors.refresh(i.text, i.name);
      if (!st.prefixes)
        throw new AppError('VALIDATION_FAILED', {
          field: 'text',
          detail: 'no MAC prefix found: expected nmap-mac-prefixes, IEEE oui.txt or oui.csv',
        });
      return st;
    },
    saveSubnet: async (i, ctx) => {
      await svc.saveSubnet(ctx.db.knex, i);
      return ok;
    },
    deleteSubnet: async (i, ctx) => {
      await svc.deleteSubnet(ctx.db, i.netId, i.tag);
      return ok;
    },
    deviceTypes: (_i, ctx) => svc.listDeviceTypes(ctx.db.read),
    createDeviceType: (i, ctx) => svc.createDeviceType(ctx.db.knex, i.name),
    renameDeviceType: (i, ctx) => svc.renameDeviceType(ctx.db.knex, i.id, i.name),
    deleteDeviceType: async (i, ctx) => {
      await svc.deleteDeviceType(ctx.db.knex, i.id);
      return ok;
    },
    register: (i, ctx) => svc.registerDevice(ctx.db, i, operatorId(ctx)),
    unregister: async (i, ctx) => {
      await svc.unregisterDevice(ctx.db, i.mac);
      return ok;
    },
    deleteDevice: async (i, ctx) => {
      await svc.deleteDevice(ctx.db, i.mac);
      return ok;
    },
    getIpdiscover: async (i, ctx) => svc.getIpdiscover(ctx.db.read, await ctx.scope, i.hardwareId),
    setIpdiscover: async (i, ctx) =>
      svc.setIpdiscover(ctx.db.knex, await ctx.scope, i.hardwareId, i.mode, i.netId ?? null),
    lookup: async (i, ctx) => svc.lookup(ctx.db, await ctx.scope, i.ips, i.macs),
    tools: () => toolsStatus(),
    analyse: async (i, ctx) =>
      analyse(i, {
        db: ctx.session.db?.jobs ?? null,
        scope: ctx.session.db ? await ctx.scope : null,
        cacheTarget: cacheTarget(ctx),
        cache,
        signal: ctx.signal,
        progress: (d, t, n) => ctx.progress(d, t, n),
      }),
    cachedAnalysis: async (i, ctx) =>
      svc.visibleAnalysis(
        ctx.session.db,
        ctx.session.db ? await ctx.scope : null,
        await cache.get(cacheTarget(ctx), i.scope),
      ),
    cachedScopes: async (_i, ctx) =>
      (await cache.list(cacheTarget(ctx))).map((r) => ({
        scope: r.scope,
        finishedAt: r.finishedAt,
        hosts: r.hosts.length,
        mode: r.mode,
      })),
  });
}

export { scopeOf };
