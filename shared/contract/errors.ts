import { z } from 'zod';

/** Every error the main process can send over the wire. Texts live in shared/i18n/<lang>/errors.json. */
export const ERROR_CODES = [
  'DB_UNREACHABLE',
  'DB_AUTH_FAILED',
  'DB_UNKNOWN_DATABASE',
  'DB_ACCESS_DENIED',
  'DB_SCHEMA_MISSING',
  'DB_SCHEMA_TOO_OLD',
  'DB_SCHEMA_TOO_NEW',
  'DB_PACKET_TOO_LARGE',
  'DB_AUTH_PLUGIN_UNSUPPORTED',
  'DB_CONNECTION_LOST',
  'DB_TOO_MANY_CONNECTIONS',
  'DB_REPLICA_UNAVAILABLE',
  'DB_TLS_FAILED',
  'DB_PASSWORD_SERVER_CHANGED',
  'DB_NOT_CONNECTED',
  'DB_QUERY_FAILED',
  'DB_QUERY_KILLED',
  'DB_DEADLOCK',
  'DB_TABLE_MISSING',
  'AUTH_REQUIRED',
  'AUTH_BAD_CREDENTIALS',
  'AUTH_PASSWORD_CHANGE_REQUIRED',
  'AUTH_WEAK_PASSWORD',
  'AUTH_PASSWORD_POLICY',
  'AUTH_TOO_MANY_ATTEMPTS',
  'FORBIDDEN',
  'OUTSIDE_PERIMETER',
  'DB_ACCOUNT_READ_ONLY',
  'VALIDATION_FAILED',
  'UNKNOWN_ROUTE',
  'NOT_FOUND',
  'CONFLICT',
  'JOB_CANCELLED',
  'JOB_NOT_FOUND',
  'JOB_BUSY',
  'TOOL_MISSING',
  'TOOL_FAILED',
  'FILE_INVALID',
  'FILE_NOT_FOUND',
  'FILE_ACCESS_DENIED',
  'DISK_FULL',
  'CERT_INVALID',
  'TLS_FAILED',
  'HTTP_FAILED',
  'SERVER_UNREACHABLE',
  'TIMEOUT',
  'RANGE_TOO_LARGE',
  'SHELL_ACCESS_DENIED',
  'SHELL_UNREACHABLE',
  'INTERNAL',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/** Wire shape of an error: no stack, ever. The correlation id matches the main-process log line. */
export const WireError = z.object({
  code: ErrorCode,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  correlationId: z.string(),
  fields: z.array(FieldError).optional(),
});
export type WireError = z.infer<typeof WireError>;
export type ErrorParams = WireError['params'];
