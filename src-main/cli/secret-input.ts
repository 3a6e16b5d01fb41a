import { readFile } from 'node:fs/promises';
import { AppError } from '../platform/errors';

/**
 * A password for the command line, never from a flag (it would show in `ps` and the shell history):
 * the first line of a file (mode checked by the admin, read once), or typed at a terminal without echo.
 */
export async function readSecret(opts: { file?: string; prompt: string; field: string }): Promise<string> {
  if (opts.file) {
    let text: string;
    try {
      text = await readFile(opts.file, 'utf8');
    } catch (e) {
      throw new AppError('FILE_NOT_FOUND', { path: opts.file }, { cause: e });
    }
    const line = text.split(/\r?\n/)[0] ?? '';
    if (!line)
      throw new AppError('VALIDATION_FAILED', { field: opts.field, detail: `${opts.file} is empty` });
    return line;
  }
  if (!process.stdin.isTTY)
    throw new AppError('VALIDATION_FAILED', {
      field: opts.field,
      detail: 'no terminal to type it: give a password file',
    });
  const first = await promptHidden(opts.prompt);
  const again = await promptHidden('again: ');
  if (first !== again)
    throw new AppError('VALIDATION_FAILED', { field: opts.field, detail: 'the two passwords typed differ' });
  if (!first) throw new AppError('VALIDATION_FAILED', { field: opts.field, detail: 'required' });
  return first;
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError('JOB_CANCELLED'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
