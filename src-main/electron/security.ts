import { app, session, shell, type WebContents } from 'electron';
import { CSP } from '../web-shell/static';

export const APP_ORIGIN = 'app://ocs-desk';

/** Opens only https links to a small allowlist, in the system browser. */
const EXTERNAL_ALLOWLIST = [
  'https://ocsinventory-ng.org',
  'https://wiki.ocsinventory-ng.org',
  'https://github.com/OCSInventory-NG',
];

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
  if (!EXTERNAL_ALLOWLIST.some((p) => url === p || url.startsWith(p + '/'))) return false;
  void shell.openExternal(url);
  return true;
}

/** Every new web contents (window, devtools) gets the same rules. */
export function hardenApp(): void {
  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc));
}
