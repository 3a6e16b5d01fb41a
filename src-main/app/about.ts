import type { AboutInfo } from '../../shared/contract/system';
import { APP_VERSION } from './version';

/**
 * The versions the About box shows (the native one in Electron, the dialog in the renderer): Electron
 * and Chromium come from `process.versions` of the Electron main process, absent in the web shell.
 */
export function aboutInfo(
  versions: NodeJS.ProcessVersions & { electron?: string; chrome?: string },
  dbServer: string | null,
  schemaLevel: string | null = null,
  proc: { platform: string; arch: string } = process,
): AboutInfo {
  return {
    appVersion: APP_VERSION,
    electron: versions.electron ?? null,
    chromium: versions.chrome ?? null,
    node: versions.node,
    platform: proc.platform,
    arch: proc.arch,
    dbServer: dbServer || null,
    schemaLevel: schemaLevel || null,
  };
}

/** The lines of the native About box (English, as the native menus are). */
export function aboutLines(a: AboutInfo): string[] {
  return [
    `OCS Desk ${a.appVersion}`,
    ...(a.electron ? [`Electron ${a.electron}`] : []),
    ...(a.chromium ? [`Chromium ${a.chromium}`] : []),
    `Node.js ${a.node}`,
    `${a.platform} ${a.arch}`,
    a.dbServer ? `Database server ${a.dbServer}` : 'Database server: not connected',
    ...(a.schemaLevel ? [`OCS schema level ${a.schemaLevel}`] : []),
  ];
}

/**
 * The native About box's lines from `system.about`, the route the in-app dialog reads (so both show the
 * DB server and the schema level); when the route fails, the process's own versions without a DB.
 */
export async function aboutBoxLines(
  about: () => Promise<{ ok: true; data: unknown } | { ok: false }>,
): Promise<string[]> {
  const res = await about().catch(() => ({ ok: false as const }));
  return aboutLines(res.ok ? (res.data as AboutInfo) : aboutInfo(process.versions, null));
}
