import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import type { Knex } from 'knex';
import {
  ZIP_MAX_COMPUTERS,
  type ExportRunInput,
  type ExportSummary,
  type SingleExportFormat,
} from '../../shared/contract/export';
import type { ComputerSelection } from '../../shared/contract/computers';
import { countSelection, selectedComputerIdPages } from '../computers/computers.service';
import { AppError } from '../platform/errors';
import { fsError, syncDir, tempName } from '../platform/files/atomic';
import { writeNewFile } from '../platform/files/write-new-file';
import { requireInScope, type Scope } from '../platform/ocs/scope';
import { readExportFacts, readInventories } from './export.repo';
import {
  baseName,
  EXPORTED_HARDWARE_FIELDS,
  inventoryJson,
  inventoryXml,
  type ComputerInventory,
} from './inventory-document';

/** Computers read per round of queries: one query per table for the page (bounded memory). */
const PAGE = 25;
/** Names of kept files reported back (the count is exact; the list is for the summary). */
const SKIPPED_LISTED = 100;

const EXT: Record<SingleExportFormat, string> = { ocs: '.ocs', xml: '.xml', json: '.json' };
const MIME: Record<SingleExportFormat, string> = {
  ocs: 'application/x-compress',
  xml: 'application/xml',
  json: 'application/json',
};

/** One computer's file content in a per-computer format. `.ocs` = zlib stream (RFC 1950) as agents send. */
export function fileBytes(inv: ComputerInventory, format: SingleExportFormat): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify(inventoryJson(inv), null, 2) + '\n', 'utf8');
  const xml = Buffer.from(inventoryXml(inv), 'utf8');
  return format === 'ocs' ? deflateSync(xml) : xml;
}

export async function exportComputer(
  k: Knex,
  scope: Scope,
  id: number,
  format: SingleExportFormat,
): Promise<{ fileName: string; mime: string; base64: string; bytes: number }> {
  await requireInScope(k, scope, id);
  const [inv] = await readInventories(k, await readExportFacts(k), [id], EXPORTED_HARDWARE_FIELDS);
  if (!inv) throw new AppError('NOT_FOUND', { what: 'computer', id });
  const data = fileBytes(inv, format);
  return {
    fileName: baseName(inv) + EXT[format],
    mime: MIME[format],
    base64: data.toString('base64'),
    bytes: data.length,
  };
}

export interface ExportControl {
  progress: (done: number, total: number, note?: string) => void;
  signal: AbortSignal;
}

/** Every inventory of the selection, page by page (the operator's scope applied by the id pager). */
async function* inventories(
  k: Knex,
  scope: Scope,
  sel: ComputerSelection,
  signal: AbortSignal,
): AsyncGenerator<ComputerInventory> {
  const facts = await readExportFacts(k);
  for await (const ids of selectedComputerIdPages(k, scope, sel, PAGE)) {
    signal.throwIfAborted();
    yield* await readInventories(k, facts, ids, EXPORTED_HARDWARE_FIELDS);
  }
}

type Input = Required<Omit<ExportRunInput, 'selection'>> & { selection: ComputerSelection };

/**
 * Writes the selection's inventories: one file per computer in a folder (each written under a temp name
 * and renamed, so a cancel or a crash never leaves half a file; an existing file is kept unless
 * `overwrite`), one zip (built in memory, at most ZIP_MAX_COMPUTERS) or one JSON Lines file, both written
 * to a temp name and renamed at the end (a cancel leaves nothing).
 */
export async function runExport(
  k: Knex,
  scope: Scope,
  input: Input,
  ctl: ExportControl,
): Promise<ExportSummary> {
  const target = path.resolve(input.path);
  const total = await countSelection(k, scope, input.selection);
  if (input.format === 'jsonl') return writeJsonLines(k, scope, input, target, total, ctl);
  if (input.packaging === 'zip') {
    if (total > ZIP_MAX_COMPUTERS)
      throw new AppError('CONFLICT', {
        detail: `The selection holds ${total} computers; a zip holds at most ${ZIP_MAX_COMPUTERS}: export them to a folder`,
      });
    return writeZip(k, scope, input, target, total, ctl);
  }
  return writeFolder(k, scope, input, target, total, ctl);
}

async function writeFolder(
  k: Knex,
  scope: Scope,
  input: Input,
  dir: string,
  total: number,
  ctl: ExportControl,
): Promise<ExportSummary> {
  const format = input.format as SingleExportFormat;
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw fsError(e, dir);
  }
  const skipped: string[] = [];
  let done = 0;
  let bytes = 0;
  for await (const inv of inventories(k, scope, input.selection, ctl.signal)) {
    ctl.signal.throwIfAborted();
    const name = baseName(inv) + EXT[format];
    const data = fileBytes(inv, format);
    try {
      await writeNewFile(path.join(dir, name), data, { overwrite: input.overwrite });
      bytes += data.length;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
      if (skipped.length < SKIPPED_LISTED) skipped.push(name);
    }
    ctl.progress(++done, total, inv.deviceId);
  }
  await syncDir(dir);
  return { path: dir, format, packaging: 'folder', computers: done - skipped.length, skipped, bytes };
}

async function writeZip(
  k: Knex,
  scope: Scope,
  input: Input,
  file: string,
  total: number,
  ctl: ExportControl,
): Promise<ExportSummary> {
  const format = input.format as SingleExportFormat;
  const zip = new AdmZip();
  const names = new Set<string>();
  let done = 0;
  for await (const inv of inventories(k, scope, input.selection, ctl.signal)) {
    let name = baseName(inv) + EXT[format];
    // Two computers of one DEVICEID (the schema does not forbid it): the second gets its hardware ID.
    if (names.has(name.toLowerCase())) name = `${baseName(inv)}-h${inv.id}${EXT[format]}`;
    names.add(name.toLowerCase());
    zip.addFile(name, fileBytes(inv, format));
    ctl.progress(++done, total, inv.deviceId);
  }
  ctl.signal.throwIfAborted();
  const data = zip.toBuffer();
  await writeNewFile(file, data, { overwrite: input.overwrite });
  return { path: file, format, packaging: 'zip', computers: done, skipped: [], bytes: data.length };
}

async function writeJsonLines(
  k: Knex,
  scope: Scope,
  input: Input,
  file: string,
  total: number,
  ctl: ExportControl,
): Promise<ExportSummary> {
  if (!input.overwrite) await refuseExisting(file);
  const tmp = path.join(path.dirname(file), tempName());
  const out = createWriteStream(tmp, { flags: 'wx', mode: 0o644 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(s)) resolve();
      else {
        out.once('drain', resolve);
        failed.catch(reject);
      }
    });
  let done = 0;
  let bytes = 0;
  try {
    for await (const inv of inventories(k, scope, input.selection, ctl.signal)) {
      const line = JSON.stringify(inventoryJson(inv)) + '\n';
      bytes += Buffer.byteLength(line);
      await Promise.race([write(line), failed]);
      ctl.progress(++done, total, inv.deviceId);
    }
    ctl.signal.throwIfAborted();
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await publish(tmp, file, input.overwrite);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e instanceof AppError || (e as Error).name === 'AbortError' ? e : fsError(e, file);
  }
  return { path: file, format: 'jsonl', packaging: 'file', computers: done, skipped: [], bytes };
}

async function refuseExisting(file: string): Promise<void> {
  if (await lstat(file).catch(() => null))
    throw new AppError('CONFLICT', {
      detail: `${file} already exists; choose another name or allow overwriting`,
    });
}

/** The finished temp file under its name: rename (overwrite) or hard link (never replaces). */
async function publish(tmp: string, file: string, overwrite: boolean): Promise<void> {
  if (overwrite) await rename(tmp, file);
  else {
    try {
      await link(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') await refuseExisting(file);
      throw e;
    }
    await unlink(tmp);
  }
  await syncDir(path.dirname(file));
}
