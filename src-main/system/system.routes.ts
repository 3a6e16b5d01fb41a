import { system } from '../../shared/contract/system';
import { implement } from '../platform/rpc/router';
import { aboutInfo } from '../app/about';
import { guiVersion } from '../platform/ocs/config';
import { APP_VERSION } from '../app/version';

/** What the door that runs the app knows about its log; `open` exists only where there is a desktop. */
export interface LogsDoor {
  folder: string;
  file: string;
  /**
   * Opens the folder in the file manager (Electron's shell.openPath), false when it could not;
   * absent in the web shell, whose browser shows the path instead.
   */
  open?: (folder: string) => Promise<boolean>;
}

export const systemRoutes = (logs: LogsDoor | null) =>
  implement(system, {
    info: (_input, ctx) => ({ appVersion: APP_VERSION, door: ctx.door, platform: process.platform }),
    about: async (_input, ctx) => {
      const db = ctx.session.db;
      // The schema level is a nicety: a database without the config table still gets its About box.
      const level = db ? await guiVersion(db.knex).catch(() => null) : null;
      return aboutInfo(process.versions, db?.serverVersion ?? null, level);
    },
    openLogs: async () => {
      if (!logs) return { folder: null, file: null, opened: false };
      if (!logs.open) return { folder: logs.folder, file: logs.file, opened: false };
      return { folder: logs.folder, file: logs.file, opened: await logs.open(logs.folder) };
    },
  });
