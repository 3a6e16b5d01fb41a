import { HARDWARE_NUMBER_FIELDS, HARDWARE_TEXT_FIELDS, SECTIONS } from '../import/ocs-map';

/** Field name → value as stored (absent when NULL). */
export type Fields = Record<string, string>;

/** One computer as the comm server received it, rebuilt from its rows (export.repo.ts). */
export interface ComputerInventory {
  id: number;
  deviceId: string;
  hardware: Fields;
  /** accountinfo columns (TAG, fields_N); null when the computer has no accountinfo row. */
  accountinfo: Fields | null;
  /** Generic sections of ocs-map.ts present in this database, in its order. */
  sections: Map<string, Fields[]>;
  software: Fields[];
  /** download_history PKG_IDs. */
  packages: string[];
}

/**
 * HARDWARE fields the export writes: those the writer reads from the XML (ocs-map.ts), plus the three it
 * treats itself: IPADDR, USERID, LASTDATE (kept unless absent or 1970-01-01) and CHECKSUM (OR-ed into the
 * stored value: the stored value already holds the bits received, so a fresh import gets it back).
 */
export const EXPORTED_HARDWARE_FIELDS: readonly string[] = [
  ...HARDWARE_TEXT_FIELDS,
  ...HARDWARE_NUMBER_FIELDS,
  'IPADDR',
  'USERID',
  'LASTDATE',
  'CHECKSUM',
];

/**
 * Text of an XML element. XML 1.0 cannot carry C0 controls other than tab, LF and CR (nor U+FFFE/FFFF or a
 * lone surrogate): those characters are dropped (the comm server's agents never send them). A CR is written
 * as `&#13;` so the parser's line-end normalisation keeps it.
 */
export function xmlText(v: string): string {
  return v
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function element(name: string, f: Fields, indent: string): string {
  const inner = Object.entries(f)
    .map(([k, v]) => `${indent}  <${k}>${xmlText(v)}</${k}>\n`)
    .join('');
  return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
}

const nonEmpty = (f: Fields) => Object.keys(f).length > 0;

/** Every section as the XML lists it: name → elements (single-row sections keep their first row). */
function contentOf(inv: ComputerInventory): Array<[string, Fields[]]> {
  const out: Array<[string, Fields[]]> = [['HARDWARE', [inv.hardware]]];
  for (const def of SECTIONS) {
    const rows = (inv.sections.get(def.section) ?? []).filter(nonEmpty);
    // The server stores one row for a single-row section; two elements would give it a row of NULLs.
    if (rows.length) out.push([def.section, def.multi ? rows : rows.slice(0, 1)]);
  }
  if (inv.software.length) out.push(['SOFTWARES', inv.software]);
  if (inv.accountinfo)
    out.push([
      'ACCOUNTINFO',
      Object.entries(inv.accountinfo).map(([KEYNAME, KEYVALUE]) => ({ KEYNAME, KEYVALUE })),
    ]);
  return out;
}

/** The inventory document an agent POSTs (docs/ocs-compat 2.3), UTF-8. */
export function inventoryXml(inv: ComputerInventory): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST>\n',
    `  <DEVICEID>${xmlText(inv.deviceId)}</DEVICEID>\n  <QUERY>INVENTORY</QUERY>\n  <CONTENT>\n`,
  ];
  for (const [name, rows] of contentOf(inv)) for (const r of rows) parts.push(element(name, r, '    '));
  if (inv.packages.length)
    parts.push(
      `    <DOWNLOAD>\n      <HISTORY>\n${inv.packages
        .map((p) => `        <PACKAGE ID="${xmlText(p).replace(/"/g, '&quot;')}"/>\n`)
        .join('')}      </HISTORY>\n    </DOWNLOAD>\n`,
    );
  parts.push('  </CONTENT>\n</REQUEST>\n');
  return parts.join('');
}

/** The same data as JSON: `content` mirrors the XML (each section a list of its elements). */
export function inventoryJson(inv: ComputerInventory): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const [name, rows] of contentOf(inv)) content[name] = name === 'HARDWARE' ? rows[0] : rows;
  if (inv.packages.length) content.DOWNLOAD = { HISTORY: inv.packages };
  return { format: 'ocs-desk-inventory/1', deviceId: inv.deviceId, query: 'INVENTORY', content };
}

/**
 * A file name from the DEVICEID: characters outside `A-Z a-z 0-9 . _ -` become `_` (a DEVICEID is agent
 * text), and the hardware ID is appended when that changed the name, so two computers never share one.
 */
export function baseName(inv: Pick<ComputerInventory, 'id' | 'deviceId'>): string {
  const safe = inv.deviceId
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 200);
  return safe === inv.deviceId && safe !== '' ? safe : `${safe}-h${inv.id}`;
}
