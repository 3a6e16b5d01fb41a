// The corpus of a coverage-guided run: the seeds, then every input that reached a feature (block
// range and count bucket) no earlier input reached.
import type { Rng } from './mutators';

export interface Entry {
  data: Buffer;
  /** Execution at which it joined (0 for the seeds). */
  found: number;
}

export class Corpus {
  readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();

  get features(): number {
    return this.seen.size;
  }

  /** Records the features of an input; it joins the corpus when one of them is new (always for a seed). */
  offer(data: Buffer, features: string[], exec: number, seed = false): boolean {
    let fresh = false;
    for (const f of features)
      if (!this.seen.has(f)) {
        this.seen.add(f);
        fresh = true;
      }
    if (fresh || seed) this.entries.push({ data, found: exec });
    return fresh;
  }

  /**
   * The parent of the next input. Energy goes to recent finds: half of the picks come from the newest
   * eighth of the corpus (a new path is explored while it is fresh), the rest from the whole corpus.
   */
  pick(r: Rng): Entry {
    const n = this.entries.length;
    const recent = Math.max(1, Math.ceil(n / 8));
    return this.entries[r.int(2) ? n - 1 - r.int(recent) : r.int(n)]!;
  }
}
