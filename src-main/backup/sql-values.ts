/**
 * How a column's raw text-protocol value is written back as an SQL literal. Values are read with
 * `typeCast: false` (the server's own bytes, never a JS number or Date), so what is written is what the
 * server printed: no float rounding, no time-zone shift, no charset guess.
 */
export type ValueKind = 'number' | 'bit' | 'binary' | 'text';

/** mysql2 column type codes (MYSQL_TYPE_*) that print as bare numbers. */
const NUMERIC_TYPES = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);
const BIT_TYPE = 16;
const GEOMETRY_TYPE = 255;
const BINARY_CHARSET = 63;
/** Types that are strings or blobs: binary when their character set is `binary` (63). */
const STRING_TYPES = new Set([15, 245, 247, 248, 249, 250, 251, 252, 253, 254]);

export interface FieldMeta {
  columnType?: number;
  characterSet?: number;
}

export function valueKind(f: FieldMeta): ValueKind {
  const t = f.columnType ?? 253;
  if (NUMERIC_TYPES.has(t)) return 'number';
  if (t === BIT_TYPE) return 'bit';
  if (t === GEOMETRY_TYPE) return 'binary';
  if (STRING_TYPES.has(t) && f.characterSet === BINARY_CHARSET) return 'binary';
  return 'text';
}

const ESCAPES: Record<number, number> = {
  0x00: 0x30, // \0
  0x0a: 0x6e, // \n
  0x0d: 0x72, // \r
  0x1a: 0x5a, // \Z
  0x22: 0x22, // \"
  0x27: 0x27, // \'
  0x5c: 0x5c, // \\
};

function needsEscape(b: number): boolean {
  return b === 0x27 || b === 0x5c || b === 0x00 || b === 0x0a || b === 0x0d || b === 0x1a || b === 0x22;
}

/**
 * The bytes of a quoted string literal, escaped the way the server's own string escaping does (the
 * stock `mysql` client and the server both read it back byte for byte, whatever the bytes are).
 */
export function quoteBytes(raw: Buffer): Buffer {
  let extra = 0;
  for (let i = 0; i < raw.length; i++) if (needsEscape(raw[i]!)) extra++;
  const out = Buffer.allocUnsafe(raw.length + extra + 2);
  out[0] = 0x27;
  if (extra === 0) {
    raw.copy(out, 1);
  } else {
    let o = 1;
    for (let i = 0; i < raw.length; i++) {
      const b = raw[i]!;
      if (needsEscape(b)) {
        out[o++] = 0x5c;
        out[o++] = ESCAPES[b]!;
      } else out[o++] = b;
    }
  }
  out[out.length - 1] = 0x27;
  return out;
}

const NULL = Buffer.from('NULL');
const BINARY_INTRO = Buffer.from('_binary');
const EMPTY_BIT = Buffer.from("b''");

/** One value as an SQL literal. */
export function literal(raw: Buffer | null, kind: ValueKind): Buffer {
  if (raw === null) return NULL;
  switch (kind) {
    case 'number':
      return raw;
    case 'bit':
      return raw.length ? Buffer.from(`0x${raw.toString('hex')}`) : EMPTY_BIT;
    case 'binary':
      return Buffer.concat([BINARY_INTRO, quoteBytes(raw)]);
    case 'text':
      return quoteBytes(raw);
  }
}

const OPEN = Buffer.from('(');
const CLOSE = Buffer.from(')');
const COMMA = Buffer.from(',');

/**
 * A row as the `(v1,v2,...)` tuple of an INSERT: the reference the fast TupleEncoder (tuple-encoder.ts)
 * is tested against, byte for byte.
 */
export function tuple(row: ReadonlyArray<Buffer | null>, kinds: readonly ValueKind[]): Buffer {
  const parts: Buffer[] = [OPEN];
  for (let i = 0; i < kinds.length; i++) {
    if (i) parts.push(COMMA);
    parts.push(literal(row[i] ?? null, kinds[i]!));
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}
