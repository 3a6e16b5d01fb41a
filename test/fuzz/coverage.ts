// V8 precise block coverage of the current thread (node:inspector), read after each input. The
// inspector session of a thread answers synchronously, so taking coverage costs no event-loop turn.
import { Session } from 'node:inspector';

/** Which part of a script counts: null = none, else the [start, end) character ranges of the readers' own code. */
export type ScriptFilter = (url: string) => Array<[number, number]> | null;

/** AFL's hit-count buckets: 0, 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+. */
export function bucket(count: number): number {
  if (count < 4) return count;
  if (count < 8) return 4;
  if (count < 16) return 5;
  if (count < 32) return 6;
  if (count < 128) return 7;
  return 8;
}

/**
 * The [start, end) ranges of the wanted modules inside an esbuild bundle: esbuild (not minified)
 * opens each module's code with a `// <path>` line, so a module runs up to the next such line.
 */
export function bundleModuleRanges(
  source: string,
  wanted: (modulePath: string) => boolean,
): Array<[number, number]> {
  const marks = [...source.matchAll(/^\/\/ ([\w./@-]+\.[cm]?[jt]s)$/gm)].map((m) => ({
    at: m.index,
    path: m[1]!,
  }));
  return marks.flatMap((m, i) =>
    wanted(m.path) ? [[m.at, marks[i + 1]?.at ?? source.length] as [number, number]] : [],
  );
}

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: Array<{ ranges: Range[] }>;
}

export class Coverage {
  private readonly session = new Session();
  private readonly scripts = new Map<string, Array<[number, number]> | null>();
  /** Per function (`script:start`): the block ranges V8 ever reported in it, and whether some input ran each. */
  private readonly blocks = new Map<string, Array<{ s: number; e: number; hit: boolean }>>();
  private covered = 0;

  constructor(private readonly filter: ScriptFilter) {}

  start(): void {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  stop(): void {
    this.post('Profiler.stopPreciseCoverage');
    this.session.disconnect();
  }

  /** Blocks of the readers' code that some input executed so far. */
  get coveredBlocks(): number {
    return this.covered;
  }

  /**
   * The features of what ran since the last call (counts are reset by taking them): one per reported
   * block range and count bucket. V8 reports a nested block only where its count differs from its
   * parent's, so a (range, bucket) pair never seen before, a block newly seen skipped included, is a
   * path not taken before.
   */
  take(): string[] {
    const { result } = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    const features: string[] = [];
    for (const script of result) {
      const ranges = this.rangesOf(script);
      if (!ranges) continue;
      for (const fn of script.functions) {
        const start = fn.ranges[0]!.startOffset;
        if (!ranges.some(([s, e]) => start >= s && start < e)) continue;
        for (const r of fn.ranges)
          features.push(`${script.url}:${r.startOffset}:${r.endOffset}:${bucket(r.count)}`);
        this.record(`${script.url}:${start}`, fn.ranges);
      }
    }
    return features;
  }

  /** A block not reported this time ran as often as the innermost reported range around it. */
  private record(fnKey: string, reported: Range[]): void {
    let known = this.blocks.get(fnKey);
    if (!known) this.blocks.set(fnKey, (known = []));
    for (const r of reported)
      if (!known.some((b) => b.s === r.startOffset && b.e === r.endOffset))
        known.push({ s: r.startOffset, e: r.endOffset, hit: false });
    if (reported[0]!.count === 0) return;
    for (const b of known) {
      if (b.hit) continue;
      let inner: Range | undefined;
      for (const r of reported)
        if (r.startOffset <= b.s && r.endOffset >= b.e && (!inner || r.startOffset >= inner.startOffset))
          inner = r;
      if (inner && inner.count > 0) {
        b.hit = true;
        this.covered++;
      }
    }
  }

  private rangesOf(script: ScriptCoverage): Array<[number, number]> | null {
    if (!this.scripts.has(script.scriptId)) this.scripts.set(script.scriptId, this.filter(script.url));
    return this.scripts.get(script.scriptId)!;
  }

  private post(method: string, params?: object): unknown {
    let answer: unknown;
    let failure: Error | null = null;
    this.session.post(method, params, (err, res) => {
      failure = err;
      answer = res;
    });
    if (failure) throw failure;
    return answer;
  }
}
