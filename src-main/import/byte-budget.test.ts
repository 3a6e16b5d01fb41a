import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ImportRunInput } from '../../shared/contract/import';
import { ByteBudget } from './byte-budget';

const settled = async (p: Promise<void> | void): Promise<boolean> => {
  let done = false;
  void Promise.resolve(p).then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe('ByteBudget: the bytes in flight of a whole batch (issue 16 defect 7)', () => {
  it('a later file waits while the budget is spent, and goes on when an earlier file is done', async () => {
    const b = new ByteBudget(100);
    expect(await settled(b.take(0, 60))).toBe(true);
    const later = b.take(1, 60);
    expect(await settled(later)).toBe(false);
    expect(b.inFlight).toBe(60);
    b.release(0);
    expect(await settled(later)).toBe(true);
    expect(b.inFlight).toBe(60);
  });

  it('the oldest file always goes on: one file larger than the budget runs, the others wait for it', async () => {
    const b = new ByteBudget(100);
    expect(await settled(b.take(3, 50))).toBe(true);
    // File 2 is older than every holder: it is never stopped, even past the budget.
    expect(await settled(b.take(2, 500))).toBe(true);
    expect(await settled(b.take(2, 500))).toBe(true);
    const other = b.take(4, 1);
    expect(await settled(other)).toBe(false);
    b.release(2);
    expect(await settled(other)).toBe(true);
  });

  it('waiters are served in input order, and a cancelled batch releases them', async () => {
    const b = new ByteBudget(10);
    await b.take(0, 10);
    const ac = new AbortController();
    const w2 = b.take(2, 5, ac.signal);
    const w1 = b.take(1, 5);
    b.release(0);
    expect(await settled(w1)).toBe(true);
    expect(await settled(w2)).toBe(true);
    const w3 = b.take(3, 5, ac.signal);
    expect(await settled(w3)).toBe(false);
    ac.abort();
    expect(await settled(w3)).toBe(true);
  });
});

describe('import options (issue 16 defects 4 and 5)', () => {
  it(`server mode refuses more than ${IMPORT_LIMITS.serverMaxConcurrency} file at once, offline allows ${IMPORT_LIMITS.offlineMaxConcurrency}`, () => {
    const bad = ImportRunInput.safeParse({ paths: ['/x'], mode: 'server', concurrency: 2 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['concurrency'] });
    expect(bad.error?.issues[0]?.message).toMatch(/comm server/);
    expect(ImportRunInput.safeParse({ paths: ['/x'], mode: 'server', concurrency: 1 }).success).toBe(true);
    expect(ImportRunInput.safeParse({ paths: ['/x'], mode: 'offline', concurrency: 16 }).success).toBe(true);
    expect(ImportRunInput.safeParse({ paths: ['/x'], mode: 'offline', concurrency: 17 }).success).toBe(false);
  });

  it('the server timeout is bounded', () => {
    const { min, max } = IMPORT_LIMITS.timeoutSeconds;
    for (const [v, ok] of [
      [min, true],
      [max, true],
      [min - 1, false],
      [max + 1, false],
      [7.5, false],
    ] as const)
      expect(
        ImportRunInput.safeParse({ paths: ['/x'], mode: 'server', timeoutSeconds: v }).success,
        String(v),
      ).toBe(ok);
  });
});
