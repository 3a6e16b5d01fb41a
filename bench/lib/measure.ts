/** Shared by the benchmarks: the test server, percentiles, and a timing loop with one warm-up run. */

export const benchServer = {
  host: process.env.OCS_TEST_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.OCS_TEST_DB_PORT ?? 3306),
  user: process.env.OCS_TEST_DB_USER ?? 'root',
  password: process.env.OCS_TEST_DB_PASSWORD ?? '',
};

/** The p-th percentile (nearest rank) of the samples. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * Milliseconds of `iter` runs of `fn`, after one warm-up run that is not counted. `settle`, if given,
 * runs after each run, untimed (e.g. waiting for work a run started in the background).
 */
export async function time(
  fn: () => Promise<unknown>,
  iter: number,
  settle?: () => Promise<unknown>,
): Promise<number[]> {
  await fn();
  await settle?.();
  const out: number[] = [];
  for (let i = 0; i < iter; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
    await settle?.();
  }
  return out;
}
