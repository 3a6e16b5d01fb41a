import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const REPO = path.resolve(import.meta.dirname, '../..');

/**
 * Runs `ocs-desk <args>` from its TypeScript sources (scripts/run-ts.mjs), as an admin's shell would:
 * the exit code and both streams, never a throw. `env` adds to this process's environment.
 */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['scripts/run-ts.mjs', 'src-main/cli/index.ts', ...args],
      { cwd: REPO, env: { ...process.env, ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
