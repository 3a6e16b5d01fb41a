import { mkdirSync } from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import { configureLogger, type LogLevel } from './logger';
import { redactText } from './redact-text';

/** The main-process log: one file, one archive (`main.old.log`) once it passes `maxSize`. */
export interface LogFile {
  readonly folder: string;
  readonly file: string;
  /** Appends one line (redacted again here, whoever calls). */
  write(line: string): void;
}

export const LOG_FILE_NAME = 'main.log';
/** 5 MB then one archive: enough for days of errors, never a full disk. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

let instances = 0;

/**
 * A rotating log file in `folder`, written through electron-log's node entry (the same in the
 * Electron app and the web shell). Lines are written as given, synchronously, so the last line
 * before a crash is on disk; the file is private to the user (0600 in a 0700 folder).
 */
export function openLogFile(folder: string, opts: { maxSize?: number } = {}): LogFile {
  const file = path.join(folder, LOG_FILE_NAME);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const logger = electronLog.create({ logId: `ocs-desk-main-${++instances}` });
  // Only the file: the logger's own sink already echoes where it should (a terminal).
  for (const [name, transport] of Object.entries(logger.transports))
    if (name !== 'file' && transport) transport.level = false;
  const t = logger.transports.file;
  t.level = 'silly';
  t.format = '{text}';
  t.maxSize = opts.maxSize ?? LOG_MAX_BYTES;
  t.sync = true;
  t.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  t.resolvePathFn = () => file;
  // The archive keeps the default name main.old.log beside the file: one archive, replaced each time.
  return {
    folder,
    file,
    write: (line) => logger.info(redactText(line)),
  };
}

/**
 * Sends the logger to the log file (and to `echo`, e.g. stderr for a terminal): what the Electron app
 * and the web shell call once at start.
 */
export function startLogFile(
  folder: string,
  opts: { maxSize?: number; level?: LogLevel; echo?: (line: string) => void } = {},
): LogFile {
  const logFile = openLogFile(folder, opts);
  configureLogger({
    level: opts.level,
    sink: (line) => {
      logFile.write(line);
      opts.echo?.(line);
    },
  });
  return logFile;
}

/** The log folder of the web shell and the CLI: `logs/` in the settings folder. */
export function defaultLogFolder(configDir: string): string {
  return path.join(configDir, 'logs');
}
