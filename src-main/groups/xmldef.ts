/**
 * The `groups.XMLDEF` text: `<xmldef><REQUEST>sql</REQUEST>…</xmldef>`, the SQL escaped with the five
 * XML entities. The comm server parses it with XML::Simple (entities decoded once); ocsreports decodes
 * it with its own `xml_decode` (a str_replace of a dozen entities, applied twice on the replay path)
 * and splits it on the literal tags, so only the plain shape is safe: no CDATA, attributes or comments.
 */

const ENC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENC[c]!);
}

const DEC: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlUnescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return DEC[e]!;
  });
}

/** One REQUEST per statement (OCS Desk always writes exactly one: the server appends to the next ones). */
export function encodeXmldef(sql: string): string {
  return `<xmldef><REQUEST>${xmlEscape(sql)}</REQUEST></xmldef>`;
}

/** The statements of an XMLDEF, decoded as the comm server decodes them (null when not an xmldef). */
export function decodeXmldef(xml: string | null | undefined): string[] | null {
  const t = (xml ?? '').trim();
  if (!t || t === 'NULL') return null;
  const out: string[] = [];
  const re = /<REQUEST>([\s\S]*?)<\/REQUEST>/g;
  for (let m = re.exec(t); m; m = re.exec(t)) out.push(xmlUnescape(m[1]!));
  return out;
}

/** Entities ocsreports' xml_decode turns into characters (it runs twice on the replay path). */
const CONSOLE_ENTITIES = /&(acirc|ecirc|ccedil|agrave|lt|gt|quot|apos|eacute|egrave|ocirc|Icirc|icirc|amp);/;

/**
 * Why `sql` cannot be stored so that the comm server and ocsreports both read the same statement, or
 * null when it can. The reasons are the user's: they name the value to change.
 */
export function unstorableReason(sql: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(sql))
    return 'a value contains a control character, which an XML group definition cannot hold (the comm server could not read it)';
  if (/<\/?(REQUEST|xmldef)>/.test(sql))
    return 'a value contains the text <REQUEST> or <xmldef>, on which ocsreports splits a group definition';
  if (CONSOLE_ENTITIES.test(sql))
    return 'a value contains an HTML entity such as &amp; or &lt;, which ocsreports would decode and so run a different search than the comm server';
  return null;
}
