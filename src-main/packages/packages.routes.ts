import { packages } from '../../shared/contract/packages';
import { scopeOf, selectedComputerIds } from '../computers/computers.service';
import { AppError } from '../platform/errors';
import { implement } from '../platform/rpc/router';
import { activatePackage, listActivations } from './activate/activate.service';
import { assignPackage, packagesForComputer, unassignPackage } from './assign/assign.service';
import { buildPackage } from './build/build.service';
import { deactivate, deletePackage, downloadDir, listPackages, previewFragments } from './packages.service';
import { packageStats, statusComputers, validatePackage } from './stats/stats.service';

export const packagesRoutes = implement(packages, {
  previewFragments: (q) => previewFragments(q),
  downloadDir: (_q, ctx) => downloadDir(ctx.db.knex),
  build: (input, ctx) => buildPackage(ctx.db.jobs, input, { signal: ctx.signal, progress: ctx.progress }),
  list: (q, ctx) => listPackages(ctx.db.read, q.includeDeleted),
  activate: (input, ctx) =>
    activatePackage(ctx.db.jobs, input, { signal: ctx.signal, progress: ctx.progress }),
  activations: (q, ctx) => listActivations(ctx.db.knex, q.fileId),
  deactivate: (q, ctx) => deactivate(ctx.db.knex, q.enableId),
  assign: (q, ctx) => assignPackage(ctx.db.knex, q),
  assignSelection: async ({ selection, ...q }, ctx) => {
    const hardwareIds = await selectedComputerIds(ctx.db.knex, await scopeOf(ctx.db.knex, ctx), selection);
    if (hardwareIds.length === 0)
      throw new AppError('NOT_FOUND', { what: 'computers matching the selection' });
    return assignPackage(ctx.db.knex, { ...q, hardwareIds });
  },
  unassign: (q, ctx) => unassignPackage(ctx.db.knex, q),
  delete: (q, ctx) => deletePackage(ctx.db.knex, q),
  forComputer: (q, ctx) => packagesForComputer(ctx.db.knex, q.hardwareId),
  stats: (q, ctx) => packageStats(ctx.db.knex, q.fileId),
  statusComputers: (q, ctx) => statusComputers(ctx.db.knex, q),
  validate: (q, ctx) => validatePackage(ctx.db.knex, q.fileId, q.action),
});
