import type { z } from 'zod';
import { flattenContract, type AnyDef, type JobDef, type RouteDef } from '../../../shared/contract';
import type { WireError } from '../../../shared/contract/errors';
import type { DbHandle } from '../db/connect';
import { looksLikeDbError, mapDbError } from '../db/mysql-errors';
import { AppError, isAppError, newCorrelationId, toWire, validationError } from '../errors';
import type { JobControl, JobRunner } from '../jobs/job-runner';
import { ownerKey } from '../events/event-bus';
import { log } from '../log/logger';
import { mayWrite } from '../db/grants';
import { BROWSE_WRITES } from '../ocs/console-tables';
import { operatorScope, wholeFleetScope, type Scope } from '../ocs/scope';
import type { Right } from '../../../shared/contract/route';
import type { Operator, Session } from './session';

export type Door = 'electron' | 'web' | 'cli' | 'test';

export interface CallContext {
  readonly session: Session;
  readonly door: Door;
  readonly correlationId: string;
  /** The session's DB; throws DB_NOT_CONNECTED when there is none. */
  readonly db: DbHandle;
  readonly operator: Operator | null;
  /** The route's name, e.g. `computers.list`. */
  readonly route: string;
  /**
   * The operator's perimeter over computers (TAG restriction, groups excluded), computed once per
   * call on first use. Every repository function that returns or touches computer rows requires it.
   */
  readonly scope: Promise<Scope>;
  /**
   * The named whole-fleet scope for internal system work (import, whole-fleet clean-ups): only an
   * operator allowed to write everything, with no TAG restriction, obtains it; others get FORBIDDEN.
   */
  wholeFleet(): Promise<Scope>;
}

export interface JobContext extends CallContext, JobControl {}

type Awaitable<T> = T | Promise<T>;
export type Handler<D> =
  D extends RouteDef<infer I, infer O>
    ? (input: z.output<I>, ctx: CallContext) => Awaitable<z.input<O>>
    : D extends JobDef<infer I, infer R>
      ? (input: z.output<I>, ctx: JobContext) => Promise<z.input<R>>
      : never;
export type Handlers<C> = { [K in keyof C]: Handler<C[K]> };

/** Typed so that a route without a handler, or a handler with the wrong shape, does not compile. */
export function implement<C extends Record<string, AnyDef>>(
  _capability: C,
  handlers: Handlers<C>,
): Handlers<C> {
  return handlers;
}

export type RpcResult = { ok: true; data: unknown } | { ok: false; error: WireError };

/** Routes an operator may call while the default password must still be changed. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['auth.changePassword', 'auth.logout', 'auth.me']);

/** The whole fleet is for an operator who may configure everything (sadmin) without a TAG restriction. */
function mayWriteWholeFleet(op: Operator | null): boolean {
  return !!op && op.rights.includes('configure') && op.tags === null;
}

/** Driver errors carry these; anything else unknown is INTERNAL. */
/**
 * The one router behind the three doors (Electron IPC, web shell, CLI):
 * look up → rights check (operator re-read before a write) → DB check → validate input → call → check output (dev/tests) → map errors.
 */
export class Router {
  private readonly defs = flattenContract();
  private readonly handlers = new Map<string, (input: unknown, ctx: CallContext) => unknown>();

  constructor(
    impl: Record<string, Record<string, unknown>>,
    private readonly jobRunner: JobRunner,
    private readonly opts: {
      checkOutputs: boolean;
      /**
       * Re-reads the session operator's row (before every write route): throws AUTH_REQUIRED when it
       * was deleted, replaces `session.operator` when its profile, mapping or perimeter changed.
       */
      refreshOperator?: (session: Session) => Promise<void>;
    },
  ) {
    for (const [name] of this.defs) {
      const [cap, verb] = name.split('.') as [string, string];
      const fn = impl[cap]?.[verb];
      if (typeof fn !== 'function') throw new Error(`route ${name} has no handler`);
      this.handlers.set(name, fn as (input: unknown, ctx: CallContext) => unknown);
    }
  }

  routeNames(): string[] {
    return [...this.defs.keys()];
  }

  definition(name: string): AnyDef | undefined {
    return this.defs.get(name);
  }

  async call(name: string, rawInput: unknown, session: Session, door: Door): Promise<RpcResult> {
    const correlationId = newCorrelationId();
    try {
      const data = await this.dispatch(name, rawInput, session, door, correlationId);
      return { ok: true, data };
    } catch (e) {
      const err = this.normalise(e, session);
      if (err.code === 'INTERNAL' || err.code === 'DB_QUERY_FAILED') {
        log.error('route failed', { route: name, correlationId, error: e });
      } else {
        log.debug('route refused', { route: name, correlationId, code: err.code });
      }
      return { ok: false, error: toWire(err, correlationId) };
    }
  }

  /** Same as `call` but throws the AppError (CLI, tests, internal use). */
  async invoke(name: string, rawInput: unknown, session: Session, door: Door): Promise<unknown> {
    const r = await this.call(name, rawInput, session, door);
    if (r.ok) return r.data;
    throw new AppError(r.error.code, r.error.params, { fields: r.error.fields });
  }

  private checkRight(op: Operator, right: Right, route: string, session: Session): void {
    if (op.rights.includes(right)) return;
    // The profile allows it but the DB account may not write: say so, not "your profile".
    if (op.refusedByDb.includes(right))
      throw new AppError('DB_ACCOUNT_READ_ONLY', { route, right, account: session.dbAccount });
    throw new AppError('FORBIDDEN', { route, right });
  }

  /**
   * A route that writes, on a DB account whose grants do not allow it, is refused before any SQL:
   * browse routes need one of their own tables writable, every other one write grants on the database.
   */
  private checkDbAccess(def: AnyDef, route: string, session: Session): void {
    if (!def.writes) return;
    const access = session.db?.access;
    if (!access || access.writeAll) return;
    const need = def.right === 'browse' ? BROWSE_WRITES[route] : undefined;
    if (need && need.tables.some((t) => mayWrite(access, t, need.only))) return;
    throw new AppError('DB_ACCOUNT_READ_ONLY', { route, right: def.right, account: session.dbAccount });
  }

  private normalise(e: unknown, session: Session): AppError {
    if (isAppError(e)) return e;
    if (e && typeof e === 'object' && 'issues' in e) return validationError(e as z.ZodError);
    if (looksLikeDbError(e)) return mapDbError(e, session.db?.target);
    return new AppError('INTERNAL', {}, { cause: e });
  }

  private async dispatch(
    name: string,
    rawInput: unknown,
    session: Session,
    door: Door,
    correlationId: string,
  ): Promise<unknown> {
    const def = this.defs.get(name);
    const handler = this.handlers.get(name);
    if (!def || !handler) throw new AppError('UNKNOWN_ROUTE', { route: name });

    // Rights first: a caller without the right learns nothing about the input it sent.
    if (def.right !== 'public') {
      const op = session.operator;
      if (!op) throw new AppError('AUTH_REQUIRED', { route: name });
      if (op.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(name)) {
        throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', { login: op.id });
      }
      this.checkRight(op, def.right, name, session);
      this.checkDbAccess(def, name, session);
      // A write goes by the operator's row as it is now, not as it was at login.
      if (def.writes && op.origin === 'login' && session.db && this.opts.refreshOperator) {
        await this.opts.refreshOperator(session);
        const now = session.operator;
        if (!now) throw new AppError('AUTH_REQUIRED', { route: name });
        this.checkRight(now, def.right, name, session);
      }
    }
    if (def.needsDb && !session.db) throw new AppError('DB_NOT_CONNECTED');

    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw validationError(parsed.error);

    const dbOf = (): DbHandle => {
      if (!session.db) throw new AppError('DB_NOT_CONNECTED');
      return session.db;
    };
    const operator = session.operator;
    let scope: Promise<Scope> | null = null;
    const ctx: CallContext = {
      session,
      door,
      correlationId,
      route: name,
      operator,
      get db(): DbHandle {
        return dbOf();
      },
      get scope(): Promise<Scope> {
        scope ??= operatorScope(dbOf().knex, operator);
        return scope;
      },
      wholeFleet: async () => {
        if (!mayWriteWholeFleet(operator)) throw new AppError('FORBIDDEN', { route: name });
        return wholeFleetScope(dbOf().knex);
      },
    };

    if (def.kind === 'job') {
      const jobId = this.jobRunner.start({
        route: name,
        sessionId: session.id,
        operatorId: ownerKey(operator),
        run: async (ctl) => {
          const jobCtx: JobContext = Object.assign(Object.create(ctx) as CallContext, ctl) as JobContext;
          try {
            const result = await handler(parsed.data, jobCtx);
            return this.opts.checkOutputs ? def.result.parse(result) : result;
          } catch (e) {
            throw this.normalise(e, session);
          }
        },
      });
      return { jobId };
    }

    const out = await handler(parsed.data, ctx);
    if (!this.opts.checkOutputs) return out;
    const checked = def.output.safeParse(out);
    if (!checked.success) {
      log.error('route output does not match its schema', {
        route: name,
        correlationId,
        issues: checked.error.issues,
      });
      throw new AppError('INTERNAL');
    }
    return checked.data;
  }
}
