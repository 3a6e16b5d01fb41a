import { createWriteStream } from 'node:fs';
import { link, lstat, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Cell, ColumnInfo, ListInput } from '../../shared/contract/computers';
import { adminValueText } from '../../shared/contract/admin-value-text';
import { AppError } from '../platform/errors';
import type { Scope } from '../platform/ocs/scope';
import { listColumns, listComputers, resolveColumns } from './computers.service';

export function csvField(v: Cell, sep: string): string {
  if (v === null) return '';
  let s = String(v);
  // Cells starting with = + - @ are formulas for spreadsheets: prefix a quote so they stay text.
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: Cell[], sep: string): string {
  return values.map((v) => csvField(v, sep)).join(sep) + '\r\n';
}

type ExportInput = Omit<ListInput, 'offset' | 'limit' | 'withTotal'> & { separator: ',' | ';' | '\t' };

/** Pages through the view (same sort and filter as the grid), calling `onRows` for each block. */
async function walk(
  k: Knex,
  scope: Scope,
  input: ExportInput,
  max: number,
  onHeader: (cols: ColumnInfo[]) => Promise<void> | void,
  onRows: (rows: Cell[][], done: number, total: number) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<{ rows: number; total: number }> {
  const cols = resolveColumns(await listColumns(k), input.columns);
  await onHeader(cols);
  let offset = 0;
  let total = 0;
  while (offset < max) {
    signal?.throwIfAborted();
    const page = await listComputers(k, scope, {
      offset,
      limit: Math.min(500, max - offset),
      sort: input.sort,
      filter: input.filter,
      columns: cols.map((c) => c.id),
      withTotal: true,
    });
    total = page.total ?? total;
    if (!page.rows.length) break;
    offset += page.rows.length;
    await onRows(
      // Admin choice numbers leave as their labels, as the grid shows them.
      page.rows.map((r) =>
        cols.map((c) => {
          const v = r.values[c.id] ?? null;
          return c.admin && v !== null ? adminValueText(c.admin, v) : v;
        }),
      ),
      offset,
      total,
    );
    if (page.rows.length < 500) break;
  }
  return { rows: Math.min(offset, total), total };
}

export async function exportCsvText(
  k: Knex,
  scope: Scope,
  input: ExportInput & { maxRows: number },
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const parts: string[] = [];
  const sep = input.separator;
  const r = await walk(
    k,
    scope,
    input,
    input.maxRows,
    (cols) =>
      void parts.push(
        csvLine(
          cols.map((c) => c.label),
          sep,
        ),
      ),
    (rows) => void rows.forEach((row) => parts.push(csvLine(row, sep))),
  );
  return { csv: parts.join(''), rows: r.rows, truncated: r.total > r.rows };
}

const exists = (file: string) =>
  new AppError('CONFLICT', {
    detail: `${file} already exists; choose another name or confirm that it may be replaced.`,
  });

/**
 * Streams the whole view to `file` (temp name in the same directory, renamed at the end). An
 * existing file is replaced only with `overwrite`.
 */
export async function exportCsvFile(
  k: Knex,
  scope: Scope,
  input: ExportInput & { path: string; overwrite?: boolean },
  progress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ path: string; rows: number }> {
  const final = path.resolve(input.path);
  if (!input.overwrite && (await lstat(final).catch(() => null))) throw exists(final);
  const tmp = path.join(
    path.dirname(final),
    `.ocsdesk-tmp-${randomBytes(4).toString('hex')}-${path.basename(final)}`,
  );
  const out = createWriteStream(tmp, { encoding: 'utf8', flags: 'wx' });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(s)) resolve();
      else {
        out.once('drain', resolve);
        out.once('error', reject);
      }
    });
  try {
    await opened;
    const sep = input.separator;
    const r = await walk(
      k,
      scope,
      input,
      Number.MAX_SAFE_INTEGER,
      (cols) =>
        write(
          '\ufeff' +
            csvLine(
              cols.map((c) => c.label),
              sep,
            ),
        ),
      async (rows, done, total) => {
        await write(rows.map((row) => csvLine(row, sep)).join(''));
        progress(done, total);
      },
      signal,
    );
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (input.overwrite) await rename(tmp, final);
    else {
      // link() never replaces: the check and the write are one atomic step (no clobber race).
      try {
        await link(tmp, final);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw exists(final);
        throw e;
      }
      await unlink(tmp);
    }
    return { path: final, rows: r.rows };
  } catch (e) {
    out.destroy();
    await unlink(tmp).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') throw new AppError('FILE_NOT_FOUND', { path: final }, { cause: e });
    if (code === 'EACCES' || code === 'EPERM')
      throw new AppError('FILE_ACCESS_DENIED', { path: final }, { cause: e });
    if (code === 'ENOSPC') throw new AppError('DISK_FULL', { path: final }, { cause: e });
    throw e;
  }
}
