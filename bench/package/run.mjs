// npm run bench:package — bundles the TypeScript bench with esbuild and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, '.bench-out', 'package');
await build({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  external: ['electron'],
  logLevel: 'warning',
  entryPoints: {
    'package.bench': path.join(root, 'bench/package/package.bench.ts'),
    'build-child': path.join(root, 'bench/package/build-child.ts'),
  },
  outdir: out,
  outExtension: { '.js': '.cjs' },
});
const r = spawnSync(process.execPath, [path.join(out, 'package.bench.cjs')], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
