import { z } from 'zod';
import { ComputerSelection } from './computers';
import { defineJob, defineRoute } from './route';

/**
 * Export of computers as inventory files (issue 20): `.ocs` (zlib-compressed XML, as agents send),
 * plain `.xml` (the same document), `json` (the same data, one document per computer) and `jsonl`
 * (one JSON document per line in one file). The `.ocs`/`.xml` files are what the comm server and
 * OCS Desk's own import accept (docs/export.md).
 *
 * Right: `browse`. The rights catalogue (route.ts) lists export among what any operator may do, and
 * an inventory file holds nothing the same operator cannot already read on the computer's detail page
 * (sections, software, admin data) within its TAG perimeter (the service goes through ctx.scope). The
 * files are written on the operator's own machine (main process): nothing in the database changes, so
 * `importInventory` (writing inventories into the database) would be the wrong gate.
 */
export const ExportFormat = z.enum(['ocs', 'xml', 'json', 'jsonl']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** One computer's file: the three per-computer formats (JSON Lines is for many computers). */
export const SingleExportFormat = ExportFormat.exclude(['jsonl']);
export type SingleExportFormat = z.infer<typeof SingleExportFormat>;

/** `folder`: one file per computer in the folder (created if needed); `zip`: one zip file; jsonl is one file. */
export const ExportPackaging = z.enum(['folder', 'zip']);
export type ExportPackaging = z.infer<typeof ExportPackaging>;

/** A zip is built in memory by adm-zip: above this, export to a folder (streamed, constant memory). */
export const ZIP_MAX_COMPUTERS = 2_000;

/** An absolute path on the machine that runs OCS Desk's main process. */
const FilePath = z
  .string()
  .trim()
  .min(1, 'required')
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'an absolute path');

export const ExportRunInput = z.object({
  selection: ComputerSelection,
  format: ExportFormat.default('ocs'),
  /** Ignored for jsonl (always one file). */
  packaging: ExportPackaging.default('folder'),
  /** The folder (folder packaging) or the file (zip, jsonl). */
  path: FilePath,
  /** An existing file of the same name is replaced only when true (else CONFLICT for zip/jsonl, skipped in a folder). */
  overwrite: z.boolean().default(false),
});
export type ExportRunInput = z.input<typeof ExportRunInput>;

export const ExportSummary = z.object({
  path: z.string(),
  format: ExportFormat,
  packaging: z.enum(['folder', 'zip', 'file']),
  /** Computers written. */
  computers: z.number().int(),
  /** Files that already existed in the folder and were kept (overwrite off). */
  skipped: z.array(z.string()),
  bytes: z.number().int(),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const exportApi = {
  /** One computer's file as base64 (the detail page downloads it; a few MB at most). */
  computer: defineRoute({
    right: 'browse',
    input: z.object({ id: z.number().int().positive(), format: SingleExportFormat.default('ocs') }),
    output: z.object({
      fileName: z.string(),
      mime: z.string(),
      base64: z.string(),
      bytes: z.number().int(),
    }),
  }),
  /** A selection or a search result, streamed page by page to files; progress and cancel as a job. */
  run: defineJob({ right: 'browse', input: ExportRunInput, result: ExportSummary }),
};
