import { DEFAULT_LIMITS, StopReading, streamOcsFile, type ReadLimits, type XmlSink } from './ocs-reader';

/**
 * The `inventory-date` order of a batch: files applied oldest inventory first, by the date the agent
 * wrote in the inventory, instead of file order.
 *
 * The date is the one the comm server 2.8.1 stores as `hardware.LASTDATE`: HARDWARE/LASTDATE, unless it
 * is absent or `1970-01-01`, which the server replaces by NOW() (the Windows agent writes it; the Unix
 * agent never does). A file without such a date (or with one that is not a date) is "undated": it is
 * applied after every dated file, in file order among the undated ones, as the server would date it at
 * the time it receives it, later than any inventory already written.
 *
 * Finding the dates is a first pass over the batch that keeps nothing but one number per file (the
 * SAX parser streams, nothing is materialised; it stops once the first HARDWARE section is closed),
 * so memory stays flat with the number of files; the second pass (the import) reads each file again.
 */

/** Sortable number (yyyymmddhhmmss) of a LASTDATE value as the server considers it, or null (undated). */
export function lastDateKey(v: string | undefined | null): number | null {
  if (v === undefined || v === null || v === '1970-01-01') return null;
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*$/.exec(v);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  if (y === undefined || mo === undefined || d === undefined) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  return ((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi) * 100 + s;
}

/**
 * Finds the LASTDATE of the first HARDWARE row, with the reader's value rules (XML::Simple with
 * SuppressEmpty: a blank value is absent; a repeated field keeps its first value; an empty HARDWARE
 * element is no row).
 */
class LastDateFinder implements XmlSink {
  private readonly stack: string[] = [];
  private inHardware = false;
  private rowHasField = false;
  private text = '';
  private textOpen = false;
  lastDate: string | undefined;

  constructor(private readonly maxFieldChars: number) {}

  open(name: string): void {
    this.stack.push(name);
    const depth = this.stack.length;
    if (this.stack[1] !== 'CONTENT') return;
    if (depth === 3) {
      this.inHardware = name === 'HARDWARE';
      this.rowHasField = false;
      this.lastDate = undefined;
    } else if (depth === 4 && this.inHardware) {
      this.textOpen = true;
      this.text = '';
    }
  }

  addText(t: string): void {
    if (!this.textOpen) return;
    // Only whether a field is blank matters, and LASTDATE's text: no value is kept beyond the limit.
    if (this.text.length + t.length > this.maxFieldChars) throw new StopReading();
    this.text += t;
  }

  close(): void {
    const depth = this.stack.length;
    const name = this.stack.pop()!;
    if (depth === 4 && this.textOpen) {
      this.textOpen = false;
      if (this.text.trim() === '') return;
      if (name === 'LASTDATE' && this.lastDate === undefined) this.lastDate = this.text;
      this.rowHasField = true;
    } else if (depth === 3 && this.inHardware) {
      this.inHardware = false;
      // The first HARDWARE row is the one the writer uses: nothing after it matters.
      if (this.rowHasField) throw new StopReading();
      this.lastDate = undefined;
    }
  }
}

/**
 * The inventory date of one file (lastDateKey), or null when it has none or cannot be read (the
 * import pass reports why). Throws only when `signal` aborts.
 */
export async function readInventoryDate(
  path: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  signal?: AbortSignal,
): Promise<number | null> {
  const finder = new LastDateFinder(limits.maxFieldChars);
  try {
    const { stopped } = await streamOcsFile(path, finder, limits, signal);
    return stopped ? lastDateKey(finder.lastDate) : null;
  } catch {
    signal?.throwIfAborted();
    return null;
  }
}

/**
 * Apply order of a batch from each file's date (NaN: undated): dated files oldest first, then the
 * undated; equal dates keep file order. Returns position → file index.
 */
export function inventoryDateSequence(dates: Float64Array): Uint32Array {
  const seq = new Uint32Array(dates.length);
  for (let i = 0; i < seq.length; i++) seq[i] = i;
  const rank = (i: number) => (Number.isNaN(dates[i]!) ? Infinity : dates[i]!);
  // Uint32Array.sort with a comparator is stable (ES2019), and ties are broken by index anyway.
  return seq.sort((a, b) => rank(a) - rank(b) || a - b);
}

/**
 * Reads every file's inventory date, `concurrency` files at once. One number per file is kept (NaN:
 * undated), whatever the size of the files.
 */
export async function readInventoryDates(
  paths: ReadonlyArray<string | null>,
  concurrency: number,
  limits: ReadLimits,
  signal: AbortSignal,
  progress: (done: number) => void,
): Promise<Float64Array> {
  const dates = new Float64Array(paths.length).fill(NaN);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      if (signal.aborted) return;
      const i = next++;
      if (i >= paths.length) return;
      const p = paths[i];
      if (p !== null && p !== undefined) {
        const d = await readInventoryDate(p, limits, signal).catch(() => null);
        if (d !== null) dates[i] = d;
      }
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, paths.length)) }, worker));
  return dates;
}
