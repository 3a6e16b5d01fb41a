// Bundles the main process, preload, web shell and CLI with esbuild.
// node_modules stay external (shipped as they are); the sandboxed preload is one self-contained CJS file.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
};

await build({
  ...common,
  packages: 'external',
  entryPoints: {
    'electron-main': 'src-main/electron/main.ts',
    'web-shell': 'src-main/web-shell/main.ts',
    cli: 'src-main/cli/index.ts',
    start: 'src-main/launcher/start.ts',
  },
  external: ['electron'],
});

await build({
  ...common,
  entryPoints: { preload: 'src-main/electron/preload.ts' },
  external: ['electron'],
  sourcemap: false,
});
