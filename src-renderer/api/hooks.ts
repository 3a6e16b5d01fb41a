import type { JobResult, RouteInput, RouteName, RouteOutput } from '@shared/contract';
import type { JobInfo } from '@shared/contract/jobs';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call } from './client';
import { subscribeEvents } from './transport';

/** Reads a route through TanStack Query (cached per route + input). */
export function useRoute<N extends RouteName>(
  route: N,
  input: RouteInput<N>,
  opts: Partial<
    Pick<UseQueryOptions<RouteOutput<N>, ApiError>, 'enabled' | 'refetchInterval' | 'staleTime'>
  > & {
    keepPrevious?: boolean;
  } = {},
) {
  return useQuery<RouteOutput<N>, ApiError>({
    queryKey: [route, input],
    queryFn: () => call(route, input),
    placeholderData: opts.keepPrevious ? keepPreviousData : undefined,
    ...opts,
  });
}

/** Calls a route that changes something; invalidates the given routes' caches on success. */
export function useAction<N extends RouteName>(route: N, opts: { invalidates?: RouteName[] } = {}) {
  const qc = useQueryClient();
  return useMutation<RouteOutput<N>, ApiError, RouteInput<N>>({
    mutationFn: (input) => call(route, input),
    onSuccess: async () => {
      await Promise.all((opts.invalidates ?? []).map((r) => qc.invalidateQueries({ queryKey: [r] })));
    },
  });
}

type Listener = (job: JobInfo) => void;
const jobListeners = new Set<Listener>();
let unsubscribe: (() => void) | null = null;

/** One event stream for the whole window, shared by every job hook. */
export function onJobEvent(fn: Listener): () => void {
  jobListeners.add(fn);
  unsubscribe ??= subscribeEvents((e) => {
    if (e.topic === 'job') for (const l of jobListeners) l(e.payload);
  });
  return () => {
    jobListeners.delete(fn);
  };
}

export const FINISHED: ReadonlyArray<JobInfo['state']> = ['succeeded', 'failed', 'cancelled'];

/** Starts a job route and follows it: progress, result, error, cancel. */
export function useJob<N extends RouteName>(route: N) {
  const [job, setJob] = useState<JobInfo | null>(null);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const jobId = useRef<string | null>(null);

  useEffect(
    () =>
      onJobEvent((info) => {
        if (info.jobId === jobId.current) setJob(info);
      }),
    [],
  );

  // Polling backs the event stream up (events can be missed while it reconnects).
  useEffect(() => {
    if (!job || FINISHED.includes(job.state)) return;
    const t = setInterval(() => {
      if (jobId.current) void call('jobs.get', { jobId: jobId.current }).then(setJob, () => undefined);
    }, 1500);
    return () => clearInterval(t);
  }, [job]);

  const start = useCallback(
    async (input: RouteInput<N>) => {
      setStartError(null);
      setJob(null);
      try {
        const { jobId: id } = (await call(route, input)) as unknown as { jobId: string };
        jobId.current = id;
        setJob(await call('jobs.get', { jobId: id }));
        return id;
      } catch (e) {
        setStartError(e instanceof ApiError ? e : null);
        throw e;
      }
    },
    [route],
  );

  const cancel = useCallback(async () => {
    if (jobId.current) await call('jobs.cancel', { jobId: jobId.current });
  }, []);

  const running = !!job && !FINISHED.includes(job.state);
  return {
    job,
    running,
    result: job?.state === 'succeeded' ? (job.result as JobResult<N>) : undefined,
    error: job?.error ? new ApiError(job.error) : startError,
    start,
    cancel,
    reset: () => {
      jobId.current = null;
      setJob(null);
      setStartError(null);
    },
  };
}
