// Sandboxed preload: one CommonJS file that only requires 'electron'.
// It exposes exactly one function, `window.ocsDesk.rpc`, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';

const RPC_CHANNEL = 'ocs:rpc';
const EVENT_CHANNEL = 'ocs:event';

type Listener = (event: unknown) => void;
const listeners = new Set<Listener>();
ipcRenderer.on(EVENT_CHANNEL, (_e, payload: unknown) => {
  for (const l of listeners) l(payload);
});

contextBridge.exposeInMainWorld('ocsDesk', {
  /**
   * Calls a route. `onEvent`, when given, receives every server event (job progress, changes)
   * until the returned promise settles, or forever when `route` is `events.subscribe`.
   */
  rpc(route: string, input: unknown, onEvent?: Listener): Promise<unknown> {
    if (typeof route !== 'string') return Promise.reject(new TypeError('route must be a string'));
    if (route === 'events.subscribe' && typeof onEvent === 'function') {
      listeners.add(onEvent);
      return Promise.resolve({ ok: true, data: { ok: true } });
    }
    return ipcRenderer.invoke(RPC_CHANNEL, route, input);
  },
});
