import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { EventBus, eventVisibleTo } from '../events/event-bus';
import { JobRunner } from './job-runner';

describe('JobRunner', () => {
  it('runs a job to its result and reports progress events to its own session only', async () => {
    const bus = new EventBus();
    const seen: Array<{ state: string; session?: string }> = [];
    bus.subscribe((e, meta) => {
      if (e.topic === 'job') seen.push({ state: e.payload.state, session: meta.sessionId });
    });
    const runner = new JobRunner(bus);
    const id = runner.start({
      route: 'x.run',
      sessionId: 's1',
      operatorId: 'alice',
      run: async (ctl) => {
        ctl.progress(1, 2, 'half');
        return 42;
      },
    });
    const info = await runner.wait(id);
    expect(info).toMatchObject({ state: 'succeeded', result: 42 });
    expect(seen.every((s) => s.session === 's1')).toBe(true);
    expect(seen.at(-1)?.state).toBe('succeeded');
  });

  it('hides a job from other sessions', async () => {
    const runner = new JobRunner(new EventBus());
    const id = runner.start({ route: 'x.run', sessionId: 's1', operatorId: 'alice', run: async () => 1 });
    expect(runner.get(id, { sessionId: 's1', operatorId: 'alice' }).jobId).toBe(id);
    expect(() => runner.get(id, { sessionId: 's2', operatorId: 'alice' })).toThrow(AppError);
    expect(() => runner.cancel(id, { sessionId: 's2', operatorId: 'alice' })).toThrow(AppError);
    expect(runner.list({ sessionId: 's2', operatorId: 'alice' })).toEqual([]);
    await runner.wait(id);
  });

  // Issue 17, defect 8: jobs belonged to the session, so the next operator on it saw them.
  it('hides a job from another operator of the same session, and forgets it at logout', async () => {
    const bus = new EventBus();
    const events: Array<{ state: string; meta: unknown }> = [];
    bus.subscribe((e, meta) => {
      if (e.topic === 'job') events.push({ state: e.payload.state, meta });
    });
    const runner = new JobRunner(bus);
    let finish!: (v: string) => void;
    const id = runner.start({
      route: 'x.run',
      sessionId: 's1',
      operatorId: 'admin',
      run: () => new Promise<string>((r) => (finish = r)),
    });
    const admin = { sessionId: 's1', operatorId: 'admin' };
    const user = { sessionId: 's1', operatorId: 'user' };
    expect(runner.get(id, admin).state).toBe('running');
    expect(() => runner.get(id, user)).toThrow(AppError);
    expect(() => runner.cancel(id, user)).toThrow(AppError);
    expect(runner.list(user)).toEqual([]);
    expect(events.every((e) => (e.meta as { operatorId: string }).operatorId === 'admin')).toBe(true);
    expect(
      eventVisibleTo({ sessionId: 's1', operatorId: 'admin' }, { id: 's1', operator: { id: 'User' } }),
    ).toBe(false);
    expect(
      eventVisibleTo({ sessionId: 's1', operatorId: 'admin' }, { id: 's1', operator: { id: 'ADMIN' } }),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    runner.forgetSession('s1');
    const before = events.length;
    finish('secret result');
    await new Promise((r) => setTimeout(r, 20));
    expect(events.length).toBe(before);
    expect(() => runner.get(id, admin)).toThrow(AppError);
    expect(runner.list()).toEqual([]);
  });

  it('cancels: the signal aborts and the job ends cancelled', async () => {
    const runner = new JobRunner(new EventBus());
    const id = runner.start({
      route: 'x.run',
      sessionId: 's1',
      operatorId: 'alice',
      run: (ctl) =>
        new Promise((_resolve, reject) => {
          ctl.signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    });
    await new Promise((r) => setTimeout(r, 10));
    runner.cancel(id, { sessionId: 's1', operatorId: 'alice' });
    expect((await runner.wait(id)).state).toBe('cancelled');
  });

  it('refuses a second job with the same lock key while the first runs', async () => {
    const runner = new JobRunner(new EventBus());
    let release!: () => void;
    const id = runner.start({
      route: 'p.build',
      sessionId: 's',
      operatorId: 'alice',
      lockKey: 'pkg:1',
      run: () => new Promise<void>((r) => (release = r)),
    });
    expect(() =>
      runner.start({
        route: 'p.build',
        sessionId: 's',
        operatorId: 'alice',
        lockKey: 'pkg:1',
        run: async () => undefined,
      }),
    ).toThrow(/JOB_BUSY/);
    await new Promise((r) => setTimeout(r, 10));
    release();
    await runner.wait(id);
  });
});
