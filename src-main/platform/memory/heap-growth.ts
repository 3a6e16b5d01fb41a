import v8 from 'node:v8';

/**
 * V8's heap growing factor while import batches, backups and restores run (issue 16: peak RSS of a batch grew with its number
 * of files). The live heap of a batch is flat (≈ 20 MB after every full GC from file 300 to 3,000, see
 * docs/import.md), but V8 raises its old-space limit after each cheap full GC, up to about 3.5 × the live
 * size, so a long batch piles up more garbage before each collection than a short one (300 files peaked
 * at 167 MB, 3,000 at 193 MB). A fixed factor of 1.5 keeps the garbage proportional to what is live:
 * measured 123 MB and 131 MB, for about 7 more full GCs (a few ms each) per 300 files.
 */
const GROWING_PERCENT = 50;

let holders = 0;

/** Sets the factor for the whole process until every batch holding it has called the returned release. */
export function holdCompactHeap(): () => void {
  // V8 reads the flag each time it computes the next limit; 0 (its default) restores the dynamic factor.
  if (holders++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  };
}

/** Tests only: batches currently holding the factor. */
export function compactHeapHolders(): number {
  return holders;
}
