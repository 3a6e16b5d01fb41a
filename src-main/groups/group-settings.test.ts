import { describe, expect, it } from 'vitest';
import { resolve } from './group-settings';

const g = (value: number | null) => ({ source: 'global' as const, name: 'OPT', value });
const grp = (id: number, value: number | null) => ({
  source: 'group' as const,
  name: `G${id}`,
  value,
  groupId: id,
});
const pc = (value: number | null) => ({ source: 'computer' as const, name: 'computer', value });

describe('which setting wins (comm server 2.8.1 rules)', () => {
  it('FREQUENCY: a global 0 or -1 wins outright; else the smallest of computer and groups', () => {
    expect(resolve('FREQUENCY', g(0), [grp(1, 5)], pc(3), true)).toMatchObject({
      source: 'global',
      value: 0,
    });
    expect(resolve('FREQUENCY', g(-1), [grp(1, 5)], null, true)).toMatchObject({
      source: 'global',
      value: -1,
    });
    expect(resolve('FREQUENCY', g(10), [grp(1, 5), grp(2, -1)], pc(3), true)).toMatchObject({
      source: 'group',
      value: -1,
      group: { id: 2, name: 'G2' },
    });
    expect(resolve('FREQUENCY', g(10), [grp(1, 5)], pc(3), true)).toMatchObject({
      source: 'computer',
      value: 3,
    });
    expect(resolve('FREQUENCY', g(10), [], null, true)).toMatchObject({ source: 'global', value: 10 });
  });
  it('PROLOG_FREQ: computer, else smallest non-zero group, else global', () => {
    expect(resolve('PROLOG_FREQ', g(12), [grp(1, 0), grp(2, 6), grp(3, 4)], null, true)).toMatchObject({
      source: 'group',
      value: 4,
    });
    expect(resolve('PROLOG_FREQ', g(12), [grp(1, 0)], null, true)).toMatchObject({
      source: 'global',
      value: 12,
    });
    expect(resolve('PROLOG_FREQ', g(12), [grp(1, 2)], pc(24), true)).toMatchObject({
      source: 'computer',
      value: 24,
    });
  });
  it('DOWNLOAD_SWITCH: global off wins; any group off wins; the computer may only switch off', () => {
    expect(resolve('DOWNLOAD_SWITCH', g(0), [], pc(1), true)).toMatchObject({ source: 'global', value: 0 });
    expect(resolve('DOWNLOAD_SWITCH', g(1), [grp(1, 1), grp(2, 0)], pc(1), true)).toMatchObject({
      source: 'group',
      value: 0,
    });
    expect(resolve('DOWNLOAD_SWITCH', g(1), [grp(1, 1)], pc(0), true)).toMatchObject({
      source: 'computer',
      value: 0,
    });
    expect(resolve('DOWNLOAD_SWITCH', g(1), [], pc(1), true)).toMatchObject({ source: 'global', value: 1 });
  });
  it('latencies: largest group value; period length and timeout: smallest', () => {
    expect(resolve('DOWNLOAD_FRAG_LATENCY', g(10), [grp(1, 30), grp(2, 60)], null, true)).toMatchObject({
      value: 60,
    });
    expect(resolve('DOWNLOAD_TIMEOUT', g(7), [grp(1, 3), grp(2, 5)], null, true)).toMatchObject({ value: 3 });
  });
  it('IPDISCOVER: a group 0 vetoes when IPDISCOVER_USE_GROUPS is on; otherwise the computer row', () => {
    expect(resolve('IPDISCOVER', g(2), [grp(1, 0)], pc(1), true)).toMatchObject({
      source: 'group',
      value: 0,
    });
    expect(resolve('IPDISCOVER', g(2), [grp(1, 0)], pc(1), false)).toMatchObject({
      source: 'computer',
      value: 1,
    });
    expect(resolve('IPDISCOVER', g(2), [grp(1, 1)], null, true)).toMatchObject({
      source: 'global',
      value: 2,
    });
  });
});
