import { PackageBuildInput, type Fragmentation } from '@shared/contract/packages';
import type { UseFormReturnType } from '@mantine/form';

export type Os = 'WINDOWS' | 'LINUX' | 'MAC';
export type Act = 'LAUNCH' | 'EXECUTE' | 'STORE';
export const MiB = 1024 * 1024;
/** Steps: general, content, user interaction, build. */
export const STEP = { general: 0, content: 1, user: 2, build: 3 } as const;

export interface BuildValues {
  name: string;
  description: string;
  os: Os;
  proto: 'HTTP' | 'HTTPS';
  priority: number | string;
  action: Act;
  actionParam: string;
  sourceKind: 'folder' | 'file' | 'none';
  sourcePath: string;
  fragMode: 'size' | 'count';
  fragSizeMb: number | string;
  fragCount: number | string;
  notify: boolean;
  notifyText: string;
  countdown: number | string;
  canAbort: boolean;
  canDelay: boolean;
  needDone: boolean;
  needDoneText: string;
}
export type BuildForm = UseFormReturnType<BuildValues>;

export const initialBuildValues: BuildValues = {
  name: '',
  description: '',
  os: 'LINUX',
  proto: 'HTTP',
  priority: 5,
  action: 'EXECUTE',
  actionParam: '',
  sourceKind: 'folder',
  sourcePath: '',
  fragMode: 'size',
  fragSizeMb: 100,
  fragCount: 1,
  notify: false,
  notifyText: '',
  countdown: '',
  canAbort: false,
  canDelay: false,
  needDone: false,
  needDoneText: '',
};

const num = (v: number | string): number => (v === '' ? NaN : Number(v));

export function fragmentsOf(v: BuildValues): Fragmentation {
  return v.fragMode === 'size'
    ? { mode: 'size', bytes: Math.round(num(v.fragSizeMb) * MiB) }
    : { mode: 'count', count: num(v.fragCount) };
}

/** The route's input, built from the form (what the steps check is what Build sends). */
export function toInput(v: BuildValues, downloadDir: string): PackageBuildInput {
  return {
    name: v.name,
    description: v.description,
    os: v.os,
    proto: v.proto,
    priority: num(v.priority),
    action: v.action,
    actionParam: v.actionParam,
    source: v.sourceKind === 'none' ? { kind: 'none' } : { kind: v.sourceKind, path: v.sourcePath },
    fragments: fragmentsOf(v),
    notify: {
      enabled: v.notify,
      text: v.notifyText,
      countdown: v.countdown === '' ? null : num(v.countdown),
      canAbort: v.canAbort,
      canDelay: v.canDelay,
    },
    needDoneAction: { enabled: v.needDone, text: v.needDoneText },
    downloadDir: downloadDir || undefined,
  };
}

/** Where each contract path is typed: [step, form field]. */
const PLACES: Record<string, [number, keyof BuildValues]> = {
  name: [STEP.general, 'name'],
  description: [STEP.general, 'description'],
  os: [STEP.general, 'os'],
  proto: [STEP.general, 'proto'],
  priority: [STEP.general, 'priority'],
  action: [STEP.general, 'action'],
  actionParam: [STEP.general, 'actionParam'],
  source: [STEP.content, 'sourceKind'],
  'source.path': [STEP.content, 'sourcePath'],
  'fragments.bytes': [STEP.content, 'fragSizeMb'],
  'fragments.count': [STEP.content, 'fragCount'],
  'notify.text': [STEP.user, 'notifyText'],
  'notify.countdown': [STEP.user, 'countdown'],
  'needDoneAction.text': [STEP.user, 'needDoneText'],
};

/**
 * The errors of the steps up to `step`, by form field, from the contract's PackageBuildInput (the route
 * checks the same): an empty command stops at General, a missing folder at Content. `translate` turns the
 * contract's terse messages into the operator's words.
 */
export function buildStepErrors(
  v: BuildValues,
  step: number,
  translate: (message: string, field: keyof BuildValues) => string,
): Record<string, string> {
  const r = PackageBuildInput.safeParse(toInput(v, 'x'));
  const out: Record<string, string> = {};
  if (r.success) return out;
  for (const issue of r.error.issues) {
    const place = PLACES[issue.path.map(String).join('.')];
    if (!place || place[0] > step) continue;
    out[place[1]] ??= translate(issue.message, place[1]);
  }
  return out;
}

/** The first step holding one of these errors, or null. */
export function stepOfErrors(errors: Record<string, string>): number | null {
  const steps = Object.values(PLACES)
    .filter(([, field]) => errors[field])
    .map(([step]) => step);
  return steps.length ? Math.min(...steps) : null;
}
