import type { ImportSummary } from '../../shared/contract/import';

const CSV_COLUMNS = [
  'path',
  'status',
  'deviceId',
  'hardwareId',
  'action',
  'reason',
  'code',
  'message',
  'attempts',
  'ms',
] as const;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // Spreadsheet formula injection: a cell starting with = + - @ is shown as text.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-file report as CSV (one line per file, UTF-8 with BOM for spreadsheet programs) or JSON. */
export function formatReport(
  summary: ImportSummary,
  format: 'json' | 'csv',
): { fileName: string; mimeType: string; content: string } {
  const stamp = summary.finishedAt.replace(/[:.]/g, '-');
  if (format === 'json') {
    return {
      fileName: `ocs-import-${stamp}.json`,
      mimeType: 'application/json',
      content: JSON.stringify(summary, null, 2) + '\n',
    };
  }
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of summary.files) lines.push(CSV_COLUMNS.map((c) => csvCell(f[c])).join(','));
  return {
    fileName: `ocs-import-${stamp}.csv`,
    mimeType: 'text/csv',
    content: '\ufeff' + lines.join('\r\n') + '\r\n',
  };
}
