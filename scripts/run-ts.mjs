// Runs a TypeScript entry point: bundles it with esbuild (dependencies stay external) into a temp .cjs
// file, then runs that with node. Usage: node scripts/run-ts.mjs <file.ts> [args...]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs <file.ts> [args...]\n');
  process.exit(2);
}
const abs = path.resolve(entry);
// Inside the repo so that the external packages resolve from node_modules.
const outDir = path.resolve('node_modules/.cache/run-ts');
const out = path.join(
  outDir,
  `run-${createHash('sha1').update(abs).digest('hex').slice(0, 10)}-${process.pid}.cjs`,
);
await build({
  entryPoints: [abs],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: out,
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const child = spawn(process.execPath, ['--enable-source-maps', out, ...args], { stdio: 'inherit' });
const forward = (sig) => child.kill(sig);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  rmSync(out, { force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
