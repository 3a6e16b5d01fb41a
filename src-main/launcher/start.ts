import { spawn } from 'node:child_process';
import path from 'node:path';
import { electronBinary } from './electron-binary';

/**
 * `npm start` (after the build): the Electron window where the Electron binary is installed, otherwise
 * the web shell in the default browser. One line says which, so a missing binary is never a dead end.
 */
function main(): void {
  const root = path.resolve(__dirname, '../..');
  const binary = electronBinary(root);
  let child;
  if (binary) {
    child = spawn(binary, [root], { stdio: 'inherit', cwd: root });
  } else {
    process.stdout.write(
      'Electron is not installed here (its download failed or was skipped): starting the web shell in your browser instead.\n',
    );
    child = spawn(process.execPath, [path.join(__dirname, 'web-shell.cjs'), '--open'], {
      stdio: 'inherit',
      cwd: root,
    });
  }
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
