/**
 * One text-protocol result row as the server sent it: column i is `buf[start[i], end[i])`, or NULL
 * when `start[i]` is -1. The dump reads rows this way instead of the driver's array of one Buffer per
 * value: at 14 M software rows of 14 columns, those 200 M small Buffers and their GC were the largest
 * cost left in a dump after the row hash. One RawRow is reused for every row of a result: valid
 * during the callback that receives it only.
 */
export class RawRow {
  buf: Buffer = EMPTY;
  readonly start: Int32Array;
  readonly end: Int32Array;

  constructor(readonly columns: number) {
    this.start = new Int32Array(columns);
    this.end = new Int32Array(columns);
  }

  /** Points at the columns of the row packet whose payload is `buf[from, to)`. */
  parse(buf: Buffer, from: number, to: number): this {
    this.buf = buf;
    let o = from;
    for (let i = 0; i < this.columns; i++) {
      if (o >= to) throw new Error(`row packet ends before column ${i + 1} of ${this.columns}`);
      // Length-encoded integer: one byte below 251; 0xfb is NULL; 0xfc/0xfd/0xfe: 2, 3, 8 bytes follow.
      let len = buf[o++]!;
      if (len >= 0xfb) {
        if (len === 0xfb) {
          this.start[i] = -1;
          this.end[i] = -1;
          continue;
        }
        if (len === 0xfc) {
          len = buf[o]! | (buf[o + 1]! << 8);
          o += 2;
        } else if (len === 0xfd) {
          len = buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16);
          o += 3;
        } else if (len === 0xfe) {
          len = buf.readUInt32LE(o) + buf.readUInt32LE(o + 4) * 2 ** 32;
          o += 8;
        } else throw new Error(`bad length byte 0x${len.toString(16)} in column ${i + 1}`);
      }
      if (o + len > to) throw new Error(`column ${i + 1} runs past the end of its row packet`);
      this.start[i] = o;
      o += len;
      this.end[i] = o;
    }
    return this;
  }

  /** A row of these values (tests, and the reference `tuple()` comparison). */
  static of(values: ReadonlyArray<Buffer | null>): RawRow {
    const parts: Buffer[] = [];
    for (const v of values) {
      if (v === null) parts.push(Buffer.from([0xfb]));
      else if (v.length < 251) parts.push(Buffer.from([v.length]), v);
      else if (v.length < 1 << 16) parts.push(Buffer.from([0xfc, v.length & 255, v.length >> 8]), v);
      else if (v.length < 1 << 24) {
        parts.push(Buffer.from([0xfd, v.length & 255, (v.length >> 8) & 255, v.length >> 16]), v);
      } else {
        const h = Buffer.alloc(9);
        h[0] = 0xfe;
        h.writeUInt32LE(v.length, 1);
        parts.push(h, v);
      }
    }
    const buf = Buffer.concat(parts);
    return new RawRow(values.length).parse(buf, 0, buf.length);
  }
}

const EMPTY = Buffer.alloc(0);
