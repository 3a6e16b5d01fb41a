import { randomUUID } from 'node:crypto';
import type { JobInfo } from '../../../shared/contract/jobs';
import { AppError, newCorrelationId, toWire } from '../errors';
import type { EventBus } from '../events/event-bus';
import { log } from '../log/logger';

export interface JobControl {
  readonly signal: AbortSignal;
  /** Report progress; throttled to at most 10 events per second. */
  progress(done: number, total?: number | null, note?: string | null): void;
}

interface JobEntry {
  info: JobInfo;
  controller: AbortController;
  ownerSession: string;
  /** The operator who started it (ownerKey), within that session: jobs belong to the operator. */
  ownerOperator: string | null;
  /** Forgotten at logout: no more events, even if the handler finishes anyway. */
  forgotten: boolean;
  lockKey: string | null;
  lastEmit: number;
  pendingEmit: NodeJS.Timeout | null;
}

/** Who asks for a job: the session and its current operator (ownerKey). */
export interface JobOwner {
  sessionId: string;
  operatorId: string | null;
}

function owns(j: JobEntry, owner: JobOwner | undefined): boolean {
  return !owner || (j.ownerSession === owner.sessionId && j.ownerOperator === owner.operatorId);
}

const KEEP_FINISHED_MS = 30 * 60_000;
const EMIT_EVERY_MS = 100;

/** Owns every long job: state machine, cancel, throttled progress, one job per lock key. */
export class JobRunner {
  private readonly jobs = new Map<string, JobEntry>();

  constructor(private readonly bus: EventBus) {}

  start<R>(opts: {
    route: string;
    sessionId: string;
    /** ownerKey of the operator starting it (null before any login). */
    operatorId: string | null;
    lockKey?: string;
    run: (ctl: JobControl) => Promise<R>;
  }): string {
    if (opts.lockKey) {
      for (const j of this.jobs.values()) {
        if (j.lockKey === opts.lockKey && (j.info.state === 'running' || j.info.state === 'queued')) {
          throw new AppError('JOB_BUSY', { jobId: j.info.jobId, route: j.info.route });
        }
      }
    }
    const jobId = randomUUID();
    const entry: JobEntry = {
      info: {
        jobId,
        route: opts.route,
        state: 'running',
        done: 0,
        total: null,
        note: null,
        startedAt: new Date().toISOString(),
        finishedAt: null,
      },
      controller: new AbortController(),
      ownerSession: opts.sessionId,
      ownerOperator: opts.operatorId,
      forgotten: false,
      lockKey: opts.lockKey ?? null,
      lastEmit: 0,
      pendingEmit: null,
    };
    this.jobs.set(jobId, entry);
    this.emit(entry, true);
    const ctl: JobControl = {
      signal: entry.controller.signal,
      progress: (done, total, note) => {
        entry.info.done = done;
        if (total !== undefined) entry.info.total = total;
        if (note !== undefined) entry.info.note = note;
        this.emit(entry, false);
      },
    };
    // Run on the next tick so the caller gets the id before any event.
    setImmediate(() => {
      opts
        .run(ctl)
        .then((result) => this.finish(entry, 'succeeded', { result }))
        .catch((e: unknown) => {
          const cancelled =
            entry.controller.signal.aborted || (e instanceof AppError && e.code === 'JOB_CANCELLED');
          const correlationId = newCorrelationId();
          // Refusals the admin can act on are expected; only unexpected failures are errors in the log.
          const expected = e instanceof AppError && e.code !== 'INTERNAL' && e.code !== 'DB_QUERY_FAILED';
          if (!cancelled) {
            (expected ? log.info : log.error)('job failed', {
              jobId,
              route: opts.route,
              correlationId,
              error: e,
            });
          }
          const err = cancelled
            ? toWire(new AppError('JOB_CANCELLED'), correlationId)
            : toWire(e, correlationId);
          this.finish(entry, cancelled ? 'cancelled' : 'failed', { error: err });
        });
    });
    return jobId;
  }

  /**
   * A job of this operator in this session (other sessions' and other operators' jobs are
   * invisible: JOB_NOT_FOUND). No owner: any job (CLI, tests, internal use).
   */
  get(jobId: string, owner?: JobOwner): JobInfo {
    return { ...this.entry(jobId, owner).info };
  }

  list(owner?: JobOwner): JobInfo[] {
    this.prune();
    return [...this.jobs.values()].filter((j) => owns(j, owner)).map((j) => ({ ...j.info }));
  }

  cancel(jobId: string, owner?: JobOwner): void {
    const j = this.entry(jobId, owner);
    if (j.info.state === 'running' || j.info.state === 'queued')
      j.controller.abort(new AppError('JOB_CANCELLED'));
  }

  /**
   * At logout (or another login on the session): cancels the session's running jobs and forgets
   * all of them, so the next operator never sees their progress or results.
   */
  forgetSession(sessionId: string): void {
    for (const [id, j] of this.jobs) {
      if (j.ownerSession !== sessionId) continue;
      j.forgotten = true;
      if (j.pendingEmit) clearTimeout(j.pendingEmit);
      if (j.info.state === 'running' || j.info.state === 'queued')
        j.controller.abort(new AppError('JOB_CANCELLED'));
      this.jobs.delete(id);
    }
  }

  private entry(jobId: string, owner?: JobOwner): JobEntry {
    const j = this.jobs.get(jobId);
    if (!j || !owns(j, owner)) throw new AppError('JOB_NOT_FOUND', { jobId });
    return j;
  }

  /** Waits for the end of a job (CLI and tests). */
  wait(jobId: string): Promise<JobInfo> {
    return new Promise((resolve) => {
      const check = () => {
        const info = this.jobs.get(jobId)?.info;
        if (!info || ['succeeded', 'failed', 'cancelled'].includes(info.state)) {
          off();
          resolve(info ? { ...info } : this.get(jobId));
        }
      };
      const off = this.bus.subscribe((e) => {
        if (e.topic === 'job' && e.payload.jobId === jobId) check();
      });
      check();
    });
  }

  cancelAll(): void {
    for (const j of this.jobs.values()) if (j.info.state === 'running') j.controller.abort();
  }

  private finish(entry: JobEntry, state: JobInfo['state'], extra: Partial<JobInfo>): void {
    Object.assign(entry.info, extra, { state, finishedAt: new Date().toISOString() });
    this.emit(entry, true);
  }

  private emit(entry: JobEntry, force: boolean): void {
    if (entry.forgotten) return;
    const now = Date.now();
    if (!force && now - entry.lastEmit < EMIT_EVERY_MS) {
      entry.pendingEmit ??= setTimeout(() => {
        entry.pendingEmit = null;
        this.emit(entry, true);
      }, EMIT_EVERY_MS);
      return;
    }
    if (entry.pendingEmit) {
      clearTimeout(entry.pendingEmit);
      entry.pendingEmit = null;
    }
    entry.lastEmit = now;
    this.bus.emit(
      { topic: 'job', payload: { ...entry.info } },
      { sessionId: entry.ownerSession, operatorId: entry.ownerOperator },
    );
  }

  private prune(): void {
    const limit = Date.now() - KEEP_FINISHED_MS;
    for (const [id, j] of this.jobs) {
      if (j.info.finishedAt && Date.parse(j.info.finishedAt) < limit) this.jobs.delete(id);
    }
  }
}
