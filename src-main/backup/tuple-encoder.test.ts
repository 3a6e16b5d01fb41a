import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tuple, type ValueKind } from './sql-values';
import { RawRow } from './raw-row';
import { RowsHash, TupleEncoder } from './tuple-encoder';

/** Manifests hold hashes of tuple bytes: the fast encoder must write exactly what `tuple()` does. */
describe('TupleEncoder', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const kinds: ValueKind[] = ['number', 'text', 'binary', 'bit', 'text', 'binary', 'bit', 'number'];
  const rows: Array<Array<Buffer | null>> = [
    [
      Buffer.from('-12.5e3'),
      all,
      all,
      Buffer.from([0x02, 0xaa]),
      null,
      Buffer.alloc(0),
      Buffer.alloc(0),
      null,
    ],
    [
      Buffer.from('0'),
      Buffer.from('it\'s \\ "q" ; -- 😀 é\n\r\x1a\0'),
      Buffer.alloc(200_000, 0x5c),
      Buffer.from([0]),
      Buffer.from('NULL'),
      Buffer.from("'"),
      Buffer.from([0xff]),
      Buffer.from('18446744073709551615'),
    ],
    [null, null, null, null, null, null, null, null],
    [
      Buffer.from('1'),
      Buffer.from('plain text with no escapes at all'),
      all.subarray(40, 50),
      null,
      Buffer.from(''),
      null,
      null,
      Buffer.from('2'),
    ],
  ];

  it('writes the same bytes as the reference tuple(), row after row in one reused buffer', () => {
    const enc = new TupleEncoder(kinds);
    for (const row of [...rows, ...rows.slice().reverse()]) {
      expect(enc.encode(RawRow.of(row)).equals(tuple(row, kinds))).toBe(true);
    }
  });

  it('encodes into a shared buffer at any offset, leaving the bytes around the tuple alone', () => {
    const enc = new TupleEncoder(kinds);
    const out = Buffer.alloc(600_000, 0x7e);
    let o = 3;
    for (const row of rows) {
      const end = enc.encodeInto(RawRow.of(row), out, o);
      expect(end - o).toBeLessThanOrEqual(enc.worstCase(RawRow.of(row)));
      expect(out.subarray(o, end).equals(tuple(row, kinds))).toBe(true);
      expect(out[end]).toBe(0x7e);
      o = end + 1;
    }
    expect(out[2]).toBe(0x7e);
  });

  it('RowsHash (md5, files from before mix64) is the order-independent sum mod 2^64 of the first 8 bytes of each MD5', () => {
    const tuples = rows.map((r) => tuple(r, kinds));
    const ref = tuples.reduce(
      (sum, t) => (sum + createHash('md5').update(t).digest().readBigUInt64BE(0)) & ((1n << 64n) - 1n),
      0n,
    );
    const a = new RowsHash('md5');
    const b = new RowsHash('md5');
    // Enough rows for the low half to carry into the high half many times.
    for (let i = 0; i < 50; i++) for (const t of tuples) a.add(t);
    for (let i = 0; i < 50; i++) for (const t of tuples.slice().reverse()) b.add(t);
    let ref50 = 0n;
    for (let i = 0; i < 50; i++) ref50 = (ref50 + ref) & ((1n << 64n) - 1n);
    expect(a.hex()).toBe(ref50.toString(16).padStart(16, '0'));
    expect(b.hex()).toBe(a.hex());
    expect(a.rows).toBe(200);
  });

  it('RowsHash mix64: pinned values, order-independent, a range hashes like the bytes alone', () => {
    const tuples = rows.map((r) => tuple(r, kinds));
    const one = (b: Buffer) => {
      const h = new RowsHash('mix64');
      h.add(b);
      return h.hex();
    };
    // Pinned: manifests written today must check in every later version.
    expect(one(Buffer.alloc(0))).toBe('ebb6c228e35fa3c0');
    expect(one(Buffer.from("(1,'a',NULL)"))).toBe('371321232e71456f');
    expect(one(Buffer.from('(1,2,3,4,5,6,7,8,9)'))).toBe('9d0aa5752fa0fcb0');
    const a = new RowsHash('mix64');
    const b = new RowsHash('mix64');
    for (let i = 0; i < 50; i++) for (const t of tuples) a.add(t);
    for (let i = 0; i < 50; i++) for (const t of tuples.slice().reverse()) b.add(t);
    expect(b.hex()).toBe(a.hex());
    expect(a.rows).toBe(200);
    const padded = Buffer.concat([Buffer.from('xyz'), tuples[1]!, Buffer.from('!')]);
    const c = new RowsHash('mix64');
    c.add(padded, 3, 3 + tuples[1]!.length);
    expect(c.hex()).toBe(one(tuples[1]!));
  });

  it('RowsHash mix64 tells rows that differ by one byte, one bit, their order of values or a duplicate', () => {
    const seen = new Set<string>();
    const base = Buffer.from("(12345,'Mozilla Firefox','2024-06-18 00:00:00',64)");
    const hashOf = (...bs: Buffer[]) => {
      const h = new RowsHash('mix64');
      for (const b of bs) h.add(b);
      return h.hex();
    };
    seen.add(hashOf(base));
    for (let i = 0; i < base.length; i++) {
      for (const bit of [1, 2, 4, 8, 16, 32, 64, 128]) {
        const m = Buffer.from(base);
        m[i]! ^= bit;
        seen.add(hashOf(m));
      }
    }
    expect(seen.size).toBe(1 + base.length * 8);
    expect(hashOf(Buffer.from('(1,2)'))).not.toBe(hashOf(Buffer.from('(2,1)')));
    expect(hashOf(base, base)).not.toBe(hashOf(base));
    expect(hashOf(base.subarray(0, base.length - 1))).not.toBe(hashOf(base));
  });
});
