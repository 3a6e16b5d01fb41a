import { constants } from 'node:fs';
import { access, open, readFile, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Finding } from '../../shared/contract/diagnostics';
import { parseInfoFile } from '../packages/build/info-file';
import { resolveDownloadDir } from '../packages/download-dir';
import { readConfig } from '../platform/ocs/config';
import { finding } from './checks';
import { recentActivations } from './diagnostics.repo';
import { httpProbe } from './http-probe';

/** Activated packages checked per run (newest first): each costs one or two requests. */
export const PACKAGES_CHECKED = 5;

const text = (key: string, params: Finding['title']['params'] = {}) => ({ key, params });

/**
 * Deployment URLs the agents use: info files over HTTPS (INFO_LOC), first fragments over the info
 * file's PROTO (PACK_LOC), compared with the files of the download folder when it is on this computer.
 * Without activated packages, the DOWNLOAD_URI_INFO / DOWNLOAD_URI_FRAG rows must answer at all.
 */
export async function deploymentFindings(k: Knex, timeoutMs: number): Promise<Finding[]> {
  const [pkgs, cfg, dl] = await Promise.all([
    recentActivations(k, PACKAGES_CHECKED),
    readConfig(k, ['DOWNLOAD_URI_INFO', 'DOWNLOAD_URI_FRAG']),
    resolveDownloadDir(k),
  ]);
  if (!pkgs.length) {
    const info = cfg.get('DOWNLOAD_URI_INFO');
    const frag = cfg.get('DOWNLOAD_URI_FRAG');
    return Promise.all([
      baseFinding(
        'deployInfo',
        'https',
        info?.source === 'database' ? String(info.effective ?? '') : '',
        timeoutMs,
      ),
      baseFinding(
        'deployFrag',
        'http',
        frag?.source === 'database' ? String(frag.effective ?? '') : '',
        timeoutMs,
      ),
    ]);
  }
  const infoEvidence: string[] = [];
  const fragEvidence: string[] = [];
  const infoBad: string[] = [];
  const fragBad: string[] = [];
  for (const p of pkgs) {
    const label = `${p.fileId}${p.name ? ` (${p.name})` : ''}`;
    const infoUrl = `https://${p.infoLoc}/${p.fileId}/info`;
    const a = await httpProbe(infoUrl, { timeoutMs, maxBody: 256 * 1024 });
    if (a.status !== 200) {
      infoBad.push(label);
      infoEvidence.push(`GET ${infoUrl} → ${a.status ?? a.error}`);
      continue;
    }
    const attrs = parseInfoFile(a.body.toString('utf8'));
    const local = await readFile(path.join(dl.dir, p.fileId, 'info')).catch(() => null);
    if (!attrs || attrs.ID !== p.fileId) {
      infoBad.push(label);
      infoEvidence.push(
        `GET ${infoUrl} → 200, but ${attrs ? `ID "${attrs.ID ?? ''}"` : 'not an OCS info file'}`,
      );
      continue;
    }
    if (local && !local.equals(a.body)) {
      infoBad.push(label);
      infoEvidence.push(`GET ${infoUrl} → 200, differs from ${path.join(dl.dir, p.fileId, 'info')}`);
      continue;
    }
    infoEvidence.push(`GET ${infoUrl} → 200, ID ${p.fileId}${local ? ', same as the download folder' : ''}`);
    const frags = Number(attrs.FRAGS ?? '0');
    if (!frags || p.packLoc.includes('$')) continue;
    const proto = (attrs.PROTO ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
    const fragUrl = `${proto}://${p.packLoc}/${p.fileId}/${p.fileId}-1`;
    const f = await httpProbe(fragUrl, { method: 'HEAD', timeoutMs });
    const localFrag = await stat(path.join(dl.dir, p.fileId, `${p.fileId}-1`)).catch(() => null);
    const length = f.headers['content-length'] == null ? null : Number(f.headers['content-length']);
    if (f.status !== 200) {
      fragBad.push(label);
      fragEvidence.push(`HEAD ${fragUrl} → ${f.status ?? f.error}`);
    } else if (localFrag && length !== null && length !== localFrag.size) {
      fragBad.push(label);
      fragEvidence.push(
        `HEAD ${fragUrl} → 200, ${length} bytes; the download folder's fragment has ${localFrag.size}`,
      );
    } else {
      fragEvidence.push(`HEAD ${fragUrl} → 200${length !== null ? `, ${length} bytes` : ''}`);
    }
  }
  return [
    infoBad.length
      ? finding(
          'deployInfo',
          'error',
          text('deployInfo.bad', { count: infoBad.length, packages: infoBad.join(', ') }),
          infoEvidence,
          text('deployInfo.fix'),
          '/packages',
        )
      : finding('deployInfo', 'ok', text('deployInfo.ok', { count: pkgs.length }), infoEvidence, null),
    fragBad.length
      ? finding(
          'deployFrag',
          'error',
          text('deployFrag.bad', { count: fragBad.length, packages: fragBad.join(', ') }),
          fragEvidence,
          text('deployFrag.fix'),
          '/packages',
        )
      : finding('deployFrag', 'ok', text('deployFrag.ok', { count: pkgs.length }), fragEvidence, null),
  ];
}

async function baseFinding(
  id: 'deployInfo' | 'deployFrag',
  scheme: 'http' | 'https',
  loc: string,
  timeoutMs: number,
): Promise<Finding> {
  if (!loc.trim()) return finding(id, 'info', text(`${id}.unset`), [], text(`${id}.unsetFix`), '/options');
  const url = `${scheme}://${loc
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')}/`;
  const a = await httpProbe(url, { timeoutMs, maxBody: 1024 });
  const evidence = [`GET ${url} → ${a.status ?? a.error}`];
  // Any HTTP answer (a folder index is usually forbidden): the server is there.
  if (a.status === null || a.status >= 500)
    return finding(id, 'error', text(`${id}.unreachable`, { url }), evidence, text(`${id}.fix`), '/options');
  return finding(id, 'ok', text(`${id}.reachable`, { url }), evidence, null);
}

/**
 * The folder packages are built into must exist and take a new file. A real write: permission bits
 * say nothing for root, and a read-only mount or an immutable folder refuses even root.
 */
export async function downloadDirFinding(k: Knex): Promise<Finding> {
  const dl = await resolveDownloadDir(k);
  const evidence = [
    `${dl.dir} (from ${dl.source === 'env' ? 'OCS_DESK_DOWNLOAD_DIR' : dl.source === 'config' ? 'config DOWNLOAD_PACK_DIR' : 'the default'})`,
  ];
  const params = { dir: dl.dir };
  const st = await stat(dl.dir).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error || !st.isDirectory()) {
    evidence.push(st instanceof Error ? (st.code ?? st.message) : 'not a folder');
    // The default path on a computer that does not build packages: nothing to say but where to set it.
    if (dl.source === 'default')
      return finding(
        'downloadDir',
        'info',
        text('downloadDir.absent', params),
        evidence,
        text('downloadDir.setFix'),
        '/packages',
      );
    return finding(
      'downloadDir',
      'error',
      text('downloadDir.missing', params),
      evidence,
      text('downloadDir.fix', params),
      '/packages',
    );
  }
  const probe = path.join(dl.dir, `.ocs-desk-write-test-${randomBytes(6).toString('hex')}`);
  try {
    await access(dl.dir, constants.W_OK);
    const fh = await open(probe, 'wx');
    await fh.close();
    await unlink(probe);
    evidence.push('a test file was written and removed');
    return finding('downloadDir', 'ok', text('downloadDir.ok', params), evidence, null);
  } catch (e) {
    evidence.push(`write refused: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    await unlink(probe).catch(() => undefined);
    return finding(
      'downloadDir',
      'error',
      text('downloadDir.readOnly', params),
      evidence,
      text('downloadDir.fix', params),
      '/packages',
    );
  }
}
