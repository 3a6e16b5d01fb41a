import { ipcMain, webContents, type WebContents } from 'electron';
import type { App } from '../app/compose';
import { eventVisibleTo } from '../platform/events/event-bus';
import { Session } from '../platform/rpc/session';
import { APP_ORIGIN } from './security';

/** One session per window: the operator logged in on this window, never one sent by the renderer. */
const sessions = new Map<number, Session>();

/** The session of a window's web contents (created on first use, disposed with the window). */
export function sessionFor(wc: WebContents): Session {
  let s = sessions.get(wc.id);
  if (!s) {
    s = new Session();
    sessions.set(wc.id, s);
    wc.once('destroyed', () => {
      void s?.dispose();
      sessions.delete(wc.id);
    });
  }
  return s;
}

export function registerIpc(app: App): void {
  ipcMain.handle('ocs:rpc', async (event, route: unknown, input: unknown) => {
    // Only our own main frame, loaded from our own origin, may call.
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !frame.url.startsWith(APP_ORIGIN + '/')) {
      return { ok: false, error: { code: 'FORBIDDEN', params: {}, correlationId: 'ipc-sender' } };
    }
    return app.router.call(String(route), input, sessionFor(event.sender), 'electron');
  });
  app.bus.subscribe((e, meta) => {
    for (const [id, session] of sessions) {
      if (!eventVisibleTo(meta, session)) continue;
      const wc = webContents.fromId(id);
      if (wc && !wc.isDestroyed()) wc.send('ocs:event', e);
    }
  });
}
