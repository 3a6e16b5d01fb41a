import path from 'node:path';
import { composeApp } from '../app/compose';
import { startWebShell } from './server';

/** `npm run web`: serves the built renderer on 127.0.0.1 and prints the URL with its token. */
async function main(): Promise<void> {
  const app = composeApp();
  const rendererDir = path.resolve(__dirname, '../renderer');
  const shell = await startWebShell(app, { rendererDir });
  process.stdout.write(`OCS Desk web shell: ${shell.url}\n`);
  const stop = () => {
    app.jobs.cancelAll();
    void shell.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
