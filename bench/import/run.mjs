// Bundles the import benchmark with esbuild and runs it (node_modules resolved from the repo).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Inside the repo so that bare imports resolve to its node_modules.
const outDir = path.resolve(here, '../../node_modules/.cache/ocs-bench-import');
mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, 'bench.mjs');
await build({ entryPoints: [path.join(here, 'import.bench.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'warning' });
const r = spawnSync(process.execPath, [out, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
