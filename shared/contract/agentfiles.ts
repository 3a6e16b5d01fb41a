import { z } from 'zod';
import { defineRoute, Empty, Ok } from './route';

/**
 * Agent files for automatic deployment: rows of the `deploy` table (NAME, CONTENT), served by the comm
 * server at `/ocsinventory/deploy/<NAME>` when config DEPLOY=1. The `label` row belongs to the Label
 * editor and is never listed, replaced or deleted here.
 */

/** The reserved row (NAME is utf8_general_ci: compared case-insensitively). */
export const LABEL_ROW = 'label';

/** Bytes kept for the SQL text of the INSERT besides the file content. */
export const STATEMENT_OVERHEAD_BYTES = 4096;

/**
 * The largest file the server accepts in one INSERT: the content travels as hex text (two characters per
 * byte) inside one statement, which must fit in max_allowed_packet. 0 when the packet size is unknown.
 */
export function maxAgentFileBytes(maxAllowedPacket: number): number {
  if (maxAllowedPacket <= 0) return 0;
  return Math.max(0, Math.floor((maxAllowedPacket - STATEMENT_OVERHEAD_BYTES) / 2));
}

/** A deploy NAME: the last part of the URL, so no slash; never the label row. */
export const AgentFileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine(
    (n) => !/[/\\]/.test(n) && ![...n].some((ch) => ch.charCodeAt(0) < 32),
    'a file name without slashes or control characters',
  )
  .refine((n) => n !== '.' && n !== '..', 'a file name, not . or ..')
  .refine((n) => n.toLowerCase() !== LABEL_ROW, 'the label row is edited on the Label page');

export const AgentFile = z.object({ name: z.string(), size: z.number().int().nonnegative() });
export type AgentFile = z.infer<typeof AgentFile>;

export const AgentFilesList = z.object({
  files: z.array(AgentFile),
  /** config DEPLOY IVALUE, null when there is no row (the comm server then uses its Apache setting, off by default). */
  deployValue: z.number().int().nullable(),
  /** config PROXY_REVALIDATE_DELAY IVALUE (Cache-Control of served files), null when there is no row. */
  revalidateDelay: z.number().int().nullable(),
  /** The server's max_allowed_packet in bytes (0 when unknown). */
  maxAllowedPacket: z.number().int().nonnegative(),
  /** Largest file that fits (see maxAgentFileBytes), also bounded by the upload limit; 0 when unknown. */
  maxFileBytes: z.number().int().nonnegative(),
});
export type AgentFilesList = z.infer<typeof AgentFilesList>;

export const AgentFileAddInput = z
  .object({
    /** Stored NAME; default: the file name of the path or of the uploaded file. */
    name: AgentFileName.optional(),
    /** A file on the machine running OCS Desk's main process. */
    path: z.string().min(1).max(4096).optional(),
    /** One file sent beforehand through `import.uploadBegin` / `uploadChunk` (web shell and Electron). */
    uploadId: z.string().uuid().optional(),
  })
  .refine((v) => !!v.path !== !!v.uploadId, { message: 'give a path or an uploadId', path: ['path'] });
export type AgentFileAddInput = z.input<typeof AgentFileAddInput>;

export const agentfiles = {
  list: defineRoute({ right: 'browse', input: Empty, output: AgentFilesList }),
  /** Adds a file, or replaces the file of the same name (delete then insert, one transaction). */
  add: defineRoute({
    right: 'configure',
    input: AgentFileAddInput,
    output: AgentFile.extend({ replaced: z.boolean() }),
  }),
  delete: defineRoute({ right: 'configure', input: z.object({ name: AgentFileName }), output: Ok }),
};
