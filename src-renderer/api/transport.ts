import type { ServerEvent } from '@shared/contract/jobs';
import type { WireError } from '@shared/contract/errors';

export type RpcResult = { ok: true; data: unknown } | { ok: false; error: WireError };

interface OcsDeskBridge {
  rpc(route: string, input: unknown, onEvent?: (e: unknown) => void): Promise<RpcResult>;
}

declare global {
  interface Window {
    /** Present only in the Electron window (preload); the web shell uses HTTP. */
    ocsDesk?: OcsDeskBridge;
  }
}

const TOKEN_KEY = 'ocs-desk-token';

/** Web shell: the token arrives in the URL fragment once; it is kept for this tab only. */
function webToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

let token: string | null = null;
function authHeader(): Record<string, string> {
  token ??= webToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

function transportError(params: Record<string, string>): RpcResult {
  return { ok: false, error: { code: 'SHELL_ACCESS_DENIED', params, correlationId: 'client' } };
}

export async function rpc(route: string, input: unknown): Promise<RpcResult> {
  if (window.ocsDesk) return window.ocsDesk.rpc(route, input);
  let res: Response;
  try {
    res = await fetch('/api/rpc', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeader() },
      body: JSON.stringify({ route, input }),
    });
  } catch {
    return { ok: false, error: { code: 'SHELL_UNREACHABLE', params: {}, correlationId: 'client' } };
  }
  if (res.status === 401 || res.status === 403) return transportError({ status: String(res.status) });
  return (await res.json()) as RpcResult;
}

/** Server events (job progress, changes): IPC in Electron, a streamed GET in the web shell. */
export function subscribeEvents(onEvent: (e: ServerEvent) => void): () => void {
  if (window.ocsDesk) {
    let active = true;
    void window.ocsDesk.rpc('events.subscribe', {}, (e) => active && onEvent(e as ServerEvent));
    return () => {
      active = false;
    };
  }
  const ctrl = new AbortController();
  const loop = async () => {
    let delay = 500;
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch('/api/events', { headers: authHeader(), signal: ctrl.signal });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            for (const line of chunk.split('\n')) {
              if (line.startsWith('data: ')) onEvent(JSON.parse(line.slice(6)) as ServerEvent);
            }
          }
        }
      } catch {
        if (ctrl.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void loop();
  return () => ctrl.abort();
}
