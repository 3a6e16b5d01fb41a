import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';
import { bootScript } from './scripts/vite-boot-script';

// The renderer: built once, served by Electron's app:// protocol or by the loopback web shell.
export default defineConfig({
  root: path.resolve(__dirname, 'src-renderer'),
  base: '/',
  plugins: [react(), bootScript(path.resolve(__dirname, 'src-renderer'))],
  resolve: { alias: { '@shared': path.resolve(__dirname, 'shared') } },
  build: {
    outDir: path.resolve(__dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  server: { host: '127.0.0.1' },
});
