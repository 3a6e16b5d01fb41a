import { BrowserWindow, dialog, Menu } from 'electron';
import { formatErrorEn } from '../../shared/i18n/format-error';
import type { ErrorCode } from '../../shared/contract/errors';
import type { ProfileOut } from '../../shared/contract/profiles';
import { aboutBoxLines } from '../app/about';
import type { App } from '../app/compose';
import { Session } from '../platform/rpc/session';
import { byRecentUse } from '../profiles/profiles.service';
import { sessionFor } from './ipc';
import { MAX_RECENT, menuTemplate, type RecentConnection } from './menu-template';
import { APP_ORIGIN, openAllowedExternal } from './security';

const DOCS_URL = 'https://wiki.ocsinventory-ng.org';

/** Saved connections, most recently used first (then by name). */
export function recentConnections(profiles: readonly ProfileOut[]): RecentConnection[] {
  return [...profiles]
    .sort(byRecentUse)
    .slice(0, MAX_RECENT)
    .map((p) => ({ name: p.name, detail: `${p.user}@${p.host}:${p.port} / ${p.database}` }));
}

/**
 * Installs the application menu and rebuilds it when a window gains focus (saved connections may have
 * changed). Actions go through the same router as the renderer, on the focused window's session.
 */
export function installMenu(app: App, opts: { openLogs: () => Promise<void>; dev: boolean }): () => void {
  const focused = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;

  const showError = (title: string, error: { code: string; params: Record<string, unknown> }) => {
    const { message, hint } = formatErrorEn(error.code as ErrorCode, error.params as never);
    dialog.showErrorBox(title, [message, hint].filter(Boolean).join('\n\n'));
  };

  const connectRecent = async (name: string) => {
    const win = focused();
    if (!win) return;
    const session = sessionFor(win.webContents);
    if (session.db) {
      const { response } = await dialog.showMessageBox(win, {
        type: 'question',
        buttons: ['Switch', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Switch to the connection "${name}"?`,
        detail: 'Unsaved changes in this window are lost, and you log in again on that database.',
      });
      if (response !== 0) return;
    }
    const res = await app.router.call('profiles.connect', { name }, session, 'electron');
    if (!res.ok) return showError(`Could not open "${name}"`, res.error);
    // The renderer reads the connection state at start: load it again on the new database.
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    refresh();
  };

  // The same facts as the in-app About dialog (system.about: versions, DB server, schema level).
  const showAbout = async () => {
    const win = focused();
    const session = win ? sessionFor(win.webContents) : new Session();
    const lines = await aboutBoxLines(() => app.router.call('system.about', {}, session, 'electron'));
    const box = {
      type: 'info' as const,
      title: 'About OCS Desk',
      message: lines[0]!,
      detail: lines.slice(1).join('\n'),
    };
    void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
  };

  const refresh = () => {
    void app.router.call('profiles.list', {}, new Session(), 'electron').then((res) => {
      const recent = res.ok ? recentConnections(res.data as ProfileOut[]) : [];
      const template = menuTemplate({
        platform: process.platform,
        recent,
        dev: opts.dev,
        actions: {
          connectRecent: (name) => void connectRecent(name),
          openLogs: () => void opts.openLogs(),
          showAbout: () => void showAbout(),
          openDocs: () => void openAllowedExternal(DOCS_URL),
        },
      });
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    });
  };
  refresh();
  return refresh;
}
