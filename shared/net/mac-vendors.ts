/**
 * Readers of public OUI lists, shared by the window (which compacts a file the admin picks before sending it)
 * and the main process / CLI. Accepted: nmap's `nmap-mac-prefixes` ("001122 Vendor"), the IEEE registry's
 * `oui.txt` ("00-11-22   (hex)\t\tVendor") and its CSV export (`MA-L,001122,Vendor,Address`), and our own
 * compact form (`001122\tVendor`). Prefixes are 6 (MA-L), 7 (MA-M) or 9 (MA-S) hex digits, upper case.
 */
export type OuiEntry = readonly [prefix: string, vendor: string];

const NMAP_OR_COMPACT = /^([0-9A-Fa-f]{6}|[0-9A-Fa-f]{7}|[0-9A-Fa-f]{9})[\t ]+(.+)$/;
const IEEE_TXT = /^([0-9A-Fa-f]{2})-([0-9A-Fa-f]{2})-([0-9A-Fa-f]{2})\s+\(hex\)\s+(.+)$/;
const IEEE_CSV = /^MA-[LMS],([0-9A-Fa-f]{6,9}),("(?:[^"]|"")*"|[^,]*),/;

/** Vendor names are shown as text; keep them printable and bounded. */
function clean(v: string): string {
  return v
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

/** Every entry of a list in one of the accepted forms; unknown lines (comments, addresses) are skipped. */
export function parseOuiList(text: string): OuiEntry[] {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // oui.txt repeats each prefix as "005056     (base 16)\t\tVendor": the "(hex)" line is enough
    if (!line || line.startsWith('#') || line.includes('(base 16)')) continue;
    let m = IEEE_TXT.exec(line);
    if (m) {
      const v = clean(m[4]!);
      if (v) out.set(`${m[1]}${m[2]}${m[3]}`.toUpperCase(), v);
      continue;
    }
    m = IEEE_CSV.exec(line);
    if (m) {
      const v = clean(m[2]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
      if (v && [6, 7, 9].includes(m[1]!.length)) out.set(m[1]!.toUpperCase(), v);
      continue;
    }
    m = NMAP_OR_COMPACT.exec(line);
    if (m) {
      const v = clean(m[2]!);
      if (v) out.set(m[1]!.toUpperCase(), v);
    }
  }
  return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The compact form stored and shipped: one `PREFIX\tVendor` line per entry. */
export function compactOuiList(entries: readonly OuiEntry[]): string {
  return entries.map(([p, v]) => `${p}\t${v}`).join('\n') + '\n';
}

/** Hex digits of a MAC address in any usual notation (`00:11:22:..`, `00-11-22-..`, `0011.22..`), or null. */
export function macHex(mac: string): string | null {
  const h = mac.replace(/[:\-.\s]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(h) ? h : null;
}

/** Vendor of a MAC address: the longest matching prefix (MA-S, then MA-M, then MA-L). */
export function lookupVendor(table: ReadonlyMap<string, string>, mac: string): string | null {
  const h = macHex(mac);
  if (!h || h === '000000000000') return null;
  return table.get(h.slice(0, 9)) ?? table.get(h.slice(0, 7)) ?? table.get(h.slice(0, 6)) ?? null;
}
