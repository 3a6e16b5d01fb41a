import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { EventBus } from '../events/event-bus';
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
    const id = runner.start({ route: 'x.run', sessionId: 's1', run: async () => 1 });
    expect(runner.get(id, 's1').jobId).toBe(id);
    expect(() => runner.get(id, 's2')).toThrow(AppError);
    expect(() => runner.cancel(id, 's2')).toThrow(AppError);
    expect(runner.list('s2')).toEqual([]);
    await runner.wait(id);
  });

  it('cancels: the signal aborts and the job ends cancelled', async () => {
    const runner = new JobRunner(new EventBus());
    const id = runner.start({
      route: 'x.run',
      sessionId: 's1',
      run: (ctl) =>
        new Promise((_resolve, reject) => {
          ctl.signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    });
    await new Promise((r) => setTimeout(r, 10));
    runner.cancel(id, 's1');
    expect((await runner.wait(id)).state).toBe('cancelled');
  });

  it('refuses a second job with the same lock key while the first runs', async () => {
    const runner = new JobRunner(new EventBus());
    let release!: () => void;
    const id = runner.start({
      route: 'p.build',
      sessionId: 's',
      lockKey: 'pkg:1',
      run: () => new Promise<void>((r) => (release = r)),
    });
    expect(() =>
      runner.start({ route: 'p.build', sessionId: 's', lockKey: 'pkg:1', run: async () => undefined }),
    ).toThrow(/JOB_BUSY/);
    await new Promise((r) => setTimeout(r, 10));
    release();
    await runner.wait(id);
  });
});
