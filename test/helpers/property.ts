import fc from 'fast-check';

/**
 * fast-check settings for the property suites: a bounded number of runs so the unit suite stays fast
 * (OCS_PROPERTY_RUNS scales it for a long run), and a fixed seed when OCS_PROPERTY_SEED is set to
 * replay a failure. fast-check prints the seed and the shrunk counterexample of any failure.
 */
export function runs(defaultRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env.OCS_PROPERTY_RUNS_SCALE ?? 1);
  const seed = process.env.OCS_PROPERTY_SEED;
  return {
    numRuns: Math.max(1, Math.round(defaultRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed ? { seed: Number(seed) } : {}),
    // Keep a failing case's report readable; the seed and path replay it exactly.
    endOnFailure: false,
  };
}

/** Characters that upset collations, encodings, LIKE and SQL quoting, mixed into generated text. */
export const HOSTILE_CHARS = [
  "'",
  '"',
  '`',
  '\\',
  '%',
  '_',
  '*',
  '?',
  ';',
  '--',
  '/*',
  '\0',
  '\n',
  '\r',
  '\t',
  '\u00e9',
  '\u00df',
  '\u0130',
  '\u2028',
  '\ufeff',
  '\ud83d\ude00', // emoji (4-byte UTF-8: utf8mb3 columns cannot hold it)
  '\ud83c\udff3\ufe0f\u200d\ud83c\udf08',
  '\ud800', // lone surrogate
  '\u{10ffff}',
  '\u0000\u0001',
  'SELECT',
  ' OR 1=1',
];

/** Text made of printable characters, full Unicode and the hostile pieces above. */
export const hostileText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom(...HOSTILE_CHARS)), {
      maxLength: Math.ceil(maxLength / 2),
    })
    .map((parts) => parts.join('').slice(0, maxLength));

/** Characters XML 1.0 does not allow in a document (a generator of valid documents removes them). */
// eslint-disable-next-line no-control-regex
export const XML_ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;

/** Text escaped for an XML attribute or element, without the characters XML forbids. */
export const xmlEscape = (s: string): string =>
  s
    .replace(XML_ILLEGAL, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
