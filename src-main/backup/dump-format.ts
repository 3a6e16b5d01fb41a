import { z } from 'zod';
import { ManifestTable } from '../../shared/contract/backup';

/**
 * An OCS Desk backup is a plain SQL dump (gzip) the stock `mysql` client restores, with two comment
 * lines OCS Desk reads: a header at the top and the manifest at the very end. A file cut short (a
 * killed backup) has no manifest, so it never passes for a complete backup.
 */
export const HEADER_TAG = 'ocsdesk-header:';
export const MANIFEST_TAG = 'ocsdesk-manifest:';
export const COMPLETE_LINE = '-- OCS Desk backup complete';
/** Name of the table a restore writes first and drops last: while it exists, the restore is unfinished. */
export const RESTORE_MARKER = 'ocsdesk_restore_incomplete';

export const DumpHeader = z.object({
  format: z.literal(1),
  database: z.string(),
  charset: z.string(),
  collation: z.string(),
  server: z.string(),
  tool: z.enum(['builtin', 'mysqldump']),
  startedAt: z.string(),
  reason: z.string().nullable(),
  /**
   * Size of the largest statement in the file (bytes), written over the head once the dump is done;
   * null in a file cut short. Files from before it have none: their restore checks as it reads.
   */
  largestStatement: z.number().int().nullable().optional(),
});
export type DumpHeader = z.infer<typeof DumpHeader>;

export const Manifest = z.object({
  format: z.literal(1),
  /** How the tables' hashes were computed (tuple-encoder.ts); absent in files from before `mix64`: MD5. */
  rowHash: z.enum(['md5', 'mix64']).optional(),
  tables: z.array(ManifestTable),
  rows: z.number().int(),
  largestStatement: z.number().int(),
  finishedAt: z.string(),
});
export type Manifest = z.infer<typeof Manifest>;

/** Session settings at the top of the dump (what mysqldump writes too, so `mysql` restores it alike). */
export function preamble(h: DumpHeader): string {
  // The header line keeps one length whatever `largestStatement` becomes (the head is rewritten in place).
  const json = JSON.stringify({ ...h, largestStatement: h.largestStatement ?? null });
  const room = JSON.stringify({ ...h, largestStatement: Number.MAX_SAFE_INTEGER }).length;
  return [
    `-- OCS Desk backup of database \`${h.database}\` (${h.server}), written by the ${h.tool === 'builtin' ? 'built-in dumper' : 'mysqldump'}`,
    `-- ${HEADER_TAG} ${json.padEnd(room)}`,
    '-- Restore: ocs-desk restore --in FILE --database NAME, or: gunzip -c FILE | mysql NAME',
    '',
    '/*!40101 SET NAMES utf8mb4 */;',
    "/*!40103 SET TIME_ZONE='+00:00' */;",
    '/*!40014 SET UNIQUE_CHECKS=0 */;',
    '/*!40014 SET FOREIGN_KEY_CHECKS=0 */;',
    "/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
    '/*!40111 SET SQL_NOTES=0 */;',
    '',
    '',
  ].join('\n');
}

export function trailer(m: Manifest): string {
  return [
    '',
    'SET autocommit=1;',
    '/*!40014 SET FOREIGN_KEY_CHECKS=1 */;',
    '/*!40014 SET UNIQUE_CHECKS=1 */;',
    '',
    `-- ${MANIFEST_TAG} ${JSON.stringify(m)}`,
    COMPLETE_LINE,
    '',
  ].join('\n');
}

/** Reads the header or manifest out of a comment line the splitter reports; null otherwise. */
export function parseTagged(
  comment: string,
): { header: DumpHeader } | { manifest: Manifest } | { mysqldump: 'start' | 'end' } | null {
  if (comment.startsWith(HEADER_TAG)) {
    const h = DumpHeader.safeParse(safeJson(comment.slice(HEADER_TAG.length)));
    return h.success ? { header: h.data } : null;
  }
  if (comment.startsWith(MANIFEST_TAG)) {
    const m = Manifest.safeParse(safeJson(comment.slice(MANIFEST_TAG.length)));
    return m.success ? { manifest: m.data } : null;
  }
  if (/^(MySQL|MariaDB) dump \d/.test(comment)) return { mysqldump: 'start' };
  if (comment.startsWith('Dump completed')) return { mysqldump: 'end' };
  return null;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}
