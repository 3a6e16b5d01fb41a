/**
 * Distinct computers of every (name, publisher, version) and of every name, tallied from the software
 * rows read once in primary-key order (software.repo.ts `countTriples`). The server only reads (no
 * sort, no temporary table: the GROUP BY … WITH ROLLUP it replaces sorted 14 M rows on disk); the
 * distinct counting is done here, exactly:
 *
 * - the rows of one inventory are consecutive in ID order, so a computer's rows come as one **run**
 *   (consecutive rows of one HARDWARE_ID); a triple or name is counted once per run (a stamp per
 *   triple and per name holds the run that last counted it), duplicates inside a run included;
 * - a computer whose rows come as several runs (inventories written side by side interleave their
 *   IDs) was counted once per run holding the triple: such computers are **split**. The run starts
 *   (first ID of each run) are kept for them only, and `correct` takes back the surplus from their
 *   rows read again (in the same snapshot): a triple (or name) found in r of its runs was counted r
 *   times instead of once.
 *
 * Memory: per triple four Int32 (name, publisher, version, computers) and a stamp, plus an open
 * addressing table of 2 to 4 Int32 slots per triple; per name ID and per hardware ID a few bytes (arrays
 * grown to the highest ID seen).
 */

const EMPTY = -1;

function grow(a: Int32Array, min: number, fill = 0): Int32Array {
  if (a.length > min) return a;
  let n = a.length || 1024;
  while (n <= min) n *= 2;
  const b = new Int32Array(n);
  if (fill) b.fill(fill);
  b.set(a);
  return b;
}

export interface Tally {
  /** Triples in first-seen order: name, publisher and version IDs, distinct computers. */
  size: number;
  name: Int32Array;
  publisher: Int32Array;
  version: Int32Array;
  computers: Int32Array;
  /** Name ID → its distinct computers (one computer with two versions counts once). */
  nameComputers: Map<number, number>;
  /** Distinct computers with at least one row. */
  hosts: number;
}

export class TripleTally {
  private size = 0;
  private name: Int32Array = new Int32Array(1024);
  private publisher: Int32Array = new Int32Array(1024);
  private version: Int32Array = new Int32Array(1024);
  private count: Int32Array = new Int32Array(1024);
  /** Run that last counted each triple (runs are numbered from 1). */
  private stamp: Int32Array = new Int32Array(1024);
  /** Open addressing: slot → triple index, EMPTY when free. Power-of-two length. */
  private slots: Int32Array = new Int32Array(2048).fill(EMPTY);
  /** By name ID: distinct computers, and the run that last counted the name. */
  private nameCount: Int32Array = new Int32Array(1024);
  private nameStamp: Int32Array = new Int32Array(1024);
  /** By hardware ID: 1 once a run of it was seen. */
  private seenHw: Int32Array = new Int32Array(1024);
  private run = 0;
  private hosts = 0;
  private runHw = -1;
  private lastId = -1;
  /** Starts (first ID) of every run of the computers seen more than once; filled when a split is found. */
  readonly splitRuns = new Map<number, number[]>();
  /** First ID of the current run of each computer seen so far, for a split found later. */
  private firstRunStart = new Map<number, number>();

  /** One software row, in ascending ID order. */
  add(id: number, hw: number, n: number, p: number, v: number): void {
    if (id <= this.lastId) throw new Error('software rows out of ID order');
    this.lastId = id;
    if (hw !== this.runHw) {
      this.run++;
      this.runHw = hw;
      this.seenHw = grow(this.seenHw, hw);
      if (this.seenHw[hw]) {
        let starts = this.splitRuns.get(hw);
        if (!starts) this.splitRuns.set(hw, (starts = [this.firstRunStart.get(hw)!]));
        starts.push(id);
      } else {
        this.seenHw[hw] = 1;
        this.hosts++;
        this.firstRunStart.set(hw, id);
      }
    }
    const t = this.indexOf(n, p, v);
    if (this.stamp[t] !== this.run) {
      this.stamp[t] = this.run;
      this.count[t]!++;
    }
    if (this.nameStamp[n] !== this.run) {
      this.nameStamp[n] = this.run;
      this.nameCount[n]!++;
    }
  }

  private hash(n: number, p: number, v: number): number {
    let h = Math.imul(n, 0x9e3779b1) ^ Math.imul(p, 0x85ebca77) ^ Math.imul(v, 0xc2b2ae3d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 13)) & (this.slots.length - 1);
  }

  private indexOf(n: number, p: number, v: number): number {
    let s = this.hash(n, p, v);
    for (;;) {
      const t = this.slots[s]!;
      if (t === EMPTY) break;
      if (this.name[t] === n && this.publisher[t] === p && this.version[t] === v) return t;
      s = (s + 1) & (this.slots.length - 1);
    }
    const t = this.size++;
    this.name = grow(this.name, t);
    this.publisher = grow(this.publisher, t);
    this.version = grow(this.version, t);
    this.count = grow(this.count, t);
    this.stamp = grow(this.stamp, t);
    this.name[t] = n;
    this.publisher[t] = p;
    this.version[t] = v;
    this.slots[s] = t;
    if (this.size * 2 > this.slots.length) this.rehash();
    if (n >= this.nameCount.length) {
      this.nameCount = grow(this.nameCount, n);
      this.nameStamp = grow(this.nameStamp, n);
    }
    return t;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    for (let t = 0; t < this.size; t++) {
      let s = this.hash(this.name[t]!, this.publisher[t]!, this.version[t]!);
      while (this.slots[s] !== EMPTY) s = (s + 1) & (this.slots.length - 1);
      this.slots[s] = t;
    }
  }

  /**
   * Takes back what the split computers were counted too often, from every row of theirs (any order,
   * the same rows the scan read). A row belongs to the last run of its computer starting at or before
   * its ID.
   */
  correct(rows: Iterable<[id: number, hw: number, n: number, p: number, v: number]>): void {
    const seenTriple = new Map<number, Map<number, Set<number>>>();
    const seenName = new Map<number, Map<number, Set<number>>>();
    const note = (m: Map<number, Map<number, Set<number>>>, hw: number, key: number, run: number) => {
      let byKey = m.get(hw);
      if (!byKey) m.set(hw, (byKey = new Map()));
      let runs = byKey.get(key);
      if (!runs) byKey.set(key, (runs = new Set()));
      runs.add(run);
    };
    for (const [id, hw, n, p, v] of rows) {
      const starts = this.splitRuns.get(hw);
      if (!starts) continue;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= id) lo = mid;
        else hi = mid - 1;
      }
      note(seenTriple, hw, this.indexOf(n, p, v), lo);
      note(seenName, hw, n, lo);
    }
    for (const byKey of seenTriple.values())
      for (const [t, runs] of byKey) this.count[t] = this.count[t]! - (runs.size - 1);
    for (const byKey of seenName.values())
      for (const [n, runs] of byKey) this.nameCount[n] = this.nameCount[n]! - (runs.size - 1);
  }

  result(): Tally {
    const nameComputers = new Map<number, number>();
    for (let t = 0; t < this.size; t++) {
      const n = this.name[t]!;
      if (!nameComputers.has(n)) nameComputers.set(n, this.nameCount[n]!);
    }
    return {
      size: this.size,
      name: this.name.subarray(0, this.size),
      publisher: this.publisher.subarray(0, this.size),
      version: this.version.subarray(0, this.size),
      computers: this.count.subarray(0, this.size),
      nameComputers,
      hosts: this.hosts,
    };
  }
}
