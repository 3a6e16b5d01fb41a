import type { Criterion } from '@shared/contract/computers';

/** The multi-criteria search page, run at once on these criteria (what a dashboard tile counted). */
export function searchLink(criteria: Criterion[], match: 'all' | 'any' = 'all'): string {
  return `/search?${new URLSearchParams({ filter: JSON.stringify({ criteria, match }) }).toString()}`;
}

/** `field EQUAL value`, or IS_EMPTY for the empty value (null), as the dashboard groups them. */
export function valueCriterion(field: string, value: string | null): Criterion {
  return value === null ? { field, op: 'IS_EMPTY', value: '' } : { field, op: 'EQUAL', value };
}

/** Colours of chart series, in order (6 shades: at least 3:1 against both schemes' card). */
export const PALETTE = [
  'blue.6',
  'teal.6',
  'grape.6',
  'orange.6',
  'cyan.6',
  'lime.6',
  'pink.6',
  'indigo.6',
  'yellow.6',
  'red.6',
  'gray.6',
];
