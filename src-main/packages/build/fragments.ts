import type { FragmentPlan, Fragmentation } from '../../../shared/contract/packages';

/**
 * How an archive of `size` bytes is cut, the way ocsreports does it: N equal slices of
 * floor(size / N) bytes, the remainder in the last one. N comes from a fragment size
 * (N = ceil(size / bytes)) or is given. No archive (size 0) means no fragment (FRAGS="0").
 */
export function planFragments(size: number, frag: Fragmentation): FragmentPlan {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad size ${size}`);
  if (size === 0) return { size, count: 0, fragmentSize: 0, lastSize: 0 };
  let count = frag.mode === 'size' ? Math.ceil(size / frag.bytes) : frag.count;
  count = Math.max(1, Math.min(count, size));
  const fragmentSize = Math.floor(size / count);
  const lastSize = size - fragmentSize * (count - 1);
  return { size, count, fragmentSize, lastSize };
}

/** Size of fragment n (1-based) of a plan. */
export function fragmentLength(plan: FragmentPlan, n: number): number {
  if (n < 1 || n > plan.count) throw new RangeError(`fragment ${n} of ${plan.count}`);
  return n === plan.count ? plan.lastSize : plan.fragmentSize;
}

export function fragmentName(fileId: string, n: number): string {
  return `${fileId}-${n}`;
}
