import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import type { ErrorCode, ErrorParams, FieldError, WireError } from '../../shared/contract/errors';

/** The one error type services throw: a code the admin can act on, plus parameters for the message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly fields?: FieldError[];

  constructor(
    code: ErrorCode,
    params: ErrorParams = {},
    options?: { cause?: unknown; fields?: FieldError[] },
  ) {
    super(`${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`, {
      cause: options?.cause,
    });
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.fields = options?.fields;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function fieldsFromZod(e: ZodError): FieldError[] {
  return e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function validationError(e: ZodError): AppError {
  const fields = fieldsFromZod(e);
  const first = fields[0];
  return new AppError(
    'VALIDATION_FAILED',
    { field: first?.path ?? '', detail: first?.message ?? 'invalid input' },
    { cause: e, fields },
  );
}

export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}

/** Wire form: code, params, correlation id. Unknown errors become INTERNAL (the stack stays in the log). */
export function toWire(e: unknown, correlationId: string): WireError {
  if (e instanceof AppError) {
    return { code: e.code, params: e.params, correlationId, ...(e.fields ? { fields: e.fields } : {}) };
  }
  if (e instanceof ZodError) return toWire(validationError(e), correlationId);
  return { code: 'INTERNAL', params: {}, correlationId };
}
