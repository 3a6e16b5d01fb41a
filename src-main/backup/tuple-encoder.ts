import { hash } from 'node:crypto';
import type { ValueKind } from './sql-values';

/**
 * The hot path of a dump and of the restore's check: a row's `(v1,v2,...)` tuple written straight into
 * one reused buffer, byte for byte what `tuple()` in sql-values.ts builds (so manifests written by
 * either agree), without a Buffer per value or per row. Profiling the first dumper at 2,000 computers
 * gave a quarter of its CPU to per-row allocations (Buffer.concat, a Hash object per row) and their GC.
 */

/** Byte → the letter after the backslash, 0 when the byte is written as is (the server's escapes). */
const ESCAPE = new Uint8Array(256);
ESCAPE[0x00] = 0x30; // \0
ESCAPE[0x0a] = 0x6e; // \n
ESCAPE[0x0d] = 0x72; // \r
ESCAPE[0x1a] = 0x5a; // \Z
ESCAPE[0x22] = 0x22; // \"
ESCAPE[0x27] = 0x27; // \'
ESCAPE[0x5c] = 0x5c; // \\

const NULL_BYTES = Buffer.from('NULL');
const BINARY_INTRO = Buffer.from("_binary'");
const HEX = Buffer.from('0123456789abcdef');

export class TupleEncoder {
  /** The last encoded tuple is `buf[0, length)`; valid until the next `encode`. */
  buf = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  constructor(private readonly kinds: readonly ValueKind[]) {}

  encode(row: ReadonlyArray<Buffer | null>): Buffer {
    const kinds = this.kinds;
    // Worst case: every byte escaped, plus quotes, `_binary`, commas and NULLs.
    let need = 2;
    for (let i = 0; i < kinds.length; i++) {
      const v = row[i];
      need += v ? 2 * v.length + 12 : 5;
    }
    if (need > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length));
    const out = this.buf;
    let o = 0;
    out[o++] = 0x28; // (
    for (let i = 0; i < kinds.length; i++) {
      if (i) out[o++] = 0x2c; // ,
      const v = row[i] ?? null;
      if (v === null) {
        o += NULL_BYTES.copy(out, o);
        continue;
      }
      switch (kinds[i]) {
        case 'number':
          o += v.copy(out, o);
          break;
        case 'bit':
          if (v.length === 0) {
            out[o++] = 0x62; // b''
            out[o++] = 0x27;
            out[o++] = 0x27;
          } else {
            out[o++] = 0x30; // 0x...
            out[o++] = 0x78;
            for (let j = 0; j < v.length; j++) {
              out[o++] = HEX[v[j]! >> 4]!;
              out[o++] = HEX[v[j]! & 15]!;
            }
          }
          break;
        case 'binary':
          o += BINARY_INTRO.copy(out, o);
          o = escapeInto(v, out, o);
          out[o++] = 0x27;
          break;
        default:
          out[o++] = 0x27;
          o = escapeInto(v, out, o);
          out[o++] = 0x27;
      }
    }
    out[o++] = 0x29; // )
    this.length = o;
    return out.subarray(0, o);
  }
}

/** Copies `v` into `out` at `o` with the server's backslash escapes; returns the new offset. */
function escapeInto(v: Buffer, out: Buffer, o: number): number {
  let from = 0;
  for (let j = 0; j < v.length; j++) {
    const e = ESCAPE[v[j]!]!;
    if (e === 0) continue;
    // Runs without escapes go by memcpy.
    if (j > from) o += v.copy(out, o, from, j);
    out[o++] = 0x5c;
    out[o++] = e;
    from = j + 1;
  }
  if (v.length > from) o += v.copy(out, o, from, v.length);
  return o;
}

const TWO32 = 2 ** 32;

/**
 * Order-independent hash of a table's rows: the sum, mod 2^64, of the first 8 bytes of each row
 * tuple's MD5. Computed on the tuples the dump writes and again on the restored table read the same
 * way, so equal hashes mean the same multiset of rows (whatever order the server returns them in).
 * Kept as two 32-bit halves (no BigInt per row); one-shot `crypto.hash` (no Hash object per row).
 */
export class RowsHash {
  private hi = 0;
  private lo = 0;
  rows = 0;

  add(tupleBytes: Buffer): void {
    const d = hash('md5', tupleBytes, 'buffer');
    const lo = this.lo + d.readUInt32BE(4);
    const carry = lo >= TWO32 ? 1 : 0;
    this.lo = lo - carry * TWO32;
    this.hi = (this.hi + d.readUInt32BE(0) + carry) % TWO32;
    this.rows++;
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}
