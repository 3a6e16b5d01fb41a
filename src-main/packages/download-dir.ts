import path from 'node:path';
import type { Knex } from 'knex';

/** ocsreports' built-in default for DOWNLOAD_PACK_DIR (Debian: /var/lib/ocsinventory-reports). */
export const DEFAULT_PACK_DIR = '/var/lib/ocsinventory-reports';

/**
 * Where packages are written: the folder that holds one `<FILEID>/` folder per package (what the
 * deployment web server publishes as `/download`). In order: the build's own choice, the
 * OCS_DESK_DOWNLOAD_DIR environment variable (this machine, e.g. a mounted share of the server),
 * then ocsreports' semantics: config DOWNLOAD_PACK_DIR + "/download", else the Debian default.
 */
export async function resolveDownloadDir(
  k: Knex,
  explicit?: string,
): Promise<{ dir: string; source: 'input' | 'env' | 'config' | 'default' }> {
  if (explicit) return { dir: path.resolve(explicit), source: 'input' };
  const env = process.env.OCS_DESK_DOWNLOAD_DIR;
  if (env) return { dir: path.resolve(env), source: 'env' };
  const row = (await k('config').select('TVALUE').where('NAME', 'DOWNLOAD_PACK_DIR').first()) as
    { TVALUE: string | null } | undefined;
  if (row?.TVALUE) return { dir: path.join(row.TVALUE, 'download'), source: 'config' };
  return { dir: path.join(DEFAULT_PACK_DIR, 'download'), source: 'default' };
}
