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
// `node bench/import/run.mjs [other.ts] [args...]`: another entry of this folder (offline-profile.ts).
const argv = process.argv.slice(2);
const entry = argv[0]?.endsWith('.ts') ? path.resolve(argv.shift()) : path.join(here, 'import.bench.ts');
const out = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: out,
  logLevel: 'warning',
});
// The bundle lives under node_modules (a symlink in a worktree): tell it where ../shared is.
const env = {
  ...process.env,
  OCS_SHARED_DIR: process.env.OCS_SHARED_DIR ?? path.resolve(here, '../../../shared'),
};
const r = spawnSync(
  process.execPath,
  [...(process.env.OCS_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), out, ...argv],
  {
    stdio: 'inherit',
    env,
  },
);
process.exit(r.status ?? 1);
