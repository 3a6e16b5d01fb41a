// After `vite build`: prints every renderer chunk (raw and gzip size, whether the first screen loads
// it) and fails when the first screen's chunks exceed their budget or contain charts or wizards.
// "First screen" = the entry script of dist/renderer/index.html and the chunks it preloads (its static
// import graph); everything else is loaded on demand by a route (src-renderer/app-shell/nav.ts).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const DIR = path.resolve(import.meta.dirname, '../dist/renderer');
/**
 * Gzip bytes of everything the first screen loads (JS) in English: 353 KiB measured when this check was
 * added (React, Mantine, react-router, TanStack Query, i18next with both languages' texts, the zod
 * contract); 327.5 KiB once French moved to its own chunk (2026-12-06). The budget stops growth; lower it
 * as the entry shrinks, raise it only with a reason in the commit.
 */
export const ENTRY_BUDGET_GZIP = 340 * 1024;
/**
 * The French texts of the first screen (src-renderer/i18n/french.ts), loaded before the first render
 * when French is chosen: 39.4 KiB gzip when it was split off. A French user's first screen is both.
 */
export const FRENCH_BUDGET_GZIP = 45 * 1024;
/** Sources that belong to pages loaded on demand, never to the first screen. */
const FORBIDDEN = [
  { what: 'charts (recharts)', re: /node_modules\/recharts\// },
  { what: 'charts (@mantine/charts)', re: /node_modules\/@mantine\/charts\// },
  { what: 'charts (d3)', re: /node_modules\/d3-/ },
  { what: 'a wizard', re: /src-renderer\/.*wizard[^/]*\.tsx?$/ },
];

const html = readFileSync(path.join(DIR, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map(
    (m) => m[1],
  ),
);
if (initial.size === 0) {
  console.error('check-bundle: no entry script found in dist/renderer/index.html (run the build first)');
  process.exit(1);
}

const assets = readdirSync(path.join(DIR, 'assets')).filter((f) => f.endsWith('.js'));
const rows = assets.map((f) => {
  const buf = readFileSync(path.join(DIR, 'assets', f));
  return {
    file: `assets/${f}`,
    raw: buf.length,
    gzip: gzipSync(buf).length,
    first: initial.has(`assets/${f}`),
  };
});
rows.sort((a, b) => Number(b.first) - Number(a.first) || b.gzip - a.gzip);

const kib = (n) => `${(n / 1024).toFixed(1).padStart(8)} KiB`;
console.log('renderer chunks (first = loaded by the first screen; the rest on demand):');
for (const r of rows.filter((r) => r.first || r.gzip >= 2048)) {
  console.log(`  ${r.first ? 'first ' : 'lazy  '} ${kib(r.raw)} raw ${kib(r.gzip)} gzip  ${r.file}`);
}
const small = rows.filter((r) => !r.first && r.gzip < 2048);
if (small.length) console.log(`  (+ ${small.length} lazy chunks under 2 KiB gzip)`);
const sum = (list, k) => list.reduce((a, r) => a + r[k], 0);
const firstRows = rows.filter((r) => r.first);
const lazyRows = rows.filter((r) => !r.first);
console.log(
  `first screen: ${firstRows.length} chunks, ${kib(sum(firstRows, 'raw')).trim()} raw, ${kib(sum(firstRows, 'gzip')).trim()} gzip ` +
    `(budget ${kib(ENTRY_BUDGET_GZIP).trim()}); on demand: ${lazyRows.length} chunks, ${kib(sum(lazyRows, 'gzip')).trim()} gzip`,
);

const french = rows.find((r) => /^assets\/french-[\w-]+\.js$/.test(r.file));
if (french) {
  console.log(
    `French adds ${kib(french.gzip).trim()} gzip before the first render (budget ${kib(FRENCH_BUDGET_GZIP).trim()})`,
  );
}

const problems = [];
if (sum(firstRows, 'gzip') > ENTRY_BUDGET_GZIP) {
  problems.push(`the first screen loads ${kib(sum(firstRows, 'gzip')).trim()} gzip, over the budget`);
}
if (!french)
  problems.push('no French texts chunk (assets/french-*.js): were they bundled into the first screen?');
else if (french.first) problems.push(`${french.file} is in the first screen: it must load only for French`);
else if (french.gzip > FRENCH_BUDGET_GZIP) {
  problems.push(`the French texts chunk is ${kib(french.gzip).trim()} gzip, over its budget`);
}
for (const r of firstRows) {
  let map;
  try {
    map = JSON.parse(readFileSync(path.join(DIR, `${r.file}.map`), 'utf8'));
  } catch {
    // The bundler's own tiny runtime has no map; a real chunk without one cannot be checked.
    if (r.raw > 2048) problems.push(`${r.file}: no source map to check what it contains`);
    continue;
  }
  for (const src of map.sources ?? []) {
    const norm = src.replace(/\\/g, '/');
    for (const f of FORBIDDEN) if (f.re.test(norm)) problems.push(`${r.file} holds ${f.what}: ${norm}`);
  }
}
if (problems.length) {
  console.error(`check-bundle: FAILED\n  ${[...new Set(problems)].join('\n  ')}`);
  process.exit(1);
}
console.log('check-bundle: ok (no charts or wizards in the first screen, within budget)');
