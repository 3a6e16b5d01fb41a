import path from 'node:path';
import { composeApp } from '../app/compose';
import { openInBrowser } from '../launcher/open-browser';
import { logUncaught } from '../platform/log/crash-log';
import { defaultLogFolder, startLogFile } from '../platform/log/log-file';
import { defaultConfigDir } from '../profiles/config-dir';
import { startWebShell } from './server';

/**
 * `npm run web`: serves the built renderer on 127.0.0.1 and prints the URL with its token.
 * `--open` (what `npm start` passes when Electron is missing) also opens it in the default browser.
 * The main-process log goes to `<settings>/logs/main.log` (see docs/desktop.md).
 */
async function main(): Promise<void> {
  const configDir = defaultConfigDir();
  // The log file (rotating, redacted) in the settings folder; the terminal still shows every line.
  const logFile = startLogFile(defaultLogFolder(configDir), {
    echo: (line) => process.stderr.write(line + '\n'),
  });
  logUncaught(process, { exitOnUncaught: true });
  const app = composeApp({ configDir, logs: { folder: logFile.folder, file: logFile.file } });
  const rendererDir = path.resolve(__dirname, '../renderer');
  const shell = await startWebShell(app, { rendererDir });
  process.stdout.write(`OCS Desk web shell: ${shell.url}\n`);
  if (process.argv.includes('--open')) {
    const opened = await openInBrowser(shell.url);
    process.stdout.write(
      opened
        ? 'Opened in your default browser. Press Ctrl+C here to stop OCS Desk.\n'
        : 'No browser to open here: open the address above in a browser on this machine. Ctrl+C stops OCS Desk.\n',
    );
  }
  const stop = () => {
    app.jobs.cancelAll();
    void shell.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
