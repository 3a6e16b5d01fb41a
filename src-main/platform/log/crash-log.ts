import type { EventEmitter } from 'node:events';
import { log } from './logger';

/**
 * Uncaught exceptions and unhandled rejections of the main process go to the log (redacted like
 * every line) instead of only to a terminal nobody reads. `exitOnUncaught`: the web shell stops, as
 * Node would (its state is unknown after an uncaught exception); the Electron app keeps the admin's
 * window, as Electron does by default.
 */
export function logUncaught(
  proc: EventEmitter,
  opts: { exitOnUncaught: boolean; exit?: (code: number) => void },
): void {
  proc.on('uncaughtException', (error: unknown) => {
    log.error('uncaught exception', { error });
    if (opts.exitOnUncaught) (opts.exit ?? ((c) => process.exit(c)))(1);
  });
  proc.on('unhandledRejection', (reason: unknown) => {
    log.error('unhandled promise rejection', { error: reason });
  });
}
