// Byte-level mutators of the fuzzer, driven by a seeded generator so that a run is replayable by its seed.
import zlib from 'node:zlib';

export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    int(n) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    },
  };
}

/** Markup pieces that XML readers trip on (entities, CDATA, encodings, byte-order mark). */
export const MARKUP = [
  '<',
  '>',
  '</',
  '<!DOCTYPE a [<!ENTITY e "x">]>',
  '&e;',
  '&#0;',
  '<![CDATA[',
  ']]>',
  '\u00ff',
  '\xef\xbb\xbf',
].map((s) => Buffer.from(s, 'latin1'));

/**
 * The names a reader compares its input against, taken from its source: string literals that look
 * like element or attribute names, offered bare and as markup (`<X>`, `</X>`, ` X="`).
 */
export function dictionaryFrom(sources: string[], extra: string[] = []): Buffer[] {
  const names = new Set(extra);
  for (const src of sources)
    for (const m of src.matchAll(/(['"])([A-Za-z_][\w:-]{1,40})\1/g)) names.add(m[2]!);
  return [...names]
    .sort()
    .flatMap((n) => [n, `<${n}>`, `</${n}>`, ` ${n}="`])
    .map((s) => Buffer.from(s, 'latin1'));
}

export interface MutateWith {
  /** Markup pieces and dictionary tokens. */
  pieces: Buffer[];
  /** Another input to splice from (a corpus entry). */
  other(): Buffer;
  /** The input may be zlib/gzip: mutate what it inflates to and deflate it again. */
  recompress?: boolean;
}

const OPS = ['flip', 'insert', 'delete', 'truncate', 'dup', 'splice', 'piece', 'overwrite'] as const;

/** One byte-level operation at a random place. */
function mutateOnce(b: Buffer, r: Rng, w: MutateWith): Buffer {
  const op = OPS[r.int(OPS.length)]!;
  const i = r.int(b.length + 1);
  const at = (x: Buffer) => Buffer.concat([b.subarray(0, i), x, b.subarray(i)]);
  switch (op) {
    case 'flip': {
      if (!b.length) return at(Buffer.from([r.int(256)]));
      const c = Buffer.from(b);
      c[Math.min(i, c.length - 1)] = r.int(2) ? r.int(256) : c[Math.min(i, c.length - 1)]! ^ (1 << r.int(8));
      return c;
    }
    case 'insert':
      return at(Buffer.from([r.int(256)]));
    case 'delete':
      return Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + r.int(64))]);
    case 'truncate':
      return b.subarray(0, i);
    case 'dup':
      return at(b.subarray(i, i + 1 + r.int(4096)));
    case 'splice': {
      const o = w.other();
      const from = r.int(o.length + 1);
      return at(o.subarray(from, from + 1 + r.int(2048)));
    }
    case 'piece':
      return at(w.pieces[r.int(w.pieces.length)]!);
    case 'overwrite': {
      const p = w.pieces[r.int(w.pieces.length)]!;
      return Buffer.concat([b.subarray(0, i), p, b.subarray(i + p.length)]);
    }
  }
}

function inflate(b: Buffer): { plain: Buffer; format: 'zlib' | 'gzip' } | null {
  try {
    if (b[0] === 0x1f && b[1] === 0x8b) return { plain: zlib.gunzipSync(b), format: 'gzip' };
    if (b[0] === 0x78) return { plain: zlib.inflateSync(b), format: 'zlib' };
  } catch {
    // Not a whole stream: mutated as bytes.
  }
  return null;
}

/** A few stacked operations, mostly one or two (AFL's havoc keeps most children close to their parent). */
export function mutate(input: Buffer, r: Rng, w: MutateWith): Buffer {
  const packed = w.recompress && r.int(4) === 0 ? inflate(input) : null;
  let b = packed ? packed.plain : input;
  const n = 1 + (r.int(2) ? 0 : r.int(r.int(2) ? 2 : 8));
  for (let k = 0; k < n; k++) b = mutateOnce(b, r, w);
  if (packed) return packed.format === 'zlib' ? zlib.deflateSync(b) : zlib.gzipSync(b);
  // Sometimes compress a plain input, as the agent does.
  if (w.recompress && r.int(16) === 0 && !inflate(b))
    return r.int(2) ? zlib.deflateSync(b) : zlib.gzipSync(b);
  return b;
}
