/**
 * The software table of a real fleet (../shared/design/benchmarks.md, "Console on a 100,000-computer
 * fleet"): 50-300 software per computer (mean ~145, so ~14 M rows for 100k computers), drawn from a
 * large dictionary with a long tail. The head is made of real rows (the agent fixture's packages, the
 * real Windows products); the tail is generated: ~50,000 Windows names (about one in ten from Microsoft,
 * as runtimes, updates and language packs are in real fleets) and ~10,000 Linux packages, each picked
 * with a Zipf-like law (the first tail names on most computers, the last on a few dozen).
 */

export interface ShapeEntry {
  name: string;
  publisher: string;
  version: string;
}

const VENDORS: Array<[short: string, publisher: string, weight: number]> = [
  ['Microsoft', 'Microsoft Corporation', 10],
  ['Adobe', 'Adobe Inc.', 3],
  ['Autodesk', 'Autodesk, Inc.', 2],
  ['Intel®', 'Intel Corporation', 3],
  ['HP', 'HP Inc.', 3],
  ['Dell', 'Dell Inc.', 3],
  ['Lenovo', 'Lenovo Group Limited', 2],
  ['Oracle', 'Oracle Corporation', 1],
  ['Citrix', 'Citrix Systems, Inc.', 1],
  ['VMware', 'VMware, Inc.', 1],
  ['Cisco', 'Cisco Systems, Inc.', 1],
  ['Siemens', 'Siemens AG', 1],
  ['SAP', 'SAP SE', 1],
  ['Sage', 'Sage', 1],
  ['Contoso', 'Contoso Ltd', 8],
  ['Fabrikam', 'Fabrikam, Inc.', 8],
  ['Northwind', 'Northwind Traders', 8],
  ['Adventure Works', 'Adventure Works', 8],
  ['Tailspin', 'Tailspin Toys', 6],
  ['Wingtip', 'Wingtip Toys', 6],
  ['Litware', 'Litware, Inc.', 6],
  ['Proseware', 'Proseware, Inc.', 6],
  ['Müller', 'Müller & Söhne GmbH', 2],
];
const MS_TEMPLATES = [
  (n: number) =>
    `Microsoft Visual C++ ${2005 + (n % 18)} ${n % 2 ? 'x64' : 'x86'} Redistributable - ${9 + (n % 6)}.0.${30729 + n}`,
  (n: number) => `Update for Microsoft Office ${[2013, 2016, 2019][n % 3]} (KB${4_000_000 + n * 7})`,
  (n: number) =>
    `Microsoft .NET ${['Runtime', 'Host', 'SDK', 'Desktop Runtime'][n % 4]} - ${6 + (n % 4)}.0.${n}`,
  (n: number) => `Microsoft Office Language Pack ${n} - ${['fr-fr', 'de-de', 'es-es', 'it-it'][n % 4]}`,
  (n: number) => `Microsoft ${ADJ[n % ADJ.length]} ${NOUN[(n >> 3) % NOUN.length]} ${n}`,
];
const ADJ = [
  'Smart',
  'Secure',
  'Remote',
  'Cloud',
  'Data',
  'Print',
  'Desktop',
  'Mobile',
  'Audio',
  'Video',
  'Network',
  'Power',
  'Asset',
  'Field',
  'Quick',
  'Team',
];
const NOUN = [
  'Manager',
  'Assistant',
  'Connector',
  'Viewer',
  'Studio',
  'Agent',
  'Toolkit',
  'Driver',
  'Suite',
  'Service',
  'Client',
  'Center',
  'Monitor',
  'Bridge',
  'Utility',
  'Runtime',
];
const LIB = [
  'lib',
  'python3-',
  'node-',
  'golang-',
  'ruby-',
  'r-cran-',
  'fonts-',
  'texlive-',
  'perl-',
  'php-',
];

/** Deterministic hash of an integer (the shape does not depend on the seed's random stream). */
function h(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function vendorOf(i: number): [string, string] {
  const sum = VENDORS.reduce((a, v) => a + v[2], 0);
  let x = h(i) % sum;
  for (const [s, p, w] of VENDORS) {
    if (x < w) return [s, p];
    x -= w;
  }
  return [VENDORS[0]![0], VENDORS[0]![1]];
}

const version = (i: number) => `${1 + (h(i * 3) % 24)}.${h(i * 5) % 10}.${h(i * 7) % 200}`;

/** The generated Windows tail: `count` distinct names, most popular first. */
export function windowsTail(count = 50_000): ShapeEntry[] {
  const out: ShapeEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    const [short, publisher] = vendorOf(i);
    const name =
      short === 'Microsoft'
        ? MS_TEMPLATES[h(i + 1) % MS_TEMPLATES.length]!(i)
        : `${short} ${ADJ[h(i + 2) % ADJ.length]} ${NOUN[h(i + 3) % NOUN.length]} ${(i % 97) + 1}.${i}`;
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push({ name, publisher, version: version(i) });
  }
  return out;
}

/** The generated Linux tail (Debian-like package names), most popular first. */
export function linuxTail(count = 10_000): ShapeEntry[] {
  const out: ShapeEntry[] = [];
  for (let i = 0; i < count; i++) {
    const word = `${ADJ[h(i) % ADJ.length]}${NOUN[h(i + 9) % NOUN.length]}`.toLowerCase();
    out.push({
      name: `${LIB[h(i + 4) % LIB.length]}${word}${i}`,
      publisher: 'Debian',
      version: `${version(i)}-${1 + (i % 4)}`,
    });
  }
  return out;
}

/** Software per computer: 50-300, most computers near the low end (mean ~145). */
export const softwareCount = (rnd: () => number) => 50 + Math.floor(250 * Math.pow(rnd(), 1.7));

/** Head entries each computer has with a probability falling from 0.95 (first) to 0.25 (last). */
export function pickHead<T>(head: T[], rnd: () => number): T[] {
  const out: T[] = [];
  head.forEach((e, i) => {
    if (rnd() < 0.95 - (0.7 * i) / Math.max(1, head.length - 1)) out.push(e);
  });
  return out;
}

/** `n` distinct tail entries, index drawn as pool × u³ (Zipf-like: a long, thin tail). */
export function pickTail<T>(tail: T[], n: number, rnd: () => number): T[] {
  const chosen = new Set<number>();
  for (let guard = 0; chosen.size < Math.min(n, tail.length) && guard < n * 4; guard++)
    chosen.add(Math.floor(tail.length * Math.pow(rnd(), 3)));
  return [...chosen].map((i) => tail[i]!);
}
