import { z } from 'zod';
import { defineJob, defineRoute, Ok } from './route';

/**
 * Local import of `.ocs` files (issue 6).
 * - `server`: the file is POSTed unchanged to the OCS communication server, then every computer is
 *   verified in the database (the comm server's HTTP 200 is not proof).
 * - `offline`: OCS Desk writes the rows the comm server 2.8.1 would write, one transaction per file.
 */
export const ImportMode = z.enum(['server', 'offline']);
export type ImportMode = z.infer<typeof ImportMode>;

/**
 * Order in which files of one computer (same DEVICEID, or possible duplicates) are applied:
 * - `file`: input order (folders sorted by name), the default;
 * - `inventory-date`: oldest inventory first, by the date the agent wrote in it (HARDWARE/LASTDATE, the
 *   comm server's `hardware.LASTDATE`); files without one after the dated ones, in file order.
 */
export const ImportOrder = z.enum(['file', 'inventory-date']);
export type ImportOrder = z.infer<typeof ImportOrder>;

/**
 * Bounds of the import options, shared by the router, the CLI and the import panel.
 * Server mode's cap is the highest concurrency measured safe against the real comm server 2.8.1 on
 * fresh files (docs/import.md, "Server mode concurrency"); its HTTP timeout default leaves room for a
 * 20,000-software file on a loaded server (93-108 s measured).
 */
export const IMPORT_LIMITS = {
  offlineDefaultConcurrency: 4,
  offlineMaxConcurrency: 16,
  serverDefaultConcurrency: 1,
  serverMaxConcurrency: 1,
  timeoutSeconds: { default: 300, min: 5, max: 3600 },
} as const;

export const ImportRunInput = z
  .object({
    /** Absolute paths of files and folders (folders are walked recursively; only *.ocs / *.xml inside them). */
    paths: z.array(z.string().min(1).max(4096)).max(100_000).default([]),
    /** Files sent beforehand through `import.uploadBegin` / `uploadChunk` (web shell drag and drop). */
    uploadId: z.string().uuid().optional(),
    mode: ImportMode.default('offline'),
    /** Comm server URL for `server` mode; default: config LOCAL_URI_SERVER, else http://localhost:80/ocsinventory. */
    serverUrl: z.string().url().max(2048).optional(),
    /** Files handled at once. Default 1 in server mode (decision 5), 4 offline; server mode at most IMPORT_LIMITS.serverMaxConcurrency. */
    concurrency: z.number().int().min(1).max(IMPORT_LIMITS.offlineMaxConcurrency).optional(),
    /** Apply order of files of one computer (and possible duplicates): see ImportOrder. */
    order: ImportOrder.default('file'),
    /** Server mode: seconds to wait for the comm server's answer to one file (then the database is checked). */
    timeoutSeconds: z
      .number()
      .int()
      .min(IMPORT_LIMITS.timeoutSeconds.min)
      .max(IMPORT_LIMITS.timeoutSeconds.max)
      .optional(),
  })
  .refine((v) => v.paths.length > 0 || !!v.uploadId, {
    message: 'give paths or an uploadId',
    path: ['paths'],
  })
  .refine((v) => v.mode !== 'server' || (v.concurrency ?? 1) <= IMPORT_LIMITS.serverMaxConcurrency, {
    message: `${IMPORT_LIMITS.serverMaxConcurrency === 1 ? 'one file at a time' : `at most ${IMPORT_LIMITS.serverMaxConcurrency} files at once`} through the comm server (with more, the comm server 2.8.1 loses or rewrites computers); use offline mode to import faster`,
    path: ['concurrency'],
  });
export type ImportRunInput = z.input<typeof ImportRunInput>;

export const ImportFileStatus = z.enum(['imported', 'failed', 'skipped']);

export const ImportFileResult = z.object({
  /** Path as given or found in a folder (for uploads: the original file name). */
  path: z.string(),
  status: ImportFileStatus,
  deviceId: z.string().nullable(),
  /** `hardware.ID` after the import. */
  hardwareId: z.number().int().nullable(),
  /** `inserted` (new computer) or `updated` (same DEVICEID already there). */
  action: z.enum(['inserted', 'updated']).nullable(),
  /** Computers merged into this one by the duplicate rules (hardware IDs that were removed). */
  merged: z.array(z.number().int()).default([]),
  /** Stable short reason for a failure, e.g. `zlib-bomb`, `doctype-not-allowed`, `not-stored-after-200`. */
  reason: z.string().nullable(),
  /** Error code (shared/contract/errors.ts) and a readable message. */
  code: z.string().nullable(),
  message: z.string().nullable(),
  attempts: z.number().int().default(1),
  ms: z.number(),
});
export type ImportFileResult = z.infer<typeof ImportFileResult>;

export const ImportSummary = z.object({
  mode: ImportMode,
  imported: z.number().int(),
  failed: z.number().int(),
  /** Files never started because the job was cancelled. */
  notProcessed: z.number().int(),
  cancelled: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  files: z.array(ImportFileResult),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportReportFormat = z.enum(['json', 'csv']);

export const UPLOAD_LIMITS = {
  /** One chunk of base64 text. */
  maxChunkChars: 1_400_000,
  maxFileBytes: 64 * 1024 * 1024,
  maxUploadBytes: 1024 * 1024 * 1024,
  maxFiles: 20_000,
} as const;

export const importApi = {
  run: defineJob({ right: 'importInventory', input: ImportRunInput, result: ImportSummary }),
  /** JSON or CSV text of a finished import job's summary (export button, CLI --report). */
  report: defineRoute({
    right: 'importInventory',
    needsDb: false,
    input: z.object({ jobId: z.string(), format: ImportReportFormat }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  }),
  /** Drag and drop in the web shell: the browser has no paths, so files are uploaded into a temp dir. */
  uploadBegin: defineRoute({
    right: 'importInventory',
    needsDb: false,
    input: z.object({}).strict(),
    output: z.object({ uploadId: z.string() }),
  }),
  uploadChunk: defineRoute({
    right: 'importInventory',
    needsDb: false,
    input: z.object({
      uploadId: z.string().uuid(),
      /** Index of the file in this upload (0..maxFiles-1); the name is kept for the report. */
      fileIndex: z
        .number()
        .int()
        .min(0)
        .max(UPLOAD_LIMITS.maxFiles - 1),
      name: z.string().min(1).max(255),
      /** Byte offset of this chunk; chunks of one file arrive in order. */
      offset: z.number().int().min(0),
      base64: z.string().max(UPLOAD_LIMITS.maxChunkChars),
    }),
    output: z.object({ received: z.number().int() }),
  }),
  uploadDiscard: defineRoute({
    right: 'importInventory',
    needsDb: false,
    input: z.object({ uploadId: z.string().uuid() }),
    output: Ok,
  }),
};
