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

export const jobs = {
  get: defineRoute({ role: 'user', needsDb: false, input: z.object({ jobId: z.string() }), output: JobInfo }),
  list: defineRoute({ role: 'user', needsDb: false, input: Empty, output: z.array(JobInfo) }),
  cancel: defineRoute({ role: 'user', needsDb: false, input: z.object({ jobId: z.string() }), output: Ok }),
};

/** Events pushed to a subscriber (Electron IPC or web-shell SSE): same payloads on both. */
export const ServerEvent = z.discriminatedUnion('topic', [
  z.object({ topic: z.literal('job'), payload: JobInfo }),
  z.object({ topic: z.literal('changed'), payload: z.object({ what: z.string() }) }),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
