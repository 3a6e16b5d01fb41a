import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { SaxesParser } from 'saxes';
import { AppError } from '../platform/errors';
import { DEVICEID_RE, MULTI_SECTIONS } from './ocs-map';

/** Strict limits for one `.ocs` file (hostile files must fail fast with bounded memory). */
export interface ReadLimits {
  /** Size of the file on disk (compressed or not). */
  maxFileBytes: number;
  /** Size of the XML text after inflating. */
  maxXmlBytes: number;
  /** Inflated / compressed bytes, checked once `ratioCheckAfter` bytes came out. */
  maxRatio: number;
  ratioCheckAfter: number;
  maxDepth: number;
  /** Characters of one value (text of one element, attribute). */
  maxFieldChars: number;
  maxElements: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxXmlBytes: 128 * 1024 * 1024,
  maxRatio: 200,
  ratioCheckAfter: 256 * 1024,
  maxDepth: 32,
  maxFieldChars: 64 * 1024,
  maxElements: 2_000_000,
};

export type Row = Record<string, string>;
export type FileFormat = 'zlib' | 'gzip' | 'xml';

/** One inventory as the server sees it (XML::Simple with SuppressEmpty: empty values are absent). */
export interface Inventory {
  deviceId: string;
  query: string;
  format: FileFormat;
  fileBytes: number;
  xmlBytes: number;
  /** Section name → rows, in document order (single-row sections may have several: see the writer). */
  sections: Map<string, Row[]>;
  /** DOWNLOAD/HISTORY/PACKAGE@ID values. */
  packages: string[];
  oldDeviceId: string | null;
}

/** A file we refuse, with a short stable reason (the per-file report shows it). */
export function invalid(path: string, reason: string, detail = ''): AppError {
  return new AppError('FILE_INVALID', { path, reason, detail });
}

/** First bytes → format. zlib: CMF 0x78 and a valid header check; gzip: 1f 8b; XML: '<' after BOM/blanks. */
export function detectFormat(head: Buffer): FileFormat | null {
  if (head.length >= 2 && head[0] === 0x78 && ((head[0] << 8) | head[1]!) % 31 === 0) return 'zlib';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  let i = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d))
    i++;
  return head[i] === 0x3c ? 'xml' : null;
}

type ChunkDecoder = { decode(chunk?: Uint8Array, opts?: { stream?: boolean }): string };

/** True ISO-8859-1 (bytes 0x80-0x9F stay U+0080-U+009F, as the comm server's Perl keeps them), unlike WHATWG's "latin1". */
const LATIN1: ChunkDecoder = {
  decode: (chunk) =>
    chunk ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1') : '',
};

function decoderFor(path: string, declHead: string): ChunkDecoder {
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._+-]+)["']/.exec(declHead);
  const enc = (m?.[1] ?? 'UTF-8').toLowerCase();
  if (enc === 'utf-8' || enc === 'utf8') return new TextDecoder('utf-8', { fatal: true });
  if (['iso-8859-1', 'latin1', 'iso8859-1'].includes(enc)) return LATIN1;
  if (['windows-1252', 'cp1252'].includes(enc)) return new TextDecoder('windows-1252');
  throw invalid(path, 'unsupported-encoding', enc);
}

interface SaxInternals {
  text: string;
  name: string;
  piTarget: string;
  attribList: unknown[];
}

/** Builds the Inventory from SAX events; enforces depth, element count and value length. */
class InventoryBuilder {
  readonly stack: string[] = [];
  elements = 0;
  root: string | null = null;
  deviceId: string | null = null;
  contentDeviceId: string | null = null;
  query: string | null = null;
  hasContent = false;
  sections = new Map<string, Row[]>();
  packages: string[] = [];
  oldDeviceId: string | null = null;
  private row: Row | null = null;
  private text = '';
  private textOpen = false;

  constructor(
    private readonly path: string,
    private readonly limits: ReadLimits,
  ) {}

  open(name: string, attrs: Record<string, string>): void {
    if (++this.elements > this.limits.maxElements)
      throw invalid(this.path, 'too-many-elements', String(this.limits.maxElements));
    const depth = this.stack.length + 1;
    if (depth > this.limits.maxDepth) throw invalid(this.path, 'too-deep', String(this.limits.maxDepth));
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    if (depth === 1) {
      this.root = name;
      if (name !== 'REQUEST') throw invalid(this.path, 'wrong-root', name);
      return;
    }
    if (depth === 2) {
      if (name === 'CONTENT') this.hasContent = true;
      this.textOpen = name === 'DEVICEID' || name === 'QUERY';
      this.text = '';
      return;
    }
    if (this.stack[1] !== 'CONTENT') return;
    if (depth === 3) {
      this.row = {};
      this.textOpen = name === 'OLD_DEVICEID' || name === 'DEVICEID';
      this.text = '';
      return;
    }
    if (depth === 4) {
      this.textOpen = true;
      this.text = '';
      return;
    }
    if (depth === 5 && name === 'PACKAGE' && parent === 'HISTORY' && this.stack[2] === 'DOWNLOAD') {
      const id = attrs.ID;
      if (id !== undefined && id.trim() !== '') this.packages.push(id);
    }
    if (depth === 5 && name === 'OLD_DEVICEID' && parent === 'HISTORY' && this.stack[2] === 'DOWNLOAD') {
      this.textOpen = true;
      this.text = '';
    }
  }

  addText(t: string): void {
    if (!this.textOpen) return;
    if (this.text.length + t.length > this.limits.maxFieldChars) {
      throw invalid(
        this.path,
        'field-too-long',
        `${this.stack.join('/')} > ${this.limits.maxFieldChars} characters`,
      );
    }
    this.text += t;
  }

  close(): void {
    const depth = this.stack.length;
    const name = this.stack.pop()!;
    // XML::Simple SuppressEmpty: an element whose text is empty or only blanks is absent.
    const value = this.textOpen && !isBlank(this.text) ? this.text : null;
    if (depth === 2) {
      if (name === 'DEVICEID' && value !== null && this.deviceId === null) this.deviceId = value;
      if (name === 'QUERY' && value !== null && this.query === null) this.query = value;
      this.textOpen = false;
      return;
    }
    if (this.stack[1] !== 'CONTENT' && depth > 2) return;
    if (depth === 4) {
      // A repeated field keeps its first value (the server would store a Perl list reference).
      if (value !== null && this.row && !(name in this.row)) this.row[name] = value;
      this.textOpen = false;
      return;
    }
    if (depth === 5 && name === 'OLD_DEVICEID' && value !== null && this.oldDeviceId === null) {
      this.oldDeviceId = value;
      this.textOpen = false;
      return;
    }
    if (depth === 3) {
      if (name === 'OLD_DEVICEID') {
        if (value !== null) this.oldDeviceId = value;
      } else if (name === 'DEVICEID') {
        if (value !== null) this.contentDeviceId = value;
      } else if (this.row && Object.keys(this.row).length > 0) {
        const list = this.sections.get(name);
        if (list) list.push(this.row);
        else this.sections.set(name, [this.row]);
      }
      this.row = null;
      this.textOpen = false;
    }
  }
}

/** `s.trim() === ''`, without trim's copy when the first character is printable ASCII (most values). */
function isBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return s.trim() === '';
}

/** What the streaming reader feeds with SAX events (InventoryBuilder, or a first pass reading one field). */
export interface XmlSink {
  open(name: string, attrs: Record<string, string>): void;
  close(): void;
  addText(t: string): void;
}

/** Thrown by a sink that has what it needs: the reader stops there, without error (inventory-date.ts). */
export class StopReading extends Error {}

/**
 * Streams one `.ocs` file (zlib, gzip or plain XML) into `sink`: inflate with size and ratio limits,
 * strict decoding, a SAX parser that refuses any DOCTYPE (so no entity expansion at all). Returns
 * early, without error, when the sink throws StopReading.
 */
export async function streamOcsFile(
  path: string,
  sink: XmlSink,
  limits: ReadLimits = DEFAULT_LIMITS,
  signal?: AbortSignal,
  /** Called with each chunk's size before it is parsed; reading pauses while it waits (the batch's byte budget). */
  onXmlBytes?: (n: number) => Promise<void> | void,
): Promise<{ format: FileFormat; fileBytes: number; xmlBytes: number; stopped: boolean }> {
  const { format, fileBytes, head, whole } = await probeFile(path, limits);
  const decodeHead = async (): Promise<string> => {
    if (format === 'xml') return head.toString('latin1');
    try {
      const h =
        format === 'zlib'
          ? zlib.inflateSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH })
          : zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      return h.subarray(0, 512).toString('latin1');
    } catch {
      return '';
    }
  };
  if (format === 'xml' && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    throw invalid(
      path,
      'utf8-bom',
      'a plain XML file starting with a byte order mark (the comm server answers 500)',
    );
  const decoder = decoderFor(path, await decodeHead());
  const parser = new SaxesParser({ position: false });
  const sax = parser as unknown as SaxInternals;
  // Raw token limit: one value may carry entities (&amp; is 5 characters for 1).
  const tokenLimit = limits.maxFieldChars * 6 + 4096;
  parser.on('doctype', () => {
    throw invalid(path, 'doctype-not-allowed', 'DOCTYPE declarations (and so entities) are refused');
  });
  parser.on('opentag', (t) => sink.open(t.name, t.attributes as Record<string, string>));
  parser.on('closetag', () => sink.close());
  parser.on('text', (t) => sink.addText(t));
  parser.on('cdata', (t) => sink.addText(t));
  parser.on('error', (e) => {
    throw e;
  });

  let inBytes = 0;
  let outBytes = 0;
  let bomChecked = false;
  const feed = (s: string) => {
    for (let i = 0; i < s.length; i += 65536) {
      parser.write(s.slice(i, i + 65536));
      if (sax.text.length > tokenLimit || sax.name.length > 4096 || sax.piTarget.length > 4096) {
        throw invalid(
          path,
          'field-too-long',
          `a value or markup token is longer than ${limits.maxFieldChars} characters`,
        );
      }
      if (sax.attribList.length > 256) throw invalid(path, 'too-many-attributes');
    }
  };
  const stages: Array<
    | NodeJS.ReadableStream
    | NodeJS.ReadWriteStream
    | ((src: AsyncIterable<Buffer>) => AsyncIterable<Buffer> | Promise<void>)
  > = [
    // A small file was read whole by the probe: no second open.
    whole ? Readable.from([whole]) : createReadStream(path, { highWaterMark: 64 * 1024 }),
    async function* count(src: AsyncIterable<Buffer>) {
      for await (const c of src) {
        inBytes += c.length;
        if (inBytes > limits.maxFileBytes)
          throw invalid(path, 'file-too-large', `> ${limits.maxFileBytes} bytes`);
        yield c;
      }
    },
  ];
  // Compressed bytes actually consumed by the inflater (reading runs ahead of it).
  const inflater =
    format === 'zlib'
      ? zlib.createInflate({ chunkSize: 64 * 1024 })
      : format === 'gzip'
        ? zlib.createGunzip({ chunkSize: 64 * 1024 })
        : null;
  if (inflater) stages.push(inflater);
  stages.push(async (src: AsyncIterable<Buffer>) => {
    for await (const chunk of src) {
      signal?.throwIfAborted();
      const wait = onXmlBytes?.(chunk.length);
      if (wait) await wait;
      signal?.throwIfAborted();
      outBytes += chunk.length;
      if (outBytes > limits.maxXmlBytes) {
        throw invalid(
          path,
          format === 'xml' ? 'file-too-large' : 'decompressed-too-large',
          `> ${limits.maxXmlBytes} bytes of XML`,
        );
      }
      if (
        format !== 'xml' &&
        outBytes > limits.ratioCheckAfter &&
        outBytes / Math.max(inflater?.bytesWritten ?? inBytes, 1) > limits.maxRatio
      ) {
        throw invalid(
          path,
          'compression-ratio-too-high',
          `more than ${limits.maxRatio}:1 (decompression bomb?)`,
        );
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw invalid(path, 'invalid-utf8', `byte sequence near offset ${outBytes - chunk.length}`);
      }
      if (!bomChecked && text.length > 0) {
        bomChecked = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      feed(text);
    }
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw invalid(path, 'invalid-utf8', 'truncated UTF-8 sequence at the end');
    }
    feed(rest);
    parser.close();
  });
  try {
    await (pipeline as unknown as (...s: unknown[]) => Promise<void>)(...stages, { signal });
  } catch (e) {
    if (e instanceof StopReading) return { format, fileBytes, xmlBytes: outBytes, stopped: true };
    throw mapReadError(path, e, format, signal);
  }
  // Bytes after the end of the compressed stream: the inflater stops there and ignores the rest. The
  // pipeline aborts the file reader only if it had not read them all yet, so on a small file the
  // outcome depended on timing (the regression test failed under load); what the inflater consumed
  // says it every time.
  if (inflater && inflater.bytesWritten < inBytes)
    throw invalid(path, 'corrupt-compressed-data', `${format}: data after the end of the compressed stream`);
  return { format, fileBytes, xmlBytes: outBytes, stopped: false };
}

/**
 * Reads one `.ocs` file (zlib, gzip or plain XML) as a stream (streamOcsFile) into an Inventory.
 * Throws AppError FILE_INVALID / FILE_NOT_FOUND / FILE_ACCESS_DENIED with a specific reason.
 */
export async function readOcsFile(
  path: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  signal?: AbortSignal,
  /** Called with each chunk's size before it is parsed; reading pauses while it waits (the batch's byte budget). */
  onXmlBytes?: (n: number) => Promise<void> | void,
): Promise<Inventory> {
  const b = new InventoryBuilder(path, limits);
  const { format, fileBytes, xmlBytes } = await streamOcsFile(path, b, limits, signal, onXmlBytes);
  if (b.root === null) throw invalid(path, 'no-root-element');
  const deviceId = b.deviceId ?? b.contentDeviceId;
  if (!deviceId) throw invalid(path, 'missing-deviceid');
  if (!DEVICEID_RE.test(deviceId)) throw invalid(path, 'bad-deviceid', deviceId.slice(0, 200));
  if (b.query === null) throw invalid(path, 'missing-query');
  if (b.query !== 'INVENTORY') throw invalid(path, 'not-an-inventory', `QUERY is ${b.query.slice(0, 50)}`);
  if (!b.hasContent) throw invalid(path, 'missing-content');
  return {
    // Values are slices of the decoded XML text: the DEVICEID outlives the file (batch results), so it gets
    // its own copy instead of keeping the whole document alive (≈60 KB per file in a batch report).
    deviceId: ownString(deviceId),
    query: b.query,
    format,
    fileBytes,
    xmlBytes,
    sections: b.sections,
    packages: b.packages,
    oldDeviceId: b.oldDeviceId === null ? null : ownString(b.oldDeviceId),
  };
}

/** A flat copy of a string that may be a V8 slice of a large one. */
export function ownString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function mapReadError(path: string, e: unknown, format: FileFormat, signal?: AbortSignal): AppError {
  if (e instanceof AppError) return e;
  const err = e as NodeJS.ErrnoException & { name?: string };
  if (err?.name === 'AbortError') {
    if (signal?.aborted) return new AppError('JOB_CANCELLED');
    // Nobody cancelled: the inflater ended before its input (bytes after the end of the zlib
    // stream) and the pipeline aborted the file reader. Found by the property tests.
    return invalid(path, 'corrupt-compressed-data', `${format}: data after the end of the compressed stream`);
  }
  if (err?.code === 'ENOENT') return new AppError('FILE_NOT_FOUND', { path });
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return new AppError('FILE_ACCESS_DENIED', { path });
  if (err?.code === 'EISDIR') return invalid(path, 'is-a-directory');
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
    if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) {
      return invalid(path, 'truncated-compressed-data', `${format} stream ends early`);
    }
    return invalid(path, 'corrupt-compressed-data', `${format}: ${err.message}`);
  }
  if (err instanceof Error && /unexpected end of file/i.test(err.message)) {
    return invalid(path, 'truncated-compressed-data', `${format} stream ends early`);
  }
  if (err instanceof Error) {
    // saxes errors: "file:line:col: message" without position tracking → just the message.
    return invalid(
      path,
      /unexpected end|unclosed|document must contain/i.test(err.message) ? 'truncated-xml' : 'xml-malformed',
      err.message.slice(0, 200),
    );
  }
  return invalid(path, 'unreadable', String(e).slice(0, 200));
}

/** Files up to this size are read whole by the probe (one open and one read instead of two opens). */
const PROBE_WHOLE_BYTES = 256 * 1024;
const HEAD_BYTES = 4096;

/**
 * stat + first bytes: directory, special file, empty, too large, unknown format. `head`: the first
 * 4,096 bytes at most; `whole`: the whole file when it is at most PROBE_WHOLE_BYTES and was read entire.
 */
export async function probeFile(
  path: string,
  limits: ReadLimits,
): Promise<{ format: FileFormat; fileBytes: number; head: Buffer; whole?: Buffer }> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw mapReadError(path, e, 'xml');
  }
  if (st.isDirectory()) throw invalid(path, 'is-a-directory');
  if (!st.isFile()) throw invalid(path, 'not-a-regular-file');
  if (st.size === 0) throw invalid(path, 'empty-file');
  if (st.size > limits.maxFileBytes)
    throw invalid(path, 'file-too-large', `${st.size} > ${limits.maxFileBytes} bytes`);
  let head: Buffer;
  let whole: Buffer | undefined;
  try {
    const fh = await open(path, 'r');
    try {
      const small = st.size <= PROBE_WHOLE_BYTES;
      const buf = Buffer.alloc(small ? st.size : HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      if (small && bytesRead === st.size) whole = buf;
      head = buf.subarray(0, Math.min(bytesRead, HEAD_BYTES));
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw mapReadError(path, e, 'xml');
  }
  const format = detectFormat(head);
  if (!format) throw invalid(path, 'unknown-format', 'neither zlib, gzip nor XML');
  return { format, fileBytes: st.size, head, ...(whole ? { whole } : {}) };
}

/** Reader-side view of the server's list sections (for callers that need it). */
export function isMultiSection(name: string): boolean {
  return MULTI_SECTIONS.has(name);
}
