/**
 * The last pass over every log line before it is written anywhere (stderr, the log file): secrets
 * written as text, which the key-based `redact` of the logger cannot see (a driver message quoting
 * `IDENTIFIED BY '…'`, a URL with `password=`, an `Authorization: Bearer` header, a DSN with
 * `user:pass@host`), and the exact passwords this process has been handed (`rememberSecret`).
 */

const MASK = '[redacted]';

/**
 * Values after a secret-looking name: `password=x`, `"token": "x"`, `pwd: x`, `MYSQL_PWD=x`; MySQL's
 * own "(using password: YES)" stays readable.
 */
const NAMED = new RegExp(
  String.raw`((?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|authorization|cookie)` +
    String.raw`[a-z_-]*\\?["']?\s*[:=]\s*)(?!(?:YES|NO)\))(?:\\?"(?:[^"\\]|\\.)*?\\?"|'(?:[^'\\]|\\.)*'|[^\s,;&"'}\]]+)`,
  'gi',
);
/** SQL that carries a password: IDENTIFIED BY 'x', IDENTIFIED VIA … USING 'x', PASSWORD('x'). */
const SQL =
  /(IDENTIFIED\s+(?:BY|VIA\s+\w+\s+USING)(?:\s+PASSWORD)?\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\S+)/gi;
const SQL_FN = /(PASSWORD\s*\(\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/gi;
/** `Bearer x`, `Basic x`. */
const AUTH = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;
/** `scheme://user:password@host`. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

/** Exact secrets seen by this process, most recent last; bounded so a long session cannot grow it. */
const known = new Set<string>();
const MAX_KNOWN = 256;

/** Remembers a password (or token) so that it is masked wherever it appears, whatever the context. */
export function rememberSecret(secret: string | null | undefined): void {
  // Short values would mask ordinary words (OCS's default DB password is `ocs`); the patterns above
  // still catch them in context.
  if (!secret || secret.length < 6) return;
  known.delete(secret);
  known.add(secret);
  if (known.size > MAX_KNOWN) known.delete(known.values().next().value as string);
}

/** Forgets every remembered secret (tests). */
export function forgetSecrets(): void {
  known.clear();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a remembered secret may take in a line: as is, URL-encoded, JSON-escaped. */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])];
}

export function redactText(line: string): string {
  let out = line;
  for (const secret of known) {
    for (const f of forms(secret))
      if (out.includes(f)) out = out.replace(new RegExp(escapeRegExp(f), 'g'), MASK);
  }
  return out
    .replace(SQL, `$1${MASK}`)
    .replace(SQL_FN, `$1${MASK}`)
    .replace(AUTH, `$1 ${MASK}`)
    .replace(NAMED, `$1${MASK}`)
    .replace(URL_CREDENTIALS, `$1${MASK}@`);
}
