import type { ImportFileResult, ImportSummary } from '../../shared/contract/import';

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

/** A path as one line: JSON-quoted when it holds a control character (a newline would split the line). */
export function displayPath(p: string): string {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return JSON.stringify(p);
  }
  return p;
}

/** The CLI line of a failed file: path once, reason once, then what the message adds. */
export function failureLine(f: ImportFileResult): string {
  const reason = f.reason ?? f.code ?? 'failed';
  let msg = f.message ?? '';
  if (msg.startsWith(`${f.path}: `)) msg = msg.slice(f.path.length + 2);
  if (msg.startsWith(reason)) msg = msg.slice(reason.length).replace(/^[\s:,-]+/, '');
  msg = msg.replace(/^\((.*)\)$/, '$1');
  return `FAILED ${displayPath(f.path)}: ${reason}${msg ? ` - ${displayPath(msg)}` : ''}`;
}
