import { FIXTURES_DIR } from '../../test/helpers/ocs-stack';
import { execFileSync } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { walkInputs } from './file-walker';
import { DEFAULT_LIMITS, readOcsFile, type ReadLimits } from './ocs-reader';

const FIXTURES = FIXTURES_DIR;
const GOOD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><CONTENT><HARDWARE><NAME>pc1</NAME><OSNAME> </OSNAME></HARDWARE>' +
  '<SOFTWARES><NAME>a &amp; b</NAME></SOFTWARES><SOFTWARES><NAME><![CDATA[c<d]]></NAME><VERSION/></SOFTWARES>' +
  '<DOWNLOAD><HISTORY><PACKAGE ID="1706695200"/></HISTORY></DOWNLOAD></CONTENT>' +
  '<DEVICEID>pc1-2024-01-31-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>\n';

let dir = '';
const f = (name: string) => path.join(dir, name);

async function reason(p: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<string> {
  try {
    await readOcsFile(p, limits);
  } catch (e) {
    if (e instanceof AppError) return e.code === 'FILE_INVALID' ? String(e.params.reason) : e.code;
    throw e;
  }
  return 'accepted';
}

/** zlib stream of `prefix` followed by `repeats` MiB of blanks, built from identical full-flush segments (never materialised). */
async function writeBomb(file: string, prefix: string, repeats: number, filler = ' '): Promise<void> {
  const d = zlib.createDeflate({ level: 9 });
  const segs: Buffer[] = [];
  let cur: Buffer[] = [];
  d.on('data', (b: Buffer) => cur.push(b));
  const blanks = Buffer.from(filler.repeat((1024 * 1024) / filler.length));
  for (const c of [Buffer.from(prefix), blanks, blanks]) {
    d.write(c);
    await new Promise<void>((r) => d.flush(zlib.constants.Z_FULL_FLUSH, () => r()));
    segs.push(Buffer.concat(cur));
    cur = [];
  }
  d.destroy();
  expect(segs[1]!.equals(segs[2]!)).toBe(true);
  const out = createWriteStream(file);
  out.write(Buffer.concat([segs[0]!, segs[1]!]));
  for (let i = 1; i < repeats; i++)
    if (!out.write(segs[1]!)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-reader-'));
  writeFileSync(f('good.ocs'), GOOD);
  writeFileSync(f('good.zlib.ocs'), zlib.deflateSync(Buffer.from(GOOD)));
  writeFileSync(f('good.gz.ocs'), zlib.gzipSync(Buffer.from(GOOD)));
  const big = zlib.deflateSync(readFileSync(path.join(FIXTURES, 'vm-2026-11-25-13-52-53.ocs')));
  writeFileSync(f('truncated.ocs'), big.subarray(0, Math.floor(big.length / 2)));
  writeFileSync(f('truncated-xml.ocs'), GOOD.slice(0, GOOD.length / 2));
  await writeBomb(f('bomb.ocs'), '<?xml version="1.0"?><REQUEST>', 4096); // expands to 4 GiB
  await writeBomb(f('bomb-tags.ocs'), '<?xml version="1.0"?><REQUEST>', 4096, '<A/>');
  writeFileSync(
    f('laughs.ocs'),
    '<?xml version="1.0"?><!DOCTYPE REQUEST [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' +
      '<REQUEST><DEVICEID>&d;</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT/></REQUEST>',
  );
  writeFileSync(
    f('xxe.ocs'),
    '<?xml version="1.0"?><!DOCTYPE REQUEST [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<REQUEST><DEVICEID>x-2024-01-31-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>&x;</NAME></HARDWARE></CONTENT></REQUEST>',
  );
  writeFileSync(f('undefined-entity.ocs'), GOOD.replace('a &amp; b', 'a &x; b'));
  writeFileSync(f('wrong-root.ocs'), GOOD.replace(/REQUEST>/g, 'REPLY>'));
  writeFileSync(f('no-deviceid.ocs'), GOOD.replace('<DEVICEID>pc1-2024-01-31-10-00-00</DEVICEID>', ''));
  writeFileSync(f('bad-deviceid.ocs'), GOOD.replace('pc1-2024-01-31-10-00-00', 'pc1'));
  writeFileSync(f('prolog.ocs'), GOOD.replace('<QUERY>INVENTORY</QUERY>', '<QUERY>PROLOG</QUERY>'));
  writeFileSync(f('deep.ocs'), GOOD.replace('<NAME>pc1</NAME>', '<A>'.repeat(40) + '</A>'.repeat(40)));
  const bad = Buffer.from(GOOD);
  bad[bad.indexOf('pc1</NAME>') + 1] = 0xc3; // 0xC3 followed by "1": invalid UTF-8
  writeFileSync(f('bad-utf8.ocs'), bad);
  writeFileSync(
    f('latin1.ocs'),
    Buffer.from(GOOD.replace('UTF-8', 'ISO-8859-1').replace('pc1</NAME>', 'pc\xe9</NAME>'), 'latin1'),
  );
  writeFileSync(
    f('latin1-c1.ocs'),
    Buffer.from(GOOD.replace('UTF-8', 'ISO-8859-1').replace('pc1</NAME>', 'pc\x80\x9f</NAME>'), 'latin1'),
  );
  writeFileSync(f('bom.ocs'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD)]));
  writeFileSync(f('empty.ocs'), '');
  writeFileSync(f('garbage.ocs'), 'hello');
  mkdirSync(f('a-directory.ocs'));
  // 100 MB software name, written in 1 MB pieces.
  const out = createWriteStream(f('huge-name.ocs'));
  out.write('<?xml version="1.0"?><REQUEST><CONTENT><SOFTWARES><NAME>');
  const mb = Buffer.alloc(1024 * 1024, 0x61);
  for (let i = 0; i < 100; i++)
    if (!out.write(mb)) await new Promise<void>((r) => out.once('drain', () => r()));
  out.write('</NAME></SOFTWARES></CONTENT></REQUEST>');
  await new Promise<void>((r) => out.end(() => r()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ocs reader', () => {
  it('reads plain, zlib and gzip files the same way (SuppressEmpty, entities, CDATA, history)', async () => {
    for (const name of ['good.ocs', 'good.zlib.ocs', 'good.gz.ocs']) {
      const inv = await readOcsFile(f(name));
      expect(inv.deviceId).toBe('pc1-2024-01-31-10-00-00');
      expect(inv.sections.get('HARDWARE')).toEqual([{ NAME: 'pc1' }]);
      expect(inv.sections.get('SOFTWARES')).toEqual([{ NAME: 'a & b' }, { NAME: 'c<d' }]);
      expect(inv.packages).toEqual(['1706695200']);
    }
    expect((await readOcsFile(f('good.zlib.ocs'))).format).toBe('zlib');
    expect((await readOcsFile(f('latin1.ocs'))).sections.get('HARDWARE')![0]!.NAME).toBe('pcé');
  });

  it('decodes ISO-8859-1 as true Latin-1 (0x80-0x9F are U+0080-U+009F, not windows-1252) (issue 16 defect 9)', async () => {
    expect((await readOcsFile(f('latin1-c1.ocs'))).sections.get('HARDWARE')![0]!.NAME).toBe('pc\u0080\u009f');
  });

  it('refuses a plain XML file with a UTF-8 byte order mark, as the comm server does (issue 16 defect 9)', async () => {
    expect(await reason(f('bom.ocs'))).toBe('utf8-bom');
  });

  it('reads the real agent files (plain and zlib) identically', async () => {
    const a = await readOcsFile(path.join(FIXTURES, 'vm-2026-11-25-13-52-53.ocs'));
    const b = await readOcsFile(path.join(FIXTURES, 'vm-2026-11-25-13-52-53.zlib.ocs'));
    expect(a.format).toBe('xml');
    expect(b.format).toBe('zlib');
    expect(b.sections).toEqual(a.sections);
    expect(a.sections.get('SOFTWARES')).toHaveLength(884);
  });

  it.each([
    ['truncated.ocs', 'truncated-compressed-data'],
    ['truncated-xml.ocs', 'truncated-xml'],
    ['laughs.ocs', 'doctype-not-allowed'],
    ['xxe.ocs', 'doctype-not-allowed'],
    ['undefined-entity.ocs', 'xml-malformed'],
    ['wrong-root.ocs', 'wrong-root'],
    ['no-deviceid.ocs', 'missing-deviceid'],
    ['bad-deviceid.ocs', 'bad-deviceid'],
    ['prolog.ocs', 'not-an-inventory'],
    ['deep.ocs', 'too-deep'],
    ['bad-utf8.ocs', 'invalid-utf8'],
    ['empty.ocs', 'empty-file'],
    ['garbage.ocs', 'unknown-format'],
    ['a-directory.ocs', 'is-a-directory'],
    ['missing.ocs', 'FILE_NOT_FOUND'],
  ])('refuses %s with reason %s', async (name, expected) => {
    expect(await reason(f(name))).toBe(expected);
  });

  it('stops a zlib bomb (4 GiB of output) early, with bounded memory', async () => {
    const rss0 = process.memoryUsage().rss;
    expect(await reason(f('bomb.ocs'))).toBe('compression-ratio-too-high');
    // Without the ratio limit the size limit stops it.
    const noRatio = {
      ...DEFAULT_LIMITS,
      maxRatio: Infinity,
      maxElements: Infinity,
      maxXmlBytes: 32 * 1024 * 1024,
    };
    expect(await reason(f('bomb-tags.ocs'), noRatio)).toBe('decompressed-too-large');
    expect(process.memoryUsage().rss - rss0).toBeLessThan(150 * 1024 * 1024);
  });

  it('refuses a 100 MB software name while streaming, with bounded memory', async () => {
    const rss0 = process.memoryUsage().rss;
    expect(await reason(f('huge-name.ocs'), { ...DEFAULT_LIMITS, maxFileBytes: 200 * 1024 * 1024 })).toBe(
      'field-too-long',
    );
    expect(await reason(f('huge-name.ocs'))).toBe('file-too-large');
    expect(process.memoryUsage().rss - rss0).toBeLessThan(150 * 1024 * 1024);
  });

  it('refuses special files (a FIFO) and unreadable files', async () => {
    execFileSync('mkfifo', [f('fifo.ocs')]);
    expect(await reason(f('fifo.ocs'))).toBe('not-a-regular-file');
    writeFileSync(f('secret.ocs'), GOOD);
    chmodSync(f('secret.ocs'), 0o000);
    // Root reads a mode-000 file anyway (DAC override): the access-denied path is only checkable as another user.
    if (process.getuid?.() === 0) expect(await reason(f('secret.ocs'))).toBe('accepted');
    else expect(await reason(f('secret.ocs'))).toBe('FILE_ACCESS_DENIED');
  });
});

describe('batch walker', () => {
  it('walks folders recursively, reports a symlink loop and dangling links, keeps only .ocs/.xml', async () => {
    const root = f('batch');
    mkdirSync(path.join(root, 'sub'), { recursive: true });
    writeFileSync(path.join(root, 'b.ocs'), GOOD);
    writeFileSync(path.join(root, 'sub', 'a.XML'), GOOD);
    writeFileSync(path.join(root, 'manifest.json'), '{}');
    symlinkSync(root, path.join(root, 'sub', 'loop'));
    symlinkSync(path.join(root, 'nowhere.ocs'), path.join(root, 'dangling.ocs'));
    symlinkSync(path.join(root, 'self.ocs'), path.join(root, 'self.ocs'));
    const got = [];
    for await (const e of walkInputs([root, path.join(root, 'b.ocs')])) got.push(e);
    const rel = got.map((e) => [path.relative(root, e.path), e.problem?.reason ?? 'ok']);
    expect(rel).toEqual([
      ['b.ocs', 'ok'],
      ['dangling.ocs', 'not-found'],
      ['self.ocs', 'symlink-loop'],
      ['sub/a.XML', 'ok'],
      ['sub/loop', 'symlink-loop'],
    ]);
  });
});
