import type { RpcResult } from './transport';

/**
 * The answers of the calls boot.js started before the main bundle was parsed (the session, and
 * on the computers list its layout and total). Each is handed once to the first call of the same route
 * and input, while fresh; an error answer is never handed out (that call goes to the server itself),
 * and none after a call that may change what they say (connect, login, layout saved).
 */
interface Boot {
  at: number;
  calls: Record<string, Promise<RpcResult | null>>;
}
declare global {
  interface Window {
    __ocsDeskBoot?: Boot;
  }
}

const FRESH_MS = 15_000;
/** Calls after which an answer read before may be wrong: the session or the layout changes. */
const CHANGES_SESSION =
  /^(connection\.(open|close)|auth\.(login|logout|changePassword)|database\.|computers\.setGridPrefs$)/;

function forget(): void {
  delete window.__ocsDeskBoot;
}

/** The boot answer for this call if there is a fresh, successful one (taken once), else null. */
export async function takeBootCall(route: string, input: unknown): Promise<RpcResult | null> {
  const boot = typeof window === 'undefined' ? undefined : window.__ocsDeskBoot;
  if (!boot) return null;
  if (CHANGES_SESSION.test(route) || Date.now() - boot.at > FRESH_MS) {
    forget();
    return null;
  }
  const key = `${route} ${JSON.stringify(input)}`;
  const pending = boot.calls[key];
  if (!pending) return null;
  delete boot.calls[key];
  const answer = await pending;
  if (!answer?.ok) return null;
  // Not connected or not logged in: what comes next is read after a connect or a login, never before.
  if (route === 'auth.me' && answer.data === null) forget();
  if (route === 'connection.status' && !(answer.data as { connected?: boolean }).connected) forget();
  return answer;
}
