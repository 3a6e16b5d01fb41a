import { hash } from 'node:crypto';
import type { RawRow } from './raw-row';
import type { ValueKind } from './sql-values';

/**
 * The hot path of a dump and of the restore's check: a row's `(v1,v2,...)` tuple written straight into
 * the INSERT being built (or one reused buffer), byte for byte what `tuple()` in sql-values.ts builds (so manifests written by
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

  /** The most bytes `row`'s tuple can take: every byte escaped, plus quotes, `_binary`, commas, NULLs. */
  worstCase(row: RawRow): number {
    const { start, end } = row;
    let need = 2;
    for (let i = 0; i < this.kinds.length; i++) {
      need += start[i]! < 0 ? 5 : 2 * (end[i]! - start[i]!) + 12;
    }
    return need;
  }

  /** The tuple in this encoder's own buffer. */
  encode(row: RawRow): Buffer {
    const need = this.worstCase(row);
    if (need > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length));
    this.length = this.encodeInto(row, this.buf, 0);
    return this.buf.subarray(0, this.length);
  }

  /**
   * Writes the tuple into `out` at `o` (the caller made room for `worstCase(row)` bytes) and returns
   * the offset after it: the dumper encodes straight into the INSERT being built.
   */
  encodeInto(row: RawRow, out: Buffer, o: number): number {
    const kinds = this.kinds;
    const { buf: v, start, end } = row;
    out[o++] = 0x28; // (
    for (let i = 0; i < kinds.length; i++) {
      if (i) out[o++] = 0x2c; // ,
      const s = start[i]!;
      if (s < 0) {
        o += NULL_BYTES.copy(out, o);
        continue;
      }
      const e = end[i]!;
      switch (kinds[i]) {
        case 'number':
          o = copyInto(v, s, e, out, o);
          break;
        case 'bit':
          if (e === s) {
            out[o++] = 0x62; // b''
            out[o++] = 0x27;
            out[o++] = 0x27;
          } else {
            out[o++] = 0x30; // 0x...
            out[o++] = 0x78;
            for (let j = s; j < e; j++) {
              out[o++] = HEX[v[j]! >> 4]!;
              out[o++] = HEX[v[j]! & 15]!;
            }
          }
          break;
        case 'binary':
          o += BINARY_INTRO.copy(out, o);
          o = escapeInto(v, s, e, out, o);
          out[o++] = 0x27;
          break;
        default:
          out[o++] = 0x27;
          o = escapeInto(v, s, e, out, o);
          out[o++] = 0x27;
      }
    }
    out[o++] = 0x29; // )
    return o;
  }
}

/** Copies `v[s, e)` into `out` at `o` with the server's backslash escapes; returns the new offset. */
function escapeInto(v: Buffer, s: number, e: number, out: Buffer, o: number): number {
  let from = s;
  for (let j = s; j < e; j++) {
    const x = ESCAPE[v[j]!]!;
    if (x === 0) continue;
    // Runs without escapes go as one copy.
    if (j > from) o = copyInto(v, from, j, out, o);
    out[o++] = 0x5c;
    out[o++] = x;
    from = j + 1;
  }
  if (e > from) o = copyInto(v, from, e, out, o);
  return o;
}

/**
 * `src[from, to)` into `out` at `o`. Most values are a few bytes (ids, dates, short names): a loop
 * beats `Buffer.copy`, whose argument checks cost more than the copy itself at that size.
 */
function copyInto(src: Buffer, from: number, to: number, out: Buffer, o: number): number {
  if (to - from > 32) return o + src.copy(out, o, from, to);
  for (let j = from; j < to; j++) out[o++] = src[j]!;
  return o;
}

const TWO32 = 2 ** 32;

/**
 * How a manifest's row hashes are computed: `md5`, the first 8 bytes of each tuple's MD5 (files
 * written before `mix64`, whose manifests have no `rowHash`), or `mix64`, two 32-bit lanes mixed in
 * JavaScript (a murmur3 lane and an xxh32-style lane over little-endian 4-byte words, each finished
 * by murmur3's avalanche). Profiling a 2,000-computer dump gave MD5 a third of the CPU: the native
 * call per 60-byte row cost more than the encoding. Neither is meant against tampering (the manifest
 * sits in the same file); both tell a lost, added or altered row.
 */
export type RowHashKind = 'md5' | 'mix64';
export const ROW_HASH: RowHashKind = 'mix64';

/**
 * Order-independent hash of a table's rows: the sum, mod 2^64, of each row tuple's 64-bit hash.
 * Computed on the tuples the dump writes and again on the restored table read the same way, so equal
 * hashes mean the same multiset of rows (whatever order the server returns them in). Kept as two
 * 32-bit halves (no BigInt per row).
 */
export class RowsHash {
  private hi = 0;
  private lo = 0;
  rows = 0;

  constructor(readonly kind: RowHashKind = ROW_HASH) {}

  /** Adds the row whose tuple is `buf[from, to)` (the whole buffer by default). */
  add(buf: Buffer, from = 0, to = buf.length): void {
    let h: number;
    let l: number;
    if (this.kind === 'md5') {
      const d = hash('md5', buf.subarray(from, to), 'buffer');
      h = d.readUInt32BE(0);
      l = d.readUInt32BE(4);
    } else {
      mix64(buf, from, to);
      h = MIX[0]!;
      l = MIX[1]!;
    }
    const lo = this.lo + l;
    const carry = lo >= TWO32 ? 1 : 0;
    this.lo = lo - carry * TWO32;
    this.hi = (this.hi + h + carry) % TWO32;
    this.rows++;
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** mix64's result (high, low), unsigned: no array or object per row. */
const MIX = new Uint32Array(2);

/** The `mix64` hash of `b[from, to)` into MIX. */
function mix64(b: Buffer, from: number, to: number): void {
  const n = to - from;
  let a = 0x9747b28c ^ n;
  let x = 0x165667b1 ^ n;
  const end4 = from + (n & ~3);
  let i = from;
  for (; i < end4; i += 4) {
    const w = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    let k = Math.imul(w, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    x = (x + Math.imul(w, 0x85ebca77)) | 0;
    x = Math.imul((x << 13) | (x >>> 19), 0x9e3779b1);
  }
  let w = 0;
  for (let s = 0; i < to; i++, s += 8) w |= b[i]! << s;
  if (n & 3) {
    let k = Math.imul(w, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    x = Math.imul(x + Math.imul(w, 0x27d4eb2f), 0x9e3779b1);
  }
  MIX[0] = fmix(a);
  MIX[1] = fmix(x ^ a);
}

/** murmur3's finaliser: every input bit moves every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
