import { z } from 'zod';
import { defineRoute, Empty } from './route';

export const SystemInfo = z.object({
  appVersion: z.string(),
  door: z.enum(['electron', 'web', 'cli', 'test']),
  platform: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

/** What the About box shows: null where it does not apply (no Electron in the web shell, no DB yet). */
export const AboutInfo = z.object({
  appVersion: z.string(),
  electron: z.string().nullable(),
  chromium: z.string().nullable(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  /** The connected DB server's version (`SELECT VERSION()`), null when not connected. */
  dbServer: z.string().nullable(),
  /** The OCS schema level of the connected database (`GUI_VERSION`), null when not connected or unreadable. */
  schemaLevel: z.string().nullable(),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

export const LogsInfo = z.object({
  /** The folder of the main-process log (null when this door writes no log file, e.g. the CLI). */
  folder: z.string().nullable(),
  file: z.string().nullable(),
  /** True when the folder was opened in the file manager (Electron); the web shell shows the path. */
  opened: z.boolean(),
});
export type LogsInfo = z.infer<typeof LogsInfo>;

export const system = {
  info: defineRoute({ right: 'public', input: Empty, output: SystemInfo }),
  about: defineRoute({ right: 'public', input: Empty, output: AboutInfo }),
  /**
   * Where the log is, and in the Electron app, opens its folder. Public: a failed connection is
   * exactly when the log is wanted, before any login; the log holds no secrets.
   */
  openLogs: defineRoute({ right: 'public', input: Empty, output: LogsInfo }),
};
