import { describe, expect, it } from 'vitest';
import { TripleTally } from './triple-tally';

type Row = [id: number, hw: number, n: number, p: number, v: number];

/** A small deterministic generator (the same rows on every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return (max: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % max;
  };
}

/** Distinct computers per triple and per name, the way COUNT(DISTINCT HARDWARE_ID) gives them. */
function naive(rows: Row[]) {
  const triples = new Map<string, Set<number>>();
  const names = new Map<number, Set<number>>();
  for (const [, hw, n, p, v] of rows) {
    const key = `${n}:${p}:${v}`;
    if (!triples.has(key)) triples.set(key, new Set());
    triples.get(key)!.add(hw);
    if (!names.has(n)) names.set(n, new Set());
    names.get(n)!.add(hw);
  }
  return {
    triples: new Map([...triples].map(([k, s]) => [k, s.size])),
    names: new Map([...names].map(([k, s]) => [k, s.size])),
  };
}

function tallied(rows: Row[]) {
  const tally = new TripleTally();
  for (const r of rows) tally.add(...r);
  const split = new Set(tally.splitRuns.keys());
  tally.correct(rows.filter((r) => split.has(r[1])).reverse());
  const t = tally.result();
  const triples = new Map<string, number>();
  for (let i = 0; i < t.size; i++)
    triples.set(`${t.name[i]}:${t.publisher[i]}:${t.version[i]}`, t.computers[i]!);
  return { triples, names: t.nameComputers, split: split.size };
}

describe('triple tally', () => {
  it('counts each computer once per triple and per name, with duplicates and one run per computer', () => {
    const rows: Row[] = [
      [1, 7, 1, 1, 1],
      [2, 7, 1, 1, 1], // duplicate on one computer
      [3, 7, 1, 1, 2], // second version of name 1 on the same computer
      [5, 8, 1, 1, 1],
      [9, 9, 2, 3, 4],
    ];
    const got = tallied(rows);
    expect(got.split).toBe(0);
    expect(got.triples).toEqual(naive(rows).triples);
    expect(got.names).toEqual(naive(rows).names);
  });

  it('takes back what computers written in several runs were counted too often', () => {
    // Computer 7's rows interleaved with 8's: 7 has (1,1,1) in two runs and name 1 in three.
    const rows: Row[] = [
      [1, 7, 1, 1, 1],
      [2, 8, 1, 1, 1],
      [3, 7, 1, 1, 1],
      [4, 8, 2, 1, 1],
      [5, 7, 1, 1, 2],
      [6, 7, 2, 1, 1],
    ];
    const got = tallied(rows);
    expect(got.split).toBe(2);
    expect(got.triples).toEqual(naive(rows).triples);
    expect(got.names).toEqual(naive(rows).names);
  });

  it('agrees with distinct counting on interleaved computers with duplicates (generated)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed);
      const rows: Row[] = [];
      let id = 0;
      // Inventories written side by side: each step appends a few rows of one of several computers.
      for (let step = 0; step < 300; step++) {
        const hw = 1 + r(25);
        for (let j = 0, m = 1 + r(4); j < m; j++) {
          id += 1 + r(3);
          rows.push([id, hw, 1 + r(6), 1 + r(3), 1 + r(4)]);
        }
      }
      const got = tallied(rows);
      const want = naive(rows);
      expect(got.triples).toEqual(want.triples);
      expect(got.names).toEqual(want.names);
    }
  });

  it('refuses rows out of ID order (the correction relies on it)', () => {
    const tally = new TripleTally();
    tally.add(5, 1, 1, 1, 1);
    expect(() => tally.add(4, 2, 1, 1, 1)).toThrow(/ID order/);
  });
});
