import { jobs } from '../../shared/contract/jobs';
import type { JobRunner } from '../platform/jobs/job-runner';
import { ownerKey } from '../platform/events/event-bus';
import { implement, type CallContext } from '../platform/rpc/router';

/** Jobs belong to the operator who started them, within the session. */
const ownerOf = (ctx: CallContext) => ({ sessionId: ctx.session.id, operatorId: ownerKey(ctx.operator) });

export function jobsRoutes(runner: JobRunner) {
  return implement(jobs, {
    get: ({ jobId }, ctx) => runner.get(jobId, ownerOf(ctx)),
    list: (_input, ctx) => runner.list(ownerOf(ctx)),
    cancel: ({ jobId }, ctx) => {
      runner.cancel(jobId, ownerOf(ctx));
      return { ok: true as const };
    },
  });
}
