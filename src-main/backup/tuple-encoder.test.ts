import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tuple, type ValueKind } from './sql-values';
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
      expect(enc.encode(row).equals(tuple(row, kinds))).toBe(true);
    }
  });

  it('RowsHash is the order-independent sum mod 2^64 of the first 8 bytes of each MD5', () => {
    const tuples = rows.map((r) => tuple(r, kinds));
    const ref = tuples.reduce(
      (sum, t) => (sum + createHash('md5').update(t).digest().readBigUInt64BE(0)) & ((1n << 64n) - 1n),
      0n,
    );
    const a = new RowsHash();
    const b = new RowsHash();
    // Enough rows for the low half to carry into the high half many times.
    for (let i = 0; i < 50; i++) for (const t of tuples) a.add(t);
    for (let i = 0; i < 50; i++) for (const t of tuples.slice().reverse()) b.add(t);
    let ref50 = 0n;
    for (let i = 0; i < 50; i++) ref50 = (ref50 + ref) & ((1n << 64n) - 1n);
    expect(a.hex()).toBe(ref50.toString(16).padStart(16, '0'));
    expect(b.hex()).toBe(a.hex());
    expect(a.rows).toBe(200);
  });
});
