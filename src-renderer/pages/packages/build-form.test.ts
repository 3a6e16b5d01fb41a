import { describe, expect, it } from 'vitest';
import { buildStepErrors, initialBuildValues, STEP, stepOfErrors, type BuildValues } from './build-form';

const say = (message: string, field: string) => `${field}: ${message}`;
const ok: BuildValues = {
  ...initialBuildValues,
  name: 'pkg',
  actionParam: 'sh run.sh',
  sourcePath: '/tmp/payload',
};

describe('package wizard step checks (PackageBuildInput)', () => {
  it('an empty or blank command stops at General, on its field', () => {
    for (const actionParam of ['', '   ']) {
      const e = buildStepErrors({ ...ok, actionParam }, STEP.general, say);
      expect(e).toEqual({ actionParam: 'actionParam: required' });
      expect(stepOfErrors(e)).toBe(STEP.general);
    }
  });

  it('checks only the steps reached: a missing folder waits for Content', () => {
    const v = { ...ok, sourcePath: '' };
    expect(buildStepErrors(v, STEP.general, say)).toEqual({});
    expect(Object.keys(buildStepErrors(v, STEP.content, say))).toEqual(['sourcePath']);
  });

  it('LAUNCH without a file, bad fragments, a notification without text: each on its own field and step', () => {
    expect(buildStepErrors({ ...ok, action: 'LAUNCH', sourceKind: 'none' }, STEP.content, say)).toEqual({
      sourceKind: 'sourceKind: a package without a file can only EXECUTE a command',
    });
    expect(Object.keys(buildStepErrors({ ...ok, fragSizeMb: 0 }, STEP.content, say))).toEqual(['fragSizeMb']);
    expect(
      Object.keys(buildStepErrors({ ...ok, fragMode: 'count', fragCount: '' }, STEP.content, say)),
    ).toEqual(['fragCount']);
    const e = buildStepErrors({ ...ok, notify: true, countdown: -1 }, STEP.user, say);
    expect(Object.keys(e).sort()).toEqual(['countdown', 'notifyText']);
    expect(stepOfErrors(e)).toBe(STEP.user);
    expect(buildStepErrors({ ...ok, needDone: true, needDoneText: ' ' }, STEP.user, say)).toHaveProperty(
      'needDoneText',
    );
    expect(buildStepErrors(ok, STEP.build, say)).toEqual({});
  });
});
