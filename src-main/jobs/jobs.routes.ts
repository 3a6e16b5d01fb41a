import { jobs } from '../../shared/contract/jobs';
import type { JobRunner } from '../platform/jobs/job-runner';
import { implement } from '../platform/rpc/router';

export function jobsRoutes(runner: JobRunner) {
  return implement(jobs, {
    get: ({ jobId }) => runner.get(jobId),
    list: () => runner.list(),
    cancel: ({ jobId }) => {
      runner.cancel(jobId);
      return { ok: true as const };
    },
  });
}
