// The hang guard: the target runs in a worker thread with its own coverage session; an input that gets
// no answer within the budget is a hang finding and the worker is terminated (then started again).
// A worker that dies (uncaught error, out of its heap limit) is a crash finding.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { Coverage, type ScriptFilter } from './coverage';
import type { Execution, Executor } from './runner';

export interface WorkerTarget {
  /** Returns when the input was handled as designed; throws a finding otherwise. */
  run(input: Buffer): Promise<void> | void;
  filter: ScriptFilter;
}

interface Answer {
  ready?: true;
  error?: string;
  features?: string[];
  coveredBlocks?: number;
}

/** Worker side: serves inputs of the target named in workerData. */
export function serveTarget(make: (data: unknown) => WorkerTarget): void {
  const port = parentPort!;
  const target = make(workerData);
  const coverage = new Coverage(target.filter);
  coverage.start();
  coverage.take();
  port.on('message', (input: Uint8Array) => {
    void (async () => {
      let error: string | undefined;
      try {
        await target.run(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
      } catch (e) {
        error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      }
      const answer: Answer = { error, features: coverage.take(), coveredBlocks: coverage.coveredBlocks };
      port.postMessage(answer);
    })();
  });
  port.postMessage({ ready: true } satisfies Answer);
}

/** Main side: one worker at a time, each input under a time budget. */
export class WorkerExecutor implements Executor {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private coveredBlocks = 0;

  constructor(
    private readonly file: string,
    private readonly data: unknown,
    private readonly hangMs: number,
    private readonly heapMb = 512,
  ) {}

  private spawn(): Worker {
    const w = new Worker(this.file, {
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    this.ready = new Promise((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    });
    this.worker = w;
    return w;
  }

  async run(input: Buffer): Promise<Execution> {
    const w = this.worker ?? this.spawn();
    await this.ready;
    return new Promise((resolve) => {
      const end = (e: Execution, stop: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (stop) {
          this.worker = null;
          void w.terminate();
        }
        resolve(e);
      };
      const died = (message: string): Execution => ({
        finding: { kind: 'crash', message },
        features: [],
        coveredBlocks: this.coveredBlocks,
      });
      const onMessage = (a: Answer) => {
        this.coveredBlocks = Math.max(this.coveredBlocks, a.coveredBlocks ?? 0);
        const finding = a.error ? { kind: 'crash' as const, message: a.error } : null;
        end({ finding, features: a.features ?? [], coveredBlocks: this.coveredBlocks }, false);
      };
      const onError = (e: Error) => end(died(`worker died: ${e.stack ?? e.message}`), true);
      const onExit = (code: number) => end(died(`worker exited with code ${code}`), true);
      const timer = setTimeout(
        () =>
          end(
            {
              finding: { kind: 'hang', message: `hang: no answer in ${this.hangMs} ms` },
              features: [],
              coveredBlocks: this.coveredBlocks,
            },
            true,
          ),
        this.hangMs,
      );
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      w.postMessage(input);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
