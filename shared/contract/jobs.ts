import { z } from 'zod';
import { defineRoute, Empty, Ok } from './route';
import { WireError } from './errors';

export const JobState = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const JobInfo = z.object({
  jobId: z.string(),
  route: z.string(),
  state: JobState,
  done: z.number(),
  /** null when the total is not known yet. */
  total: z.number().nullable(),
  note: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.unknown().optional(),
  error: WireError.optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

/**
 * Public, because a job can start before any login (database.init); each session only ever sees and
 * cancels its own jobs, and starting a job is checked by the job route's own role.
 */
export const jobs = {
  get: defineRoute({
    right: 'public',
    needsDb: false,
    input: z.object({ jobId: z.string().max(64) }),
    output: JobInfo,
  }),
  list: defineRoute({ right: 'public', needsDb: false, input: Empty, output: z.array(JobInfo) }),
  cancel: defineRoute({
    right: 'public',
    needsDb: false,
    input: z.object({ jobId: z.string().max(64) }),
    output: Ok,
  }),
};

/** Events pushed to a subscriber (Electron IPC or web-shell SSE): same payloads on both. */
export const ServerEvent = z.discriminatedUnion('topic', [
  z.object({ topic: z.literal('job'), payload: JobInfo }),
  z.object({ topic: z.literal('changed'), payload: z.object({ what: z.string() }) }),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
