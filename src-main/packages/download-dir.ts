import path from 'node:path';
import type { Knex } from 'knex';
import { catalogued, readConfig } from '../platform/ocs/config';

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
  const v = (await readConfig(k, ['DOWNLOAD_PACK_DIR'])).get('DOWNLOAD_PACK_DIR');
  if (v?.source === 'database' && v.effective)
    return { dir: path.join(String(v.effective), 'download'), source: 'config' };
  return {
    dir: path.join(String(catalogued('DOWNLOAD_PACK_DIR')?.default ?? DEFAULT_PACK_DIR), 'download'),
    source: 'default',
  };
}
