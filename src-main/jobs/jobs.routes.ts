import { jobs } from '../../shared/contract/jobs';
import type { JobRunner } from '../platform/jobs/job-runner';
import { implement } from '../platform/rpc/router';

export function jobsRoutes(runner: JobRunner) {
  return implement(jobs, {
    get: ({ jobId }, ctx) => runner.get(jobId, ctx.session.id),
    list: (_input, ctx) => runner.list(ctx.session.id),
    cancel: ({ jobId }, ctx) => {
      runner.cancel(jobId, ctx.session.id);
      return { ok: true as const };
    },
  });
}
