// Coverage-guided fuzzing of the two readers of foreign input, the `.ocs` reader and the nmap XML
// reader (test/fuzz/targets.ts). Each target runs in a worker thread of this same bundle, under V8
// block coverage of the reader's own modules and a time budget per input (test/fuzz/worker.ts); an
// input that reaches a new block range or count bucket joins the corpus (test/fuzz/runner.ts). A
// finding (any error but the reader's own, a hang, a dead worker) is written to
// test-results/fuzz/<target>-<seed>.bin and replayed with --replay.
//
//   npm run fuzz -- --seconds 60 [--target ocs|nmap] [--seed N] [--hang-ms 5000] [--unguided]
//   npm run fuzz -- --target ocs --replay test-results/fuzz/ocs-123.bin
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { bundleModuleRanges } from './coverage';
import { fuzzLoop, type FoundInput, type RunStats } from './runner';
import { TARGET_NAMES, TARGETS, type TargetName } from './targets';
import { serveTarget, WorkerExecutor } from './worker';

interface WorkerData {
  target: TargetName;
  work: string;
}

function serve(): void {
  // This bundle itself: coverage counts in the reader's modules of it (esbuild marks each module).
  const self = pathToFileURL(__filename).href;
  const { target, work } = workerData as WorkerData;
  const def = TARGETS[target];
  const own = bundleModuleRanges(readFileSync(__filename, 'utf8'), (p) => def.modules.includes(p));
  if (!own.length) throw new Error(`fuzz: no module of ${target} found in ${__filename}`);
  serveTarget(() => ({ run: (input) => def.run(input, work), filter: (url) => (url === self ? own : null) }));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const opt = (name: string, def: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : def;
  };
  const seconds = Number(opt('seconds', '10'));
  const only = opt('target', 'all');
  const seed = argv.includes('--seed') ? Number(opt('seed', '0')) : Date.now() % 2 ** 31;
  const hangMs = Number(opt('hang-ms', '5000'));
  const replay = argv.includes('--replay') ? opt('replay', '') : null;
  const guided = !argv.includes('--unguided');
  if (only !== 'all' && !TARGET_NAMES.includes(only as TargetName))
    throw new Error(`fuzz: unknown --target ${only} (${TARGET_NAMES.join(', ')})`);
  if (replay !== null && only === 'all') throw new Error('fuzz: --replay needs --target');
  // npm runs scripts from the repository root; ../shared sits beside it (OCS_SHARED_DIR overrides).
  const root = process.cwd();
  const fixtures = path.join(process.env.OCS_SHARED_DIR ?? path.resolve(root, '../shared'), 'fixtures/ocs');
  const out = path.resolve('test-results/fuzz');
  const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-fuzz-'));
  const say = (s: string) => process.stdout.write(`${s}\n`);
  let ok = true;
  try {
    for (const name of TARGET_NAMES.filter((t) => only === 'all' || t === only)) {
      const def = TARGETS[name];
      const executor = new WorkerExecutor(__filename, { target: name, work } satisfies WorkerData, hangMs);
      try {
        if (replay !== null) {
          const e = await executor.run(readFileSync(replay));
          say(
            `fuzz ${name}: replay of ${replay}: ${e.finding ? `${e.finding.kind}: ${e.finding.message}` : 'no finding'}`,
          );
          ok = !e.finding && ok;
          continue;
        }
        let n = 0;
        const write = (f: FoundInput) => {
          mkdirSync(out, { recursive: true });
          const file = path.join(out, `${name}-${seed}${n++ ? `-${n}` : ''}.bin`);
          writeFileSync(file, f.input);
          say(
            `fuzz ${name}: FINDING (${f.kind}) at input ${f.exec}, seed ${seed}: ${f.message.slice(0, 400)}`,
          );
          say(`  input written to ${file}; replay with --target ${name} --replay ${file}`);
        };
        const stats = await fuzzLoop({
          seeds: def.seeds(root, fixtures),
          executor,
          seed,
          guided,
          pieces: def.pieces(root),
          recompress: def.recompress,
          until: Date.now() + seconds * 1000,
          sampleMs: Math.max(1000, (seconds * 1000) / 10),
          onFinding: write,
        });
        say(summary(name, stats, guided, seed));
        ok = !stats.findings.length && ok;
      } finally {
        await executor.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

function summary(name: string, s: RunStats, guided: boolean, seed: number): string {
  const secs = s.ms / 1000;
  const timeline = s.samples
    .map((p) => `${Math.round(p.ms / 1000)} s ${p.coveredBlocks}/${p.corpus}`)
    .join(', ');
  return (
    `fuzz ${name}: ${s.execs} inputs in ${secs.toFixed(1)} s (${(s.execs / secs).toFixed(0)}/s), ` +
    `${guided ? 'coverage-guided' : 'unguided'}, corpus ${s.corpus} (${s.seeds} seeds + ${s.corpus - s.seeds} found, mean ${s.meanBytes} bytes), ` +
    `${s.features} features, ${s.coveredBlocks} blocks covered, ` +
    `${s.findings.length ? `${s.findings.length} finding(s)` : 'no finding'} (seed ${seed})\n` +
    `  blocks/corpus over time: ${timeline || '-'}`
  );
}

if (isMainThread)
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
else serve();
