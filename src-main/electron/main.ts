import { crashReporter, app as electronApp, net, protocol, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeApp } from '../app/compose';
import { logUncaught } from '../platform/log/crash-log';
import { startLogFile } from '../platform/log/log-file';
import { log } from '../platform/log/logger';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { safeStorageBox } from './safe-storage-box';
import { hardenApp, hardenSession } from './security';
import { createMainWindow, flushWindowState } from './window';

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

/** Opens a folder in the file manager; shell.openPath answers '' on success, else the reason. */
async function openFolder(folder: string): Promise<boolean> {
  return (await shell.openPath(folder)) === '';
}

if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit();
} else {
  // Crash dumps stay on this computer (the crashDumps folder); nothing is ever uploaded.
  crashReporter.start({ uploadToServer: false });
  // The main-process log: rotating, redacted, in the OS's log folder for the app.
  const logFile = startLogFile(electronApp.getPath('logs'));
  logUncaught(process, { exitOnUncaught: false });
  hardenApp();
  electronApp
    .whenReady()
    .then(async () => {
      hardenSession();
      registerAppProtocol();
      const configDir = process.env.OCS_DESK_CONFIG_DIR ?? electronApp.getPath('userData');
      const logs = { folder: logFile.folder, file: logFile.file, open: openFolder };
      const app = composeApp({
        checkOutputs: !electronApp.isPackaged,
        configDir,
        secretBox: safeStorageBox(),
        logs,
      });
      registerIpc(app);
      const refreshMenu = installMenu(app, {
        openLogs: () => openFolder(logs.folder).then(() => undefined),
        dev: !electronApp.isPackaged && process.env.NODE_ENV === 'development',
      });
      const win = await createMainWindow(configDir);
      win.on('focus', refreshMenu);
      electronApp.on('window-all-closed', () => {
        app.jobs.cancelAll();
        void flushWindowState().finally(() => electronApp.quit());
      });
    })
    .catch((error: unknown) => {
      log.error('OCS Desk failed to start', { error });
      process.stderr.write(`OCS Desk failed to start: ${String(error)}\n`);
      electronApp.exit(1);
    });
}
