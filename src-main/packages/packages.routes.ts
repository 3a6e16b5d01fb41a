import { packages } from '../../shared/contract/packages';
import { selectedComputerIds } from '../computers/computers.service';
import { AppError } from '../platform/errors';
import { implement } from '../platform/rpc/router';
import { activatePackage, listActivations } from './activate/activate.service';
import { buildPackage } from './build/build.service';
import {
  assignPackage,
  deactivate,
  deletePackage,
  downloadDir,
  listPackages,
  packageStats,
  packagesForComputer,
  previewFragments,
  statusComputers,
  unassignPackage,
  validatePackage,
} from './packages.service';

export const packagesRoutes = implement(packages, {
  previewFragments: (q) => previewFragments(q),
  downloadDir: (_q, ctx) => downloadDir(ctx.db.knex),
  build: (input, ctx) => buildPackage(ctx.db.jobs, input, { signal: ctx.signal, progress: ctx.progress }),
  list: async (q, ctx) => listPackages(ctx.db.read, await ctx.scope, q.includeDeleted),
  activate: (input, ctx) =>
    activatePackage(ctx.db.jobs, input, { signal: ctx.signal, progress: ctx.progress }),
  activations: async (q, ctx) => listActivations(ctx.db.knex, await ctx.scope, q.fileId),
  deactivate: async (q, ctx) => deactivate(ctx.db.knex, await ctx.scope, q.enableId),
  assign: async (q, ctx) => assignPackage(ctx.db.knex, await ctx.scope, q),
  assignSelection: async ({ selection, ...q }, ctx) => {
    const scope = await ctx.scope;
    const hardwareIds = await selectedComputerIds(ctx.db.knex, scope, selection);
    if (hardwareIds.length === 0)
      throw new AppError('NOT_FOUND', { what: 'computers matching the selection' });
    return assignPackage(ctx.db.knex, scope, { ...q, hardwareIds });
  },
  unassign: async (q, ctx) => unassignPackage(ctx.db.knex, await ctx.scope, q),
  delete: async (q, ctx) => deletePackage(ctx.db.knex, await ctx.scope, q),
  forComputer: async (q, ctx) => packagesForComputer(ctx.db.knex, await ctx.scope, q.hardwareId),
  stats: async (q, ctx) => packageStats(ctx.db.knex, await ctx.scope, q.fileId),
  statusComputers: async (q, ctx) => statusComputers(ctx.db.knex, await ctx.scope, q),
  validate: async (q, ctx) => validatePackage(ctx.db.knex, await ctx.scope, q.fileId, q.action),
});
