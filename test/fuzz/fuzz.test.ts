import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucket, bundleModuleRanges } from './coverage';
import { dictionaryFrom } from './mutators';
import { fuzzLoop } from './runner';
import { WorkerExecutor } from './worker';

// The toy worker is bundled like `npm run fuzz` bundles itself (esbuild, one .cjs file).
const dir = mkdtempSync(path.resolve('node_modules/.cache/fuzz-test-'));
const bundle = path.join(dir, 'toy-worker.cjs');
beforeAll(async () => {
  await build({
    entryPoints: [path.resolve('test/fuzz/toy-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    packages: 'external',
    logLevel: 'warning',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('coverage-guided fuzzing', () => {
  const pieces = dictionaryFrom([readFileSync('test/fuzz/toy-worker.ts', 'utf8')]);
  const run = async (guided: boolean) => {
    const executor = new WorkerExecutor(bundle, { toy: 'magic' }, 60_000);
    try {
      return await fuzzLoop({
        seeds: [Buffer.from('AAAAAAAAAAAA')],
        executor,
        seed: 42,
        guided,
        pieces,
        maxExecs: 5_000,
        stopOnFinding: true,
      });
    } finally {
      await executor.close();
    }
  };

  it('finds a nested magic-bytes branch that the unguided fuzzer does not, same seed and budget', async () => {
    const guided = await run(true);
    expect(guided.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('toy reader: magic reached'),
    ]);
    // Each comparison passed joined the corpus: the seed, then one parent per level.
    expect(guided.corpus).toBeGreaterThanOrEqual(3);
    const unguided = await run(false);
    expect(unguided.findings).toEqual([]);
    expect(unguided.execs).toBe(5_000);
    expect(unguided.corpus).toBe(1);
    expect(guided.coveredBlocks).toBeGreaterThan(unguided.coveredBlocks);
  });

  it('an input that never returns is a hang finding; the worker is replaced and the next input runs', async () => {
    const executor = new WorkerExecutor(bundle, { toy: 'hang' }, 2000);
    try {
      const hang = await executor.run(Buffer.from('HANG forever'));
      expect(hang.finding).toEqual({ kind: 'hang', message: 'hang: no answer in 2000 ms' });
      const next = await executor.run(Buffer.from('fine'));
      expect(next.finding).toBeNull();
      expect(next.features.length).toBeGreaterThan(0);
    } finally {
      await executor.close();
    }
  });

  it('a run stops at its first finding and returns the input that caused it', async () => {
    const executor = new WorkerExecutor(bundle, { toy: 'hang' }, 2000);
    try {
      const stats = await fuzzLoop({
        seeds: [Buffer.from('ok'), Buffer.from('HANG')],
        executor,
        seed: 1,
        guided: true,
        pieces: [],
        maxExecs: 10,
        stopOnFinding: true,
      });
      expect(stats.findings).toEqual([
        { kind: 'hang', message: 'hang: no answer in 2000 ms', input: Buffer.from('HANG'), exec: 2 },
      ]);
    } finally {
      await executor.close();
    }
  });
});

describe('coverage helpers', () => {
  it('buckets hit counts like AFL', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 127, 128, 1e6].map(bucket)).toEqual([
      0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
    ]);
  });

  it("finds a module's code in an esbuild bundle by its path line", () => {
    const src = 'var x;\n// src/a.ts\nfunction a() {}\n// src/b.ts\nfunction b() {}\n';
    const [range] = bundleModuleRanges(src, (p) => p === 'src/a.ts');
    expect(src.slice(...range!)).toBe('// src/a.ts\nfunction a() {}\n');
    expect(bundleModuleRanges(src, () => false)).toEqual([]);
  });

  it('takes dictionary tokens from string literals of the reader source', () => {
    const words = dictionaryFrom(["case 'portid': x === \"HARDWARE\"; 'a b'"]).map(String);
    expect(words).toEqual(expect.arrayContaining(['portid', '<portid>', '</HARDWARE>', ' HARDWARE="']));
    expect(words).not.toContain('a b');
  });
});
