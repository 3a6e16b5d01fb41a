import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './security';

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
