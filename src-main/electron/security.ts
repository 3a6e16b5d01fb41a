import { app, session, shell, type WebContents } from 'electron';
import { CSP } from '../web-shell/static';
import { isAllowedExternal } from './external-links';

export const APP_ORIGIN = 'app://ocs-desk';

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // No remote content at all: only our own app:// origin and devtools.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith(APP_ORIGIN + '/') || details.url.startsWith('devtools://');
    callback({ cancel: !ok });
  });
}

export function hardenWebContents(wc: WebContents): void {
  wc.on('will-navigate', (e, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) e.preventDefault();
  });
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    openAllowedExternal(url);
    return { action: 'deny' };
  });
}

/** The one door to the system browser (window.open from the page, the Help menu): allowlisted https only. */
export function openAllowedExternal(url: string): boolean {
  if (!isAllowedExternal(url)) return false;
  void shell.openExternal(url);
  return true;
}

/** Every new web contents (window, devtools) gets the same rules. */
export function hardenApp(): void {
  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc));
}
