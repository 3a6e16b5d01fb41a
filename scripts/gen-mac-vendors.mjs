// Builds resources/mac-vendors.tsv.gz (the vendor list shipped with the app) from a public OUI list:
// by default Debian nmap's /usr/share/nmap/nmap-mac-prefixes (itself generated from the IEEE registry).
//   node scripts/gen-mac-vendors.mjs [source-file]
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const src = process.argv[2] ?? '/usr/share/nmap/nmap-mac-prefixes';
const out = path.join(import.meta.dirname, '..', 'resources', 'mac-vendors.tsv.gz');
const entries = new Map();
for (const line of readFileSync(src, 'latin1').split(/\r?\n/)) {
  const m = /^([0-9A-Fa-f]{6,9})[\t ]+(.+)$/.exec(line.trim());
  if (m && !line.startsWith('#'))
    entries.set(m[1].toUpperCase(), m[2].replace(/\s+/g, ' ').trim().slice(0, 120));
}
const text = [...entries.entries()]
  .sort((a, b) => (a[0] < b[0] ? -1 : 1))
  .map(([p, v]) => `${p}\t${v}`)
  .join('\n');
const header = `# source: ${path.basename(src)} (${entries.size} prefixes)\n`;
writeFileSync(`${out}.tmp`, gzipSync(header + text + '\n', { level: 9 }));
renameSync(`${out}.tmp`, out);
console.log(`${out}: ${entries.size} prefixes`);
