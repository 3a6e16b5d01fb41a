import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { scoped, type Scope } from '../../platform/ocs/scope';
import {
  ActivateInput as ActivateSchema,
  type ActivateInput,
  type ActivateResult,
  type Activation,
} from '../../../shared/contract/packages';
import { AppError } from '../../platform/errors';
import { fsError } from '../../platform/files/atomic';
import { INT_MAX } from '../build/build.repo';
import { parseInfoFile } from '../build/info-file';
import { fetchStream, fetchText } from './fetch';

/**
 * INFO_LOC / PACK_LOC as OCS stores them: host[:port]/path, no scheme, no trailing slash.
 * A scheme the admin typed is removed; `$IP$` / `$NAME$` (redistribution servers) are kept.
 */
export function normaliseLocation(v: string, field: string): string {
  const s = v
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  if (!s || !/^[A-Za-z0-9._~:/$\-[\]]+$/.test(s)) {
    throw new AppError('VALIDATION_FAILED', {
      field,
      detail: 'expected host[:port]/path (letters, digits, . _ - / : only)',
    });
  }
  return s;
}

export interface CheckResult {
  info: boolean;
  fragments: number;
  bytes: number;
  digest: string | null;
  attrs: Record<string, string> | null;
}

/** Fetches the info file and every fragment the way an agent will, and checks sizes and the digest. */
export async function checkPublished(
  fileId: string,
  infoLoc: string,
  packLoc: string,
  opts: { ca?: string; timeoutMs: number; signal?: AbortSignal; expectedSize?: number | null },
  progress?: (done: number, total: number | null, note: string) => void,
): Promise<CheckResult> {
  const fo = { ca: opts.ca, timeoutMs: opts.timeoutMs, signal: opts.signal };
  const infoUrl = `https://${infoLoc}/${fileId}/info`;
  const attrs = parseInfoFile(await fetchText(infoUrl, fo));
  if (!attrs)
    throw new AppError('FILE_INVALID', {
      path: infoUrl,
      reason: 'not an OCS info file (no DOWNLOAD element)',
    });
  if (attrs.ID !== fileId) {
    throw new AppError('FILE_INVALID', {
      path: infoUrl,
      reason: `its ID "${attrs.ID ?? ''}" is not ${fileId} (agents would report ERR_BAD_ID)`,
    });
  }
  const frags = Number(attrs.FRAGS ?? '0');
  if (!Number.isInteger(frags) || frags < 0)
    throw new AppError('FILE_INVALID', { path: infoUrl, reason: `bad FRAGS "${attrs.FRAGS}"` });
  if (frags === 0 || packLoc.includes('$'))
    return { info: true, fragments: 0, bytes: 0, digest: null, attrs };

  const proto = (attrs.PROTO ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
  const algo = (attrs.DIGEST_ALGO ?? 'MD5').toUpperCase();
  if (algo !== 'MD5') {
    throw new AppError('FILE_INVALID', {
      path: infoUrl,
      reason: `DIGEST_ALGO ${algo}: Debian's Unix agent only checks MD5`,
    });
  }
  const hash = createHash('md5');
  let bytes = 0;
  for (let n = 1; n <= frags; n++) {
    opts.signal?.throwIfAborted();
    const url = `${proto}://${packLoc}/${fileId}/${fileId}-${n}`;
    const r = await fetchStream(url, fo, (b) => {
      hash.update(b);
      bytes += b.length;
    });
    if (r.contentLength !== null && r.contentLength !== r.bytes) {
      throw new AppError('FILE_INVALID', {
        path: url,
        reason: `received ${r.bytes} of ${r.contentLength} bytes`,
      });
    }
    if (r.bytes === 0) throw new AppError('FILE_INVALID', { path: url, reason: 'empty fragment' });
    progress?.(n, frags, `fragment ${n}/${frags}`);
  }
  if (opts.expectedSize != null && opts.expectedSize < INT_MAX && bytes !== opts.expectedSize) {
    throw new AppError('FILE_INVALID', {
      path: `${proto}://${packLoc}/${fileId}/`,
      reason: `the fragments hold ${bytes} bytes, the package has ${opts.expectedSize}`,
    });
  }
  const enc = (attrs.DIGEST_ENCODE ?? 'Hexa').toLowerCase();
  const raw = hash.digest();
  const got = enc === 'base64' ? raw.toString('base64').replace(/=+$/, '') : raw.toString('hex');
  const want = attrs.DIGEST ?? '';
  if (got !== want) {
    throw new AppError('FILE_INVALID', {
      path: `${proto}://${packLoc}/${fileId}/`,
      reason: `the fragments' MD5 is ${got}, the info file says "${want}" (agents would report ERR_BAD_DIGEST)`,
    });
  }
  return { info: true, fragments: frags, bytes, digest: got, attrs };
}

export async function listActivations(k: Knex, scope: Scope, fileId: string): Promise<Activation[]> {
  const [rows, counts] = await Promise.all([
    k('download_enable as e')
      .where('e.FILEID', fileId)
      .orderBy('e.ID')
      .select('e.ID', 'e.FILEID', 'e.INFO_LOC', 'e.PACK_LOC') as Promise<
      Array<{ ID: number; FILEID: string; INFO_LOC: string; PACK_LOC: string }>
    >,
    // Assigned computers of the caller's scope only.
    scoped(
      k,
      k('devices as d')
        .join('download_enable as e', 'e.ID', 'd.IVALUE')
        .where('e.FILEID', fileId)
        .where('d.NAME', 'DOWNLOAD')
        .groupBy('d.IVALUE')
        .select('d.IVALUE', k.raw('COUNT(*) AS n')),
      'd.HARDWARE_ID',
      scope,
    ) as Promise<Array<{ IVALUE: number; n: number | string }>>,
  ]);
  const n = new Map(counts.map((c) => [Number(c.IVALUE), Number(c.n)]));
  return rows.map((r) => ({
    enableId: r.ID,
    fileId: r.FILEID,
    infoLoc: r.INFO_LOC,
    packLoc: r.PACK_LOC,
    assigned: n.get(Number(r.ID)) ?? 0,
  }));
}

/**
 * Activation: check what the agents will download (unless skipCheck), then write `download_enable`
 * (CERT_PATH/CERT_FILE as the console writes them). An identical activation is returned as is.
 */
export async function activatePackage(
  k: Knex,
  raw: ActivateInput,
  ctl: {
    signal?: AbortSignal;
    progress?: (done: number, total?: number | null, note?: string | null) => void;
  } = {},
): Promise<ActivateResult> {
  const input = ActivateSchema.parse(raw);
  const infoLoc = normaliseLocation(input.infoLoc, 'infoLoc');
  const packLoc = normaliseLocation(input.packLoc, 'packLoc');
  const available = (await k('download_available').where('FILEID', input.fileId).first()) as
    { SIZE: number; DELETED: number | null } | undefined;
  if (available && Number(available.DELETED) === 1)
    throw new AppError('NOT_FOUND', { what: `package ${input.fileId}` });

  let ca: string | undefined;
  if (input.caFile) {
    try {
      ca = await readFile(input.caFile, 'utf8');
    } catch (e) {
      throw fsError(e, input.caFile);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new AppError('CERT_INVALID', {
        path: input.caFile,
        detail: `${input.caFile} is not a PEM certificate file (it must start with -----BEGIN CERTIFICATE-----)`,
      });
    }
  }
  let checked: CheckResult = { info: false, fragments: 0, bytes: 0, digest: null, attrs: null };
  if (!input.skipCheck) {
    checked = await checkPublished(
      input.fileId,
      infoLoc,
      packLoc,
      {
        ca,
        timeoutMs: input.timeoutMs,
        signal: ctl.signal,
        expectedSize: available ? Number(available.SIZE) : null,
      },
      (d, t, note) => ctl.progress?.(d, t, note),
    );
  } else if (!available) {
    throw new AppError('NOT_FOUND', { what: `package ${input.fileId}` });
  }
  ctl.signal?.throwIfAborted();

  return k.transaction(async (trx) => {
    const same = (await trx('download_enable')
      .where({ FILEID: input.fileId, INFO_LOC: infoLoc, PACK_LOC: packLoc })
      .first('ID')) as { ID: number } | undefined;
    const summary = {
      info: checked.info,
      fragments: checked.fragments,
      bytes: checked.bytes,
      digest: checked.digest,
    };
    if (same) return { enableId: same.ID, alreadyActive: true, checked: summary };
    if (!available) {
      // A package copied by hand onto the server: described from its info file, as the console does.
      const a = checked.attrs ?? {};
      await trx('download_available').insert({
        FILEID: input.fileId,
        NAME: `Manual_${input.fileId}`,
        PRIORITY: Number(a.PRI ?? 10) || 0,
        FRAGMENTS: Number(a.FRAGS ?? 0) || 0,
        SIZE: Math.min(checked.bytes, INT_MAX),
        OSNAME: 'N/A',
        COMMENT: '',
        DELETED: 0,
      });
    }
    const [id] = (await trx('download_enable').insert({
      FILEID: input.fileId,
      INFO_LOC: infoLoc,
      PACK_LOC: packLoc,
      CERT_PATH: 'INSTALL_PATH',
      CERT_FILE: 'INSTALL_PATH/cacert.pem',
      SERVER_ID: null,
      GROUP_ID: null,
    })) as number[];
    return { enableId: Number(id), alreadyActive: false, checked: summary };
  });
}
