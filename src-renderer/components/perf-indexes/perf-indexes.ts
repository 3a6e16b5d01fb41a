import type { ConnectionStatus } from '@shared/contract/connection';
import type { PerfIndex, PerfIndexReport } from '@shared/contract/computers';

/** From this fleet size on, the console proposes the optional indexes after login. */
export const PROPOSE_FROM_COMPUTERS = 1000;

/**
 * The whole fleet (within the operator's perimeter) for `computers.total`: the same input as the
 * computers grid's total on the unfiltered list, so the page's title, the grid, this proposal and the
 * slow-page hint share one request (boot.js starts it before the bundle is parsed).
 */
export const WHOLE_FLEET = { filter: { criteria: [], match: 'all' as const } };

/** A list or search page slower than this (ms, as the operator waited for it) earns the hint. */
export const SLOW_QUERY_MS = 1000;

export function missingIndexes(r: PerfIndexReport | undefined): PerfIndex[] {
  return r ? r.indexes.filter((i) => !i.present) : [];
}

/** Build time and disk of the given indexes, summed (estimates from the table sizes). */
export function estimateOf(indexes: PerfIndex[]): { seconds: number; bytes: number } {
  return indexes.reduce(
    (acc, i) => ({
      seconds: acc.seconds + (i.estimatedSeconds ?? 0),
      bytes: acc.bytes + (i.estimatedBytes ?? 0),
    }),
    { seconds: 0, bytes: 0 },
  );
}

/** `1.2 MiB` in the operator's language. */
export function formatBytes(n: number, lang: string): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: u ? 1 : 0 }).format(v)} ${units[u]}`;
}

/** `45 s`, `3 min` (an estimate: rounded up, never finer than a second). */
export function formatSeconds(s: number, lang: string): string {
  if (s < 60) return `${new Intl.NumberFormat(lang).format(Math.max(1, Math.ceil(s)))} s`;
  return `${new Intl.NumberFormat(lang).format(Math.ceil(s / 60))} min`;
}

/**
 * The proposal is dismissed once per database (server, port, database name) and connection profile's
 * account: another database, or the same one through another server, asks again.
 */
export function proposalKey(c: Pick<ConnectionStatus, 'host' | 'port' | 'database' | 'user'>): string {
  return `ocs-desk-index-proposal:${c.user ?? ''}@${c.host ?? ''}:${c.port ?? ''}/${c.database ?? ''}`;
}

export function proposalDismissed(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'dismissed';
  } catch {
    return false;
  }
}

export function dismissProposal(key: string): void {
  try {
    localStorage.setItem(key, 'dismissed');
  } catch {
    // Storage full or refused: the proposal shows again next time, nothing worse.
  }
}
