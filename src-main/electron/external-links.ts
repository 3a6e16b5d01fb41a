/**
 * Where the app may send the operator's browser: https pages of OCS itself and the public CVE record
 * of an id (the CVE screens link ids to NVD). Compared on the parsed URL, so `host.evil`,
 * `user@host` or `http:` variants never pass a prefix check.
 */
const ALLOWED: ReadonlyArray<{ host: string; path: string }> = [
  { host: 'ocsinventory-ng.org', path: '/' },
  { host: 'wiki.ocsinventory-ng.org', path: '/' },
  { host: 'github.com', path: '/OCSInventory-NG' },
  { host: 'nvd.nist.gov', path: '/vuln/detail/' },
];

export function isAllowedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  return ALLOWED.some(
    (a) =>
      u.hostname === a.host &&
      (u.pathname === a.path || u.pathname.startsWith(a.path.endsWith('/') ? a.path : a.path + '/')),
  );
}
