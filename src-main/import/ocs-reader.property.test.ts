import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hostileText, runs, xmlEscape } from '../../test/helpers/property';
import { AppError } from '../platform/errors';
import { readOcsFile, type Inventory, type ReadLimits } from './ocs-reader';

/**
 * Properties of the `.ocs` reader over generated files: whatever the bytes, it either returns an
 * inventory within its limits or throws its own FILE_INVALID error with a short reason — never a
 * TypeError, a raw parser/zlib error, a hang or an unbounded value.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'ocs-reader-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

/** Small limits so that generated inputs actually reach them. */
const SMALL: ReadLimits = {
  maxFileBytes: 8 * 1024,
  maxXmlBytes: 16 * 1024,
  maxRatio: 50,
  ratioCheckAfter: 1024,
  maxDepth: 8,
  maxFieldChars: 64,
  maxElements: 200,
};

/** A small file that takes longer than this is a hang (the whole suite reads thousands). */
const HANG_MS = 3000;

type Outcome = { ok: Inventory } | { reason: string };

async function read(bytes: Uint8Array, limits: ReadLimits = SMALL): Promise<Outcome> {
  const file = path.join(dir, `f${seq++}.ocs`);
  writeFileSync(file, bytes);
  let timer: NodeJS.Timeout | undefined;
  try {
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`hang: no answer in ${HANG_MS} ms`)), HANG_MS);
    });
    return { ok: await Promise.race([readOcsFile(file, limits), hang]) };
  } catch (e) {
    // Anything but the reader's own error is a finding (the raw error is rethrown for the report).
    if (!(e instanceof AppError) || e.code !== 'FILE_INVALID') throw e;
    const reason = String(e.params.reason);
    expect(reason).toMatch(/^[a-z0-9-]{3,40}$/);
    expect(String(e.params.detail ?? '').length).toBeLessThanOrEqual(300);
    return { reason };
  } finally {
    clearTimeout(timer);
    rmSync(file, { force: true });
  }
}

/** Every value the reader returns respects the limits it was given. */
function withinLimits(inv: Inventory, limits: ReadLimits): void {
  expect(inv.fileBytes).toBeLessThanOrEqual(limits.maxFileBytes);
  expect(inv.xmlBytes).toBeLessThanOrEqual(limits.maxXmlBytes);
  expect(inv.deviceId.length).toBeLessThanOrEqual(limits.maxFieldChars);
  let rows = 0;
  for (const list of inv.sections.values()) {
    for (const row of list) {
      rows++;
      for (const v of Object.values(row)) expect(v.length).toBeLessThanOrEqual(limits.maxFieldChars);
    }
  }
  expect(rows).toBeLessThanOrEqual(limits.maxElements);
}

/** Generated values (xmlEscape drops the characters XML forbids, so the documents stay valid). */
const xmlText = hostileText(80);
const section = fc.record({
  name: fc.constantFrom('HARDWARE', 'BIOS', 'SOFTWARES', 'NETWORKS', 'DRIVES', 'X_UNKNOWN'),
  fields: fc.array(fc.tuple(fc.constantFrom('NAME', 'VERSION', 'SERIAL', 'IPADDRESS', 'X'), xmlText), {
    maxLength: 5,
  }),
});
const inventoryXml = fc
  .record({
    sections: fc.array(section, { maxLength: 8 }),
    deviceId: fc.constantFrom('pc-2024-01-31-10-00-00'),
  })
  .map(
    ({ sections, deviceId }) =>
      '<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST><CONTENT>' +
      sections
        .map(
          (s) =>
            `<${s.name}>${s.fields.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('')}</${s.name}>`,
        )
        .join('') +
      `</CONTENT><DEVICEID>${deviceId}</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>`,
  );

/** A byte-level mutation of a document: flip, insert, delete, truncate, duplicate a slice. */
const mutated = (base: fc.Arbitrary<Uint8Array>) =>
  fc
    .tuple(
      base,
      fc.array(
        fc.tuple(fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'dup'), fc.nat(), fc.nat(255)),
        { minLength: 1, maxLength: 6 },
      ),
    )
    .map(([b, ops]) => {
      let out = Buffer.from(b);
      for (const [op, at, byte] of ops) {
        const i = out.length ? at % out.length : 0;
        if (op === 'flip' && out.length) out[i] = byte;
        else if (op === 'insert')
          out = Buffer.concat([out.subarray(0, i), Buffer.from([byte]), out.subarray(i)]);
        else if (op === 'delete') out = Buffer.concat([out.subarray(0, i), out.subarray(i + 1)]);
        else if (op === 'truncate') out = out.subarray(0, i);
        else if (op === 'dup')
          out = Buffer.concat([out.subarray(0, i), out.subarray(i, i + byte), out.subarray(i)]);
      }
      return new Uint8Array(out);
    });

const encoded = (xml: fc.Arbitrary<string>) =>
  fc.tuple(xml, fc.constantFrom('xml', 'zlib', 'gzip')).map(([x, fmt]) => {
    const b = Buffer.from(x, 'utf8');
    return new Uint8Array(fmt === 'zlib' ? zlib.deflateSync(b) : fmt === 'gzip' ? zlib.gzipSync(b) : b);
  });

describe('.ocs reader properties', { timeout: 60_000 }, () => {
  it('any byte sequence: an inventory within the limits or FILE_INVALID', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bytes) => {
        const r = await read(bytes);
        if ('ok' in r) withinLimits(r.ok, SMALL);
      }),
      runs(120),
    );
  });

  it('bytes that start like zlib, gzip or XML: the same', async () => {
    const heads = fc.constantFrom(
      [0x78, 0x9c],
      [0x78, 0xda],
      [0x1f, 0x8b, 0x08],
      [0x3c],
      [0xef, 0xbb, 0xbf, 0x3c],
    );
    await fc.assert(
      fc.asyncProperty(heads, fc.uint8Array({ maxLength: 2048 }), async (h, rest) => {
        const r = await read(new Uint8Array([...h, ...rest]));
        if ('ok' in r) withinLimits(r.ok, SMALL);
      }),
      runs(120),
    );
  });

  it('valid generated inventories are read back with their values (within the limits)', async () => {
    const big: ReadLimits = { ...SMALL, maxFieldChars: 1024, maxFileBytes: 1 << 20, maxXmlBytes: 1 << 20 };
    await fc.assert(
      fc.asyncProperty(encoded(inventoryXml), async (bytes) => {
        const r = await read(bytes, big);
        expect(r).toHaveProperty('ok');
        if ('ok' in r) withinLimits(r.ok, big);
      }),
      runs(100),
    );
  });

  it('mutated inventories (plain, zlib, gzip): an inventory within the limits or FILE_INVALID', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(encoded(inventoryXml)), async (bytes) => {
        const r = await read(bytes);
        if ('ok' in r) withinLimits(r.ok, SMALL);
      }),
      runs(200),
    );
  });

  it('a value longer than maxFieldChars or nesting deeper than maxDepth is refused with its reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 65, max: 2000 }),
        fc.integer({ min: 9, max: 40 }),
        async (len, depth) => {
          const long =
            '<REQUEST><CONTENT><HARDWARE><NAME>' +
            'x'.repeat(len) +
            '</NAME></HARDWARE></CONTENT><DEVICEID>pc-2024-01-31-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>';
          expect(await read(Buffer.from(long), { ...SMALL, maxFileBytes: 1 << 20 })).toEqual({
            reason: 'field-too-long',
          });
          const deep = '<REQUEST>' + '<A>'.repeat(depth) + '</A>'.repeat(depth) + '</REQUEST>';
          expect(await read(Buffer.from(deep))).toEqual({ reason: 'too-deep' });
        },
      ),
      runs(30),
    );
  });
});

/** Cases the properties found, kept as plain regression tests. */
describe('.ocs reader: regressions found by the properties', () => {
  it('a zlib file with bytes after the end of its stream is corrupt data, not a cancelled job', async () => {
    const xml = Buffer.from(
      '<REQUEST><CONTENT/><DEVICEID>pc-2024-01-31-10-00-00</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>',
    );
    const z = zlib.deflateSync(xml);
    expect(await read(Buffer.concat([z, z]))).toEqual({ reason: 'corrupt-compressed-data' });
    expect(await read(Buffer.concat([z, Buffer.from('garbage')]))).toEqual({
      reason: 'corrupt-compressed-data',
    });
  });
});
