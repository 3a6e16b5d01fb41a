import { describe, expect, it } from 'vitest';
import { linuxTail, pickHead, pickTail, softwareCount, windowsTail } from './software-shape';

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 4294967296;
  };
}

describe('real fleet software shape (benchmarks.md)', () => {
  it('50-300 software per computer, mean near 145 (≈14 M rows for 100k computers)', () => {
    const r = rng(7);
    const xs = Array.from({ length: 20_000 }, () => softwareCount(r));
    expect(Math.min(...xs)).toBe(50);
    expect(Math.max(...xs)).toBeLessThanOrEqual(300);
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(135);
    expect(mean).toBeLessThan(155);
  });

  it('a large dictionary of distinct names (case-insensitively, as the unique NAME key), about one in ten Microsoft', () => {
    const names = [...windowsTail(), ...linuxTail()].map((e) => e.name.toLowerCase());
    expect(names.length).toBe(60_000);
    expect(new Set(names).size).toBe(names.length);
    const ms = names.filter((n) => n.startsWith('microsoft')).length;
    expect(ms).toBeGreaterThan(3_000);
    expect(ms).toBeLessThan(8_000);
  });

  it('a long tail: the first tail names on most computers, the last on very few', () => {
    const tail = Array.from({ length: 50_000 }, (_, i) => i);
    const r = rng(3);
    const seen = new Map<number, number>();
    for (let c = 0; c < 2_000; c++)
      for (const i of pickTail(tail, 120, r)) seen.set(i, (seen.get(i) ?? 0) + 1);
    expect(seen.get(0)).toBeGreaterThan(1_500);
    const last = [...seen.entries()].filter(([i]) => i >= 40_000).reduce((a, [, n]) => a + n, 0);
    expect(last / 10_000).toBeLessThan(2); // < 0.1 % of computers per name at the tail's end
    expect(pickHead(['a', 'b'], () => 0)).toEqual(['a', 'b']);
    expect(pickHead(['a', 'b'], () => 0.99)).toEqual([]);
  });
});
