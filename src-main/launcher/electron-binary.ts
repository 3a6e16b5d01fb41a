import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron executable, or null when it is not installed: `electron` is an optional dependency, so
 * `npm install` succeeds where its binary cannot be downloaded (the package is then absent, or present
 * without `dist/` when ELECTRON_SKIP_BINARY_DOWNLOAD was set, and its index.js throws).
 */
export function electronBinary(projectRoot: string): string | null {
  try {
    const p = createRequire(`${projectRoot}/package.json`)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
