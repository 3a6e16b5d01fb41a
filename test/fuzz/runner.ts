// The fuzzing loop: pick a parent from the corpus, mutate it, run it, keep it when it reached a new
// feature. Unguided (coverage ignored), parents are the seeds only: the mutation fuzzer of before.
import type { Coverage } from './coverage';
import { Corpus } from './corpus';
import { mutate, rng } from './mutators';

export interface Finding {
  kind: 'crash' | 'hang';
  message: string;
}

export interface Execution {
  finding: Finding | null;
  features: string[];
  coveredBlocks: number;
}

/** Runs one input of a target and reports what it covered. */
export interface Executor {
  run(input: Buffer): Promise<Execution>;
  close(): Promise<void>;
}

/** Runs the target in this thread (no hang guard): for targets that always return, like the toy of the tests. */
export function inProcess(target: (input: Buffer) => unknown, coverage: Coverage): Executor {
  return {
    async run(input) {
      let finding: Finding | null = null;
      try {
        await target(input);
      } catch (e) {
        finding = { kind: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      return { finding, features: coverage.take(), coveredBlocks: coverage.coveredBlocks };
    },
    close: async () => {},
  };
}

export interface Sample {
  ms: number;
  execs: number;
  corpus: number;
  coveredBlocks: number;
}

export interface FoundInput extends Finding {
  input: Buffer;
  exec: number;
}

export interface RunOptions {
  seeds: Buffer[];
  executor: Executor;
  seed: number;
  /** false: coverage is ignored and parents are the seeds only. */
  guided: boolean;
  pieces: Buffer[];
  recompress?: boolean;
  /** Longest input made (libFuzzer's -max_len); the largest seed by default, so that inputs do not bloat. */
  maxLen?: number;
  maxExecs?: number;
  /** Stop at this time (Date.now()); without it the run is bounded by maxExecs only and is deterministic. */
  until?: number;
  stopOnFinding?: boolean;
  sampleMs?: number;
  onFinding?(f: FoundInput): void;
}

export interface RunStats {
  execs: number;
  ms: number;
  seeds: number;
  corpus: number;
  features: number;
  coveredBlocks: number;
  /** Mean size of the corpus entries (inputs grow by insertions; bigger inputs run slower). */
  meanBytes: number;
  findings: FoundInput[];
  samples: Sample[];
}

/** The same finding again (same kind, same first stack frames) is not reported twice. */
function signature(f: Finding): string {
  return `${f.kind}:${f.message.split('\n').slice(0, 3).join('|')}`;
}

export async function fuzzLoop(o: RunOptions): Promise<RunStats> {
  const r = rng(o.seed);
  const corpus = new Corpus();
  const findings: FoundInput[] = [];
  const signatures = new Set<string>();
  const samples: Sample[] = [];
  const started = Date.now();
  let execs = 0;
  let coveredBlocks = 0;
  let nextSample = started + (o.sampleMs ?? Infinity);

  const execute = async (input: Buffer, seed: boolean): Promise<boolean> => {
    execs++;
    const e = await o.executor.run(input);
    coveredBlocks = Math.max(coveredBlocks, e.coveredBlocks);
    if (o.guided || seed) corpus.offer(input, e.features, seed ? 0 : execs, seed);
    if (o.sampleMs && Date.now() >= nextSample) {
      samples.push({ ms: Date.now() - started, execs, corpus: corpus.entries.length, coveredBlocks });
      nextSample += o.sampleMs;
    }
    if (!e.finding) return false;
    const sig = signature(e.finding);
    if (signatures.has(sig)) return false;
    signatures.add(sig);
    const f = { ...e.finding, input, exec: execs };
    findings.push(f);
    o.onFinding?.(f);
    return true;
  };

  const done = () =>
    (o.maxExecs !== undefined && execs >= o.maxExecs) ||
    (o.until !== undefined && Date.now() >= o.until) ||
    (o.stopOnFinding === true && findings.length > 0);

  for (const s of o.seeds) if (!done()) await execute(s, true);
  const seeds = corpus.entries.length;
  const other = () => corpus.entries[r.int(corpus.entries.length)]!.data;
  const maxLen = o.maxLen ?? Math.max(...o.seeds.map((s) => s.length));
  while (!done()) {
    const parent = o.guided ? corpus.pick(r).data : corpus.entries[r.int(seeds)]!.data;
    const child = mutate(parent, r, { pieces: o.pieces, other, recompress: o.recompress });
    await execute(child.length > maxLen ? child.subarray(0, maxLen) : child, false);
  }
  return {
    execs,
    ms: Date.now() - started,
    seeds,
    corpus: corpus.entries.length,
    features: corpus.features,
    coveredBlocks,
    meanBytes: Math.round(
      corpus.entries.reduce((n, e) => n + e.data.length, 0) / Math.max(1, corpus.entries.length),
    ),
    findings,
    samples,
  };
}
