import { describe, expect, it } from 'vitest';
import { RawRow } from './raw-row';

const col = (r: RawRow, i: number) => (r.start[i]! < 0 ? null : r.buf.subarray(r.start[i], r.end[i]));

/** The dump reads rows straight from the driver's packets: every length encoding must come out right. */
describe('RawRow', () => {
  it('finds NULLs, empty values and each length encoding (1, 2, 3 and 8 bytes) in a row packet', () => {
    const values = [
      Buffer.from('42'),
      null,
      Buffer.alloc(0),
      Buffer.alloc(250, 0x61),
      Buffer.alloc(251, 0x62),
      Buffer.alloc(70_000, 0x63),
      Buffer.from([0xfb, 0xfc, 0xfe, 0x00]),
    ];
    const r = RawRow.of(values);
    // Buffer.equals: vitest's deep equality walks a 70 KB buffer byte by byte, slowly.
    values.forEach((v, i) => expect(v === null ? col(r, i) === null : col(r, i)?.equals(v)).toBe(true));
    const eight = Buffer.concat([Buffer.from([0xfe, 3, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('abc')]);
    expect(col(new RawRow(1).parse(eight, 0, eight.length), 0)).toEqual(Buffer.from('abc'));
  });

  it('reads a row inside a larger buffer and is reused from row to row', () => {
    const a = Buffer.from([0xff, 0xff, 2, 0x31, 0x32, 0xfb, 0xff]);
    const r = new RawRow(2).parse(a, 2, 6);
    expect(col(r, 0)).toEqual(Buffer.from('12'));
    expect(col(r, 1)).toBeNull();
    const b = Buffer.from([0, 1, 0x39]);
    r.parse(b, 0, 3);
    expect(col(r, 0)).toEqual(Buffer.alloc(0));
    expect(col(r, 1)).toEqual(Buffer.from('9'));
  });

  it('refuses a packet cut short or a bad length byte rather than reading past it', () => {
    expect(() => new RawRow(2).parse(Buffer.from([1, 0x31]), 0, 2)).toThrow(/before column 2/);
    expect(() => new RawRow(1).parse(Buffer.from([5, 0x31]), 0, 2)).toThrow(/past the end/);
    expect(() => new RawRow(1).parse(Buffer.from([0xff]), 0, 1)).toThrow(/bad length byte 0xff/);
  });
});
