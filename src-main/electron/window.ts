import { app, BrowserWindow, screen } from 'electron';
import path from 'node:path';
import { log } from '../platform/log/logger';
import { APP_ORIGIN } from './security';
import { MIN_SIZE, readWindowState, restoreBounds, stateToSave, writeWindowState } from './window-state';

/** The last save of the window state in flight, awaited before the app quits. */
let saving: Promise<void> = Promise.resolve();

export function flushWindowState(): Promise<void> {
  return saving;
}

export async function createMainWindow(configDir: string): Promise<BrowserWindow> {
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (d) => d.workArea,
  );
  const bounds = restoreBounds(await readWindowState(configDir), areas);
  const win = new BrowserWindow({
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'OCS Desk',
    show: false,
    // Packaged: electron-builder copies resources/ beside the asar (extraResources).
    icon: app.isPackaged
      ? path.join(process.resourcesPath, 'resources/icon.png')
      : path.join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // A middle click must not open a link in a new window (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      devTools: !process.env.OCS_DESK_NO_DEVTOOLS && process.env.NODE_ENV === 'development',
    },
  });
  win.once('ready-to-show', () => {
    if (bounds.maximized) win.maximize();
    win.show();
  });
  rememberBounds(win, configDir);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** Saves size, position and maximized state (debounced while dragging, and once more on close). */
function rememberBounds(win: BrowserWindow, configDir: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    const state = stateToSave(win.getNormalBounds(), win.isMaximized());
    saving = saving
      .then(() => writeWindowState(configDir, state))
      .catch((error: unknown) => log.warn('could not save the window size and position', { error }));
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', later);
  win.on('close', save);
}
