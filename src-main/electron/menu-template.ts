import type { MenuItemConstructorOptions } from 'electron';

/**
 * The native application menu as data (no Electron at run time here: unit-tested in Node).
 * `menu.ts` turns it into a Menu and gives the actions.
 */

export interface RecentConnection {
  name: string;
  /** `user@host:port / database`, shown beside the name. */
  detail: string;
}

export interface MenuActions {
  connectRecent(name: string): void;
  openLogs(): void;
  showAbout(): void;
  openDocs(): void;
}

/** At most this many saved connections in File ▸ Open recent connection, most recent first. */
export const MAX_RECENT = 10;

export function menuTemplate(opts: {
  platform: NodeJS.Platform;
  recent: readonly RecentConnection[];
  actions: MenuActions;
  /** Development build: the View menu also offers the developer tools and a reload. */
  dev?: boolean;
}): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const { actions } = opts;
  const about: MenuItemConstructorOptions = {
    id: 'about',
    label: 'About OCS Desk',
    click: () => actions.showAbout(),
  };
  const recent: MenuItemConstructorOptions[] =
    opts.recent.length === 0
      ? [{ id: 'recent-none', label: 'No saved connections', enabled: false }]
      : opts.recent.slice(0, MAX_RECENT).map((r, i) => ({
          id: `recent-${i}`,
          label: `${r.name}  (${r.detail})`,
          click: () => actions.connectRecent(r.name),
        }));
  const openLogs: MenuItemConstructorOptions = {
    id: 'open-logs',
    label: 'Open Logs',
    click: () => actions.openLogs(),
  };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'OCS Desk',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      id: 'file',
      label: '&File',
      submenu: [
        { id: 'recent', label: 'Open Recent Connection', submenu: recent },
        { type: 'separator' },
        openLogs,
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      id: 'edit',
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      id: 'view',
      label: '&View',
      submenu: [
        // No reload outside development: it would drop unsaved edits without the in-app warning.
        ...(opts.dev
          ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const)
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  );
  if (mac) template.push({ role: 'windowMenu' });
  template.push({
    id: 'help',
    label: '&Help',
    role: 'help',
    submenu: [
      { id: 'docs', label: 'OCS Inventory Documentation', click: () => actions.openDocs() },
      { ...openLogs, id: 'help-open-logs' },
      ...(mac ? [] : [{ type: 'separator' } as const, about]),
    ],
  });
  return template;
}
