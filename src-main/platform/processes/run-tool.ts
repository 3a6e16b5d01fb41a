import { spawn } from 'node:child_process';
import { AppError } from '../errors';

/** How to install a tool on each OS; shown as the TOOL_MISSING hint. */
export interface InstallHints {
  linux?: string;
  darwin?: string;
  win32?: string;
  other?: string;
}

export interface RunToolOptions {
  /** Program name or path; never interpreted by a shell. */
  tool: string;
  args: readonly string[];
  signal?: AbortSignal;
  /** Kill the process after this many ms (TIMEOUT, unless `timeoutIsResult`). */
  timeoutMs?: number;
  /** Kill the process when stdout + stderr exceed this many bytes (TOOL_FAILED). Default 16 MiB. */
  maxOutputBytes?: number;
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: readonly number[];
  /** On timeout, resolve with what was read and `timedOut: true` instead of throwing. */
  timeoutIsResult?: boolean;
  installHints?: InstallHints;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
}

export interface RunToolResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
}

export function installHintFor(hints: InstallHints | undefined, tool: string): string {
  const p = process.platform;
  const h = (p === 'linux' || p === 'darwin' || p === 'win32' ? hints?.[p] : undefined) ?? hints?.other;
  return h ?? `Install "${tool}" and make sure it is on the PATH.`;
}

/** Grace period between SIGTERM and SIGKILL when a run is cancelled or times out. */
const KILL_GRACE_MS = 1500;

/**
 * Runs a program with an argument array (no shell), collecting its output.
 * - ENOENT → TOOL_MISSING with an install hint for this OS;
 * - abort signal → the process is killed and the promise rejects with JOB_CANCELLED;
 * - timeout → killed, TIMEOUT (or a result with `timedOut` when `timeoutIsResult`);
 * - output larger than `maxOutputBytes` → killed, TOOL_FAILED;
 * - exit code not in `okExitCodes` → TOOL_FAILED with the end of stderr.
 */
export function runTool(opts: RunToolOptions): Promise<RunToolResult> {
  const max = opts.maxOutputBytes ?? 16 * 1024 * 1024;
  const okCodes = opts.okExitCodes ?? [0];
  return new Promise<RunToolResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new AppError('JOB_CANCELLED'));
      return;
    }
    const child = spawn(opts.tool, [...opts.args], {
      shell: false,
      windowsHide: true,
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    let timedOut = false;
    let stopReason: AppError | null = null;
    let killTimer: NodeJS.Timeout | null = null;

    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const onAbort = () => {
      stopReason ??= new AppError('JOB_CANCELLED');
      kill();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      opts.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            if (!opts.timeoutIsResult) {
              stopReason ??= new AppError('TIMEOUT', {
                what: opts.tool,
                seconds: Math.round(opts.timeoutMs! / 1000),
              });
            }
            kill();
          }, opts.timeoutMs)
        : null;

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        stopReason ??= new AppError('TOOL_FAILED', {
          tool: opts.tool,
          detail: `output larger than ${max} bytes`,
        });
        kill();
        return;
      }
      into.push(chunk);
    };
    child.stdout!.on('data', collect(out));
    child.stderr!.on('data', collect(err));
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);

    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };

    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(() => {
        if (e.code === 'ENOENT') {
          reject(
            new AppError(
              'TOOL_MISSING',
              { tool: opts.tool, install: installHintFor(opts.installHints, opts.tool) },
              { cause: e },
            ),
          );
        } else if (e.code === 'EACCES') {
          reject(new AppError('TOOL_FAILED', { tool: opts.tool, detail: 'permission denied' }, { cause: e }));
        } else {
          reject(new AppError('TOOL_FAILED', { tool: opts.tool, detail: e.message }, { cause: e }));
        }
      });
    });
    child.on('close', (code) => {
      if (killTimer) clearTimeout(killTimer);
      finish(() => {
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        if (stopReason) return reject(stopReason);
        if (timedOut) return resolve({ stdout, stderr, exitCode: code, timedOut: true });
        if (code === null || !okCodes.includes(code)) {
          const detail = (stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`).slice(0, 400);
          return reject(new AppError('TOOL_FAILED', { tool: opts.tool, detail, exitCode: code }));
        }
        resolve({ stdout, stderr, exitCode: code, timedOut: false });
      });
    });
  });
}
