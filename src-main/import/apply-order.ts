import type { Inventory } from './ocs-reader';
import { sanitize } from './offline-writer';

/**
 * The order in which a batch applies its files, whatever the concurrency.
 *
 * The comm server fed serially applies file after file; a batch parses (and, in server mode, posts)
 * several at once. Two files conflict when the serial order changes their result: same computer
 * (DEVICEID, or OLD_DEVICEID naming another file's computer), or possible duplicates of each other
 * under AUTO_DUPLICATE_LVL. Conflicting files are applied strictly in input order, one after the
 * other; the others still run in parallel. Parsing stays parallel: only the apply step waits.
 */

/** Duplicate criteria bits (comm server AUTO_DUPLICATE_LVL). */
const DUP_HOSTNAME = 1;
const DUP_SERIAL = 2;
const DUP_MAC = 4;
const DUP_SMODEL = 8;
const DUP_UUID = 16;

/**
 * Normalised for MariaDB's comparisons of these columns (case- and accent-insensitive `_general_ci`,
 * trailing spaces ignored): two values the server finds equal get the same key (a few unequal ones too,
 * which only costs a little parallelism).
 */
export function normaliseKey(v: string): string {
  return v.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 's').toLowerCase().trimEnd();
}

/**
 * The keys a file conflicts on. All the selected duplicate criteria must match for a merge, so the
 * values of one of them suffice: the most selective one present in `lvl` (a file without a value for
 * it cannot take part in a merge on it).
 */
export function conflictKeys(inv: Inventory, autoDuplicateLvl: number): string[] {
  const keys = new Set<string>([`d:${normaliseKey(inv.deviceId)}`]);
  if (inv.oldDeviceId) keys.add(`d:${normaliseKey(inv.oldDeviceId)}`);
  const lvl = autoDuplicateLvl;
  if (lvl) {
    const first = (s: string) => inv.sections.get(s)?.[0] ?? {};
    const hw = first('HARDWARE');
    const biosRows = inv.sections.get('BIOS') ?? [];
    const bios = biosRows.length === 1 ? biosRows[0]! : {};
    const macs = (inv.sections.get('NETWORKS') ?? [])
      .map((n) => n.MACADDR)
      .filter((m): m is string => m !== undefined);
    const one = (v: string | undefined) => (v === undefined ? [] : [v]);
    // Most selective first: identifiers of one machine before names and models.
    const criteria: Array<[number, string[]]> = [
      [DUP_UUID, one(hw.UUID)],
      [DUP_SERIAL, one(bios.SSN)],
      [DUP_MAC, macs],
      [DUP_HOSTNAME, one(hw.NAME)],
      [DUP_SMODEL, one(bios.SMODEL)],
    ];
    const chosen = criteria.find(([bit]) => (lvl & bit) !== 0);
    if (chosen) for (const v of chosen[1]) keys.add(`${chosen[0]}:${normaliseKey(sanitize(v))}`);
  }
  return [...keys];
}

/**
 * Gates the apply step of each file of a batch (index = input order). `claim(i, keys)` must be called
 * for every index taken, in any order, exactly once (with [] for a file that will not be applied);
 * it resolves when every earlier file sharing a key has called its `done`. Claims are registered in
 * index order, so a file waits only for earlier ones: no deadlock, whatever the concurrency.
 */
export class ApplyOrder {
  private readonly claimed = new Map<number, { keys: string[]; gate: (g: Promise<void>) => void }>();
  private readonly finished = new Map<number, Promise<void>>();
  private readonly finish = new Map<number, () => void>();
  /** Key → completion of the last registered file holding it. */
  private readonly last = new Map<string, Promise<void>>();
  private nextToRegister = 0;

  /** Waits for the earlier conflicting files; call the returned `done` when this file is applied (or failed). */
  async claim(i: number, keys: string[]): Promise<() => void> {
    let release!: () => void;
    const finished = new Promise<void>((r) => (release = r));
    this.finished.set(i, finished);
    this.finish.set(i, release);
    const gate = new Promise<Promise<void>>((resolve) => this.claimed.set(i, { keys, gate: resolve }));
    this.register();
    await await gate;
    return () => {
      this.finish.get(i)?.();
      this.finish.delete(i);
    };
  }

  private register(): void {
    for (;;) {
      const c = this.claimed.get(this.nextToRegister);
      if (!c) return;
      const i = this.nextToRegister++;
      this.claimed.delete(i);
      const before = [...new Set(c.keys.map((k) => this.last.get(k)).filter((p) => p !== undefined))];
      const mine = this.finished.get(i)!;
      this.finished.delete(i);
      for (const k of c.keys) this.last.set(k, mine);
      // Forget keys whose last holder is done (the map stays as small as the files in flight).
      void mine.then(() => {
        for (const k of c.keys) if (this.last.get(k) === mine) this.last.delete(k);
      });
      c.gate(Promise.all(before).then(() => undefined));
    }
  }
}
