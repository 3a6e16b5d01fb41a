import { z } from 'zod';

/**
 * Who may call a route. Checked by the main-process router on every call:
 * - `public`: no operator needed (connect to a DB, log in);
 * - `user`: any logged-in operator (browse and search);
 * - `admin`: an Administrator (change config, deploy, delete, merge, import, manage operators).
 */
export const Role = z.enum(['public', 'user', 'admin']);
export type Role = z.infer<typeof Role>;

/** Operator roles (a session's operator never has role `public`). */
export const OperatorRole = z.enum(['user', 'admin']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export interface RouteDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'route';
  readonly role: Role;
  readonly input: I;
  readonly output: O;
  /** A route that needs an open DB connection (most of them). */
  readonly needsDb: boolean;
}

/** A long job: the call returns `{ jobId }` at once; progress and the result come as `job` events. */
export interface JobDef<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'job';
  readonly role: Role;
  readonly input: I;
  readonly result: R;
  readonly needsDb: boolean;
}

export type AnyDef = RouteDef | JobDef;

export function defineRoute<I extends z.ZodType, O extends z.ZodType>(def: {
  role: Role;
  input: I;
  output: O;
  needsDb?: boolean;
}): RouteDef<I, O> {
  return { kind: 'route', needsDb: def.role !== 'public', ...def };
}

export function defineJob<I extends z.ZodType, R extends z.ZodType>(def: {
  role: Role;
  input: I;
  result: R;
  needsDb?: boolean;
}): JobDef<I, R> {
  return { kind: 'job', needsDb: def.role !== 'public', ...def };
}

export const JobStarted = z.object({ jobId: z.string() });
export type JobStarted = z.infer<typeof JobStarted>;

/** A page of rows from a server-side paginated query. */
export function Page<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row), total: z.number().int().nonnegative() });
}

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
