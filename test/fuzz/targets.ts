// The two readers of foreign input under fuzzing: the `.ocs` reader and the nmap XML reader. For each:
// its seeds, its dictionary (names taken from its source), its own modules (where coverage counts) and
// what counts as a finding (any error but the reader's own).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import zlib from 'node:zlib';
import { DEFAULT_LIMITS, readOcsFile, type ReadLimits } from '../../src-main/import/ocs-reader';
import { SECTIONS } from '../../src-main/import/ocs-map';
import { parseNmapXml } from '../../src-main/ipdiscover/analysis/nmap-xml';
import { AppError } from '../../src-main/platform/errors';
import { dictionaryFrom, MARKUP } from './mutators';

export const TARGET_NAMES = ['ocs', 'nmap'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetDef {
  /** Repository paths of the reader's own modules (coverage counts there only). */
  modules: string[];
  seeds(root: string, fixtures: string): Buffer[];
  /** Markup pieces and the names the reader compares against. */
  pieces(root: string): Buffer[];
  recompress: boolean;
  /** Worker side; `work` is a folder for the input file. Throws a finding. */
  run(input: Buffer, work: string): Promise<void>;
}

/** The import's own limits, with lower caps on size and elements for the fuzzer's runs. */
const LIMITS: ReadLimits = {
  ...DEFAULT_LIMITS,
  maxFileBytes: 2 * 1024 * 1024,
  maxXmlBytes: 4 * 1024 * 1024,
  maxElements: 200_000,
};

function files(dir: string, re: RegExp): Buffer[] {
  return readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => readFileSync(path.join(dir, f)));
}

const sources = (root: string, modules: string[]) =>
  modules.map((m) => readFileSync(path.join(root, m), 'utf8'));

const OCS_MODULES = ['src-main/import/ocs-reader.ts', 'src-main/import/ocs-map.ts'];
const NMAP_MODULES = ['src-main/ipdiscover/analysis/nmap-xml.ts'];

export const TARGETS: Record<TargetName, TargetDef> = {
  ocs: {
    modules: OCS_MODULES,
    seeds(_root, fixtures) {
      const small = Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><CONTENT><HARDWARE><NAME>pc1</NAME></HARDWARE>' +
          '<SOFTWARES><NAME>a &amp; b</NAME></SOFTWARES><DOWNLOAD><HISTORY><PACKAGE ID="1"/></HISTORY></DOWNLOAD></CONTENT>' +
          '<DEVICEID>pc1-2024-01-31-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>\n',
      );
      // Small seeds first: they are cheap to run, so most mutations start from them.
      return [small, zlib.gzipSync(small), zlib.deflateSync(small), ...files(fixtures, /\.(ocs|xml)$/)];
    },
    pieces: (root) => [
      ...MARKUP,
      ...dictionaryFrom(
        sources(root, OCS_MODULES),
        SECTIONS.flatMap((s) => [s.section, ...s.fields]),
      ),
    ],
    recompress: true,
    async run(input, work) {
      const file = path.join(work, `input-${threadId}.ocs`);
      writeFileSync(file, input);
      try {
        await readOcsFile(file, LIMITS);
      } catch (e) {
        if (e instanceof AppError && e.code === 'FILE_INVALID') return;
        throw e;
      }
    },
  },
  nmap: {
    modules: NMAP_MODULES,
    seeds: (root) => files(path.join(root, 'test/fixtures/ipdiscover'), /\.xml$/),
    pieces: (root) => [...MARKUP, ...dictionaryFrom(sources(root, NMAP_MODULES))],
    recompress: false,
    async run(input) {
      try {
        parseNmapXml(input.toString('utf8'));
      } catch (e) {
        if (e instanceof AppError && e.code === 'TOOL_FAILED') return;
        throw e;
      }
    },
  },
};
