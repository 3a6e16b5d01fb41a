// Time-bounded mutation fuzzing of the two readers of foreign input: the `.ocs` reader and the nmap
// XML reader. Seeds: the real agent files (../shared/fixtures/ocs, found like the test helpers do) and
// the recorded nmap outputs; each input is a seed mutated at the byte level (and re-compressed for
// `.ocs`). A finding is any error other than the reader's own, or a hang; it is written under
// test-results/fuzz/ with its seed so that it can be replayed and turned into a regression test.
//
//   npm run fuzz -- --seconds 60 [--target ocs|nmap]
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseNmapXml } from '../../src-main/ipdiscover/analysis/nmap-xml';
import { readOcsFile, type ReadLimits } from '../../src-main/import/ocs-reader';
import { AppError } from '../../src-main/platform/errors';

const argv = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : def;
};
const seconds = Number(opt('seconds', '10'));
const only = opt('target', 'all');
const seed = argv.includes('--seed') ? Number(opt('seed', '0')) : Date.now() % 2 ** 31;
const HANG_MS = 5000;
// npm runs scripts from the repository root; ../shared sits beside it (OCS_SHARED_DIR overrides).
const ROOT = process.cwd();
const FIXTURES_DIR = path.join(process.env.OCS_SHARED_DIR ?? path.resolve(ROOT, '../shared'), 'fixtures/ocs');
const OUT = path.resolve('test-results/fuzz');

const LIMITS: ReadLimits = {
  maxFileBytes: 2 * 1024 * 1024,
  maxXmlBytes: 4 * 1024 * 1024,
  maxRatio: 200,
  ratioCheckAfter: 256 * 1024,
  maxDepth: 32,
  maxFieldChars: 64 * 1024,
  maxElements: 200_000,
};

function files(dir: string, re: RegExp): Buffer[] {
  return readdirSync(dir)
    .filter((f) => re.test(f))
    .map((f) => readFileSync(path.join(dir, f)));
}

/** A seed mutated by a few byte-level operations (some splice in pieces of other seeds). */
function mutations(seeds: Buffer[]): fc.Arbitrary<Buffer> {
  const op = fc.tuple(
    fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'dup', 'splice', 'tag'),
    fc.nat(),
    fc.nat(255),
    fc.nat(seeds.length - 1),
  );
  const tags = [
    '<',
    '>',
    '</',
    '<!DOCTYPE a [<!ENTITY e "x">]>',
    '&e;',
    '&#0;',
    '<![CDATA[',
    ']]>',
    '\u00ff',
    '\xef\xbb\xbf',
  ];
  return fc.tuple(fc.nat(seeds.length - 1), fc.array(op, { minLength: 1, maxLength: 12 })).map(([s, ops]) => {
    let b = Buffer.from(seeds[s]!);
    for (const [kind, at, n, other] of ops) {
      const i = b.length ? at % b.length : 0;
      if (kind === 'flip' && b.length) b[i] = n;
      else if (kind === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([n]), b.subarray(i)]);
      else if (kind === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + n)]);
      else if (kind === 'truncate') b = b.subarray(0, i);
      else if (kind === 'dup')
        b = Buffer.concat([b.subarray(0, i), b.subarray(i, i + n * 16), b.subarray(i)]);
      else if (kind === 'tag')
        b = Buffer.concat([b.subarray(0, i), Buffer.from(tags[n % tags.length]!, 'latin1'), b.subarray(i)]);
      else {
        const o = seeds[other]!;
        const from = o.length ? at % o.length : 0;
        b = Buffer.concat([b.subarray(0, i), o.subarray(from, from + n * 8), b.subarray(i)]);
      }
    }
    return b;
  });
}

interface Target {
  name: string;
  input: fc.Arbitrary<Buffer>;
  /** Resolves when the input was handled as designed; throws a finding otherwise. */
  run(input: Buffer): Promise<void>;
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no answer in ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-desk-fuzz-'));
const ocsFile = path.join(work, 'input.ocs');

function ocsTarget(): Target {
  const small = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><CONTENT><HARDWARE><NAME>pc1</NAME></HARDWARE>' +
      '<SOFTWARES><NAME>a &amp; b</NAME></SOFTWARES><DOWNLOAD><HISTORY><PACKAGE ID="1"/></HISTORY></DOWNLOAD></CONTENT>' +
      '<DEVICEID>pc1-2024-01-31-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>\n',
  );
  const xmlSeeds = [small, ...files(FIXTURES_DIR, /\.(ocs|xml)$/)].filter((b) => b[0] !== 0x78);
  const seeds = [...xmlSeeds, ...files(FIXTURES_DIR, /\.zlib\.ocs$/), zlib.gzipSync(small)];
  const recompressed = fc
    .tuple(mutations(xmlSeeds), fc.constantFrom('zlib', 'gzip'))
    .map(([b, f]) => (f === 'zlib' ? zlib.deflateSync(b) : zlib.gzipSync(b)));
  return {
    name: 'ocs',
    input: fc.oneof(mutations(seeds), recompressed),
    async run(input) {
      writeFileSync(ocsFile, input);
      try {
        await withTimeout(readOcsFile(ocsFile, LIMITS));
      } catch (e) {
        if (e instanceof AppError && e.code === 'FILE_INVALID') return;
        throw e;
      }
    },
  };
}

function nmapTarget(): Target {
  const seeds = files(path.join(ROOT, 'test/fixtures/ipdiscover'), /\.xml$/);
  return {
    name: 'nmap',
    input: mutations(seeds),
    async run(input) {
      try {
        parseNmapXml(input.toString('utf8'));
      } catch (e) {
        if (e instanceof AppError && e.code === 'TOOL_FAILED') return;
        throw e;
      }
    },
  };
}

async function fuzz(t: Target): Promise<boolean> {
  let tried = 0;
  const started = Date.now();
  const result = await fc.check(
    fc.asyncProperty(t.input, async (b) => {
      tried++;
      await t.run(b);
    }),
    { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: seconds * 1000, seed, endOnFailure: true },
  );
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (result.failed && result.counterexample) {
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, `${t.name}-${seed}.bin`);
    writeFileSync(file, result.counterexample[0]);
    process.stdout.write(
      `fuzz ${t.name}: FINDING after ${tried} inputs (${secs} s, seed ${seed}): ${String(result.errorInstance).slice(0, 300)}\n` +
        `  input written to ${file}; replay with --seed ${seed} --target ${t.name}\n`,
    );
    return false;
  }
  process.stdout.write(`fuzz ${t.name}: ${tried} inputs in ${secs} s, no finding (seed ${seed})\n`);
  return true;
}

const targets = [ocsTarget(), nmapTarget()].filter((t) => only === 'all' || t.name === only);
void (async () => {
  let ok = true;
  try {
    for (const t of targets) ok = (await fuzz(t)) && ok;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
})();
