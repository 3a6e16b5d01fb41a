import { backup } from '../../shared/contract/backup';
import { AppError } from '../platform/errors';
import { implement, type CallContext } from '../platform/rpc/router';
import { backupPlan } from './backup-plan';
import { backupTools, createBackup } from './backup.service';
import { restoreBackup, restoreTarget } from './restore.service';

/**
 * A backup holds every computer and every operator's hash, a restore replaces a database: beyond
 * `configure`, the operator must see the whole fleet (no TAG restriction).
 */
function requireWholeFleet(ctx: CallContext): void {
  if (!ctx.operator || ctx.operator.tags !== null) throw new AppError('FORBIDDEN', { route: ctx.route });
}

export function backupRoutes(configDir: string) {
  return implement(backup, {
    tools: (_input, ctx) => backupTools(ctx.db, configDir),
    plan: (input, ctx) => backupPlan(ctx.db.knex, input.purpose),
    create: (input, ctx) => {
      requireWholeFleet(ctx);
      return createBackup(ctx.db, input, ctx, configDir);
    },
    restore: (input, ctx) => {
      requireWholeFleet(ctx);
      return restoreBackup(ctx.db, input, ctx);
    },
    target: (input, ctx) => {
      requireWholeFleet(ctx);
      return restoreTarget(ctx.db, input.database);
    },
  });
}
