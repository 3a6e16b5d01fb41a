/**
 * The memory bound of a batch: bytes of decompressed XML in flight (read, parsed, or waiting to be
 * written), shared by every file of the batch, whatever the concurrency.
 *
 * A file takes its bytes as they stream out of the inflater and gives them all back when it is done
 * (written and checked, or failed). A file that would exceed the budget waits, except the oldest file
 * holding or waiting for bytes (lowest input index): it always goes on, so a single file larger than
 * the budget still runs (the others wait for it) and the batch never deadlocks (the oldest file never
 * waits for a later one, see apply-order.ts). Bytes in flight: at most `limit` + one file (≤ the
 * 128 MiB limit); the parsed objects take about 4 times their XML bytes (measured, docs/import.md).
 */
export class ByteBudget {
  private used = 0;
  private readonly held = new Map<number, number>();
  private waiters: Array<{ i: number; n: number; resolve: () => void }> = [];

  constructor(readonly limit: number) {}

  /** Bytes held now (tests, benchmarks). */
  get inFlight(): number {
    return this.used;
  }

  /** Waits until `n` more bytes of file `i` fit (or `signal` aborts: the reader then stops). */
  take(i: number, n: number, signal?: AbortSignal): Promise<void> | void {
    if (this.waiters.length === 0 && this.fits(i, n)) return this.add(i, n);
    return new Promise<void>((resolve) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve();
      };
      // Served: the job's signal stops listening for this wait (a batch waits thousands of times).
      const w = { i, n, resolve: () => (signal?.removeEventListener('abort', onAbort), resolve()) };
      this.waiters.push(w);
      this.waiters.sort((a, b) => a.i - b.i);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake();
    });
  }

  /** File `i` is done: its bytes are free for the others. */
  release(i: number): void {
    const n = this.held.get(i);
    if (n === undefined) return;
    this.held.delete(i);
    this.used -= n;
    this.wake();
  }

  private add(i: number, n: number): void {
    this.used += n;
    this.held.set(i, (this.held.get(i) ?? 0) + n);
  }

  private oldest(): number {
    let min = Infinity;
    for (const i of this.held.keys()) if (i < min) min = i;
    for (const w of this.waiters) if (w.i < min) min = w.i;
    return min;
  }

  private fits(i: number, n: number): boolean {
    return this.used + n <= this.limit || i <= this.oldest();
  }

  private wake(): void {
    // In input order: an earlier file's bytes first (it is the one the others end up waiting for).
    while (this.waiters.length > 0) {
      const w = this.waiters[0]!;
      if (!this.fits(w.i, w.n)) return;
      this.waiters.shift();
      this.add(w.i, w.n);
      w.resolve();
    }
  }
}
