import { app as electronApp, net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeApp } from '../app/compose';
import { registerIpc } from './ipc';
import { safeStorageBox } from './safe-storage-box';
import { hardenApp, hardenSession } from './security';
import { createMainWindow } from './window';

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = path.resolve(__dirname, '../renderer');

/** Serves the built renderer from app://ocs-desk/; unknown paths get index.html (client routes). */
function registerAppProtocol(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const rel = path.posix.normalize(decodeURIComponent(url.pathname));
    const file = path.resolve(rendererDir, '.' + rel);
    const inside = file.startsWith(rendererDir + path.sep);
    const hasExt = path.extname(rel) !== '';
    const target = inside && hasExt ? file : path.join(rendererDir, 'index.html');
    return net.fetch(pathToFileURL(target).toString());
  });
}

if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit();
} else {
  hardenApp();
  electronApp.whenReady().then(
    () => {
      hardenSession();
      registerAppProtocol();
      const app = composeApp({
        checkOutputs: !electronApp.isPackaged,
        configDir: process.env.OCS_DESK_CONFIG_DIR ?? electronApp.getPath('userData'),
        secretBox: safeStorageBox(),
      });
      registerIpc(app);
      createMainWindow();
      electronApp.on('window-all-closed', () => {
        app.jobs.cancelAll();
        electronApp.quit();
      });
    },
    (e: unknown) => {
      process.stderr.write(`OCS Desk failed to start: ${String(e)}\n`);
      electronApp.exit(1);
    },
  );
}
