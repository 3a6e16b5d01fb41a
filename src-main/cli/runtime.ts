import type { ZodError } from 'zod';
import type { ErrorCode } from '../../shared/contract/errors';
import { Right } from '../../shared/contract/route';
import { formatErrorEn } from '../../shared/i18n/format-error';
import { composeApp, type App } from '../app/compose';
import { AppError, validationError } from '../platform/errors';
import { configureLogger } from '../platform/log/logger';
import { Session } from '../platform/rpc/session';
import type { JobResult, RouteInput, RouteName, RouteOutput } from '../../shared/contract';
import type { JobInfo } from '../../shared/contract/jobs';
import { openDb } from '../platform/db/connect';
import { resolveConnection, type DbFlags } from './db-options';

declare const flagsBrand: unique symbol;
/**
 * Values straight from command-line flags (strings until checked). The router validates every input
 * against the contract, so a bad flag gets a clear VALIDATION_FAILED; this names the one place the
 * CLI passes an input the compiler has not checked.
 */
export type FlagInput = { readonly [flagsBrand]: true };
export function fromFlags(values: object): FlagInput {
  return values as FlagInput;
}

/** Exit codes by error class, so scripts can tell a bad flag from a DB outage. */
export function exitCodeFor(code: ErrorCode): number {
  if (code === 'VALIDATION_FAILED' || code === 'UNKNOWN_ROUTE') return 2;
  if (code.startsWith('AUTH_') || code === 'FORBIDDEN' || code === 'DB_ACCOUNT_READ_ONLY') return 4;
  if (code.startsWith('DB_')) return 3;
  if (code.startsWith('FILE_') || code === 'DISK_FULL') return 5;
  if (code === 'TOOL_MISSING' || code === 'TOOL_FAILED') return 6;
  if (code === 'JOB_CANCELLED') return 130;
  return 1;
}

/** How a job shows its progress on stderr: a rewritten status line, one line per new note, or nothing. */
export type ProgressStyle = 'bar' | 'lines' | 'none';

export interface CliRuntime {
  app: App;
  session: Session;
  /** Calls a route through the signature the renderer uses: name, input and output from the contract. */
  call<N extends RouteName>(route: N, input: RouteInput<N> | FlagInput): Promise<RouteOutput<N>>;
  /** Starts a job route, shows its progress on stderr, returns its result or throws its error. */
  runJob<N extends RouteName>(
    route: N,
    input: RouteInput<N> | FlagInput,
    progress?: ProgressStyle,
  ): Promise<JobResult<N>>;
  /** Opens the session's DB from the flags (or `--profile`), keeping the CLI operator. */
  connect(flags: DbFlags): Promise<void>;
  close(): Promise<void>;
}

function progressLine(p: JobInfo): string {
  const count = p.total
    ? ` ${p.done}/${p.total} (${Math.floor((100 * p.done) / p.total)}%)`
    : p.done
      ? ` ${p.done}`
      : '';
  return `${p.note ?? p.state}${count}`;
}

/** The CLI door: same router, a session whose operator is the local admin holding the DB credentials. */
export function createCliRuntime(): CliRuntime {
  configureLogger({ level: (process.env.OCS_DESK_LOG_LEVEL as 'debug' | undefined) ?? 'warn' });
  const app = composeApp();
  const session = new Session();
  session.operator = {
    id: 'cli',
    profile: null,
    rights: Right.options,
    refusedByDb: [],
    mustChangePassword: false,
    tags: null,
    origin: 'local',
  };
  const call = async <N extends RouteName>(route: N, input: RouteInput<N> | FlagInput) =>
    (await app.router.invoke(route, input, session, 'cli')) as RouteOutput<N>;
  return {
    app,
    session,
    call,
    async runJob<N extends RouteName>(
      route: N,
      input: RouteInput<N> | FlagInput,
      progress: ProgressStyle = process.stderr.isTTY ? 'bar' : 'lines',
    ) {
      const { jobId } = (await app.router.invoke(route, input, session, 'cli')) as { jobId: string };
      let last = '';
      const off = app.bus.subscribe((e) => {
        if (
          progress === 'none' ||
          e.topic !== 'job' ||
          e.payload.jobId !== jobId ||
          e.payload.state !== 'running'
        )
          return;
        if (progress === 'bar') {
          const line = progressLine(e.payload);
          if (line !== last) process.stderr.write(`\r${line.slice(0, 150).padEnd(last.length)}`);
          last = line;
        } else if (e.payload.note && e.payload.note !== last) {
          process.stderr.write(`${progressLine(e.payload)}\n`);
          last = e.payload.note;
        }
      });
      try {
        const info = await app.jobs.wait(jobId);
        if (info.state === 'succeeded') return info.result as JobResult<N>;
        const err = info.error;
        throw err ? new AppError(err.code, err.params, { fields: err.fields }) : new AppError('INTERNAL');
      } finally {
        off();
        if (progress === 'bar' && last) process.stderr.write('\n');
      }
    },
    async connect(flags: DbFlags) {
      const { primary, replica } = await resolveConnection(flags);
      const op = session.operator;
      await session.setDb(await openDb(primary, replica));
      session.operator = op;
    },
    close: async () => {
      app.jobs.cancelAll();
      await session.dispose();
    },
  };
}

/** Prints an error the way the UI shows it (message + hint), returns the exit code. */
export function reportCliError(e: unknown): number {
  let err: AppError;
  if (e instanceof AppError) err = e;
  else if (e && typeof e === 'object' && 'issues' in e) err = validationError(e as ZodError);
  else err = new AppError('INTERNAL', {}, { cause: e });
  const { message, hint } = formatErrorEn(err.code, err.params);
  process.stderr.write(`error: ${message}\n  hint: ${hint}\n`);
  if (err.code === 'INTERNAL' && e instanceof Error) process.stderr.write(`  detail: ${e.message}\n`);
  return exitCodeFor(err.code);
}

/** Runs a command body with a runtime, maps errors to exit codes, always closes the pools. */
export async function runCommand(body: (rt: CliRuntime) => Promise<number | void>): Promise<void> {
  const rt = createCliRuntime();
  let code = 0;
  const onSigint = () => rt.app.jobs.cancelAll();
  process.on('SIGINT', onSigint);
  try {
    code = (await body(rt)) ?? 0;
  } catch (e) {
    code = reportCliError(e);
  } finally {
    process.off('SIGINT', onSigint);
    await rt.close();
  }
  process.exitCode = code;
}
