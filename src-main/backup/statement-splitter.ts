/**
 * Cuts a stream of SQL bytes into statements at top-level `;`, the way the `mysql` client does for a
 * dump written without DELIMITER: quotes ('...', "...", `...`) with backslash escapes and doubled
 * quotes, `-- ` and `#` line comments, `/* *\/` block comments, and `/*! ... *\/` versioned comments
 * (executable code: kept). Works on bytes, so any binary literal passes through untouched (every
 * byte it looks for is ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character).
 */
export interface Statement {
  /** The statement's bytes without the final `;` (comments included: the server skips them). */
  sql: Buffer;
  /** Top-level `(` count: for `INSERT ... VALUES (..),(..)`, the tuples (plus a column list). */
  topParens: number;
}

type State = 'code' | 'single' | 'double' | 'backtick' | 'line-comment' | 'block-comment' | 'exec-comment';

const SEMI = 0x3b;
const NL = 0x0a;

export class StatementSplitter {
  private state: State = 'code';
  private parts: Buffer[] = [];
  private partsLen = 0;
  /** Whether the current statement has code outside comments and blanks. */
  private hasCode = false;
  private topParens = 0;
  private depth = 0;
  /** The byte before the current one, across chunk boundaries. */
  private prev = -1;
  private escaped = false;
  /** Bytes of the current line comment (for `onComment`). */
  private comment: number[] | null = null;
  /** Whether the current `/*` could still turn out to be `/*!`. */
  private blockStart = false;

  constructor(private readonly onComment?: (text: string) => void) {}

  /** Feeds a chunk; returns the statements it completed. */
  push(chunk: Buffer): Statement[] {
    const out: Statement[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case 'code':
        case 'exec-comment':
          if (b === 0x27) this.enter('single');
          else if (b === 0x22) this.enter('double');
          else if (b === 0x60) this.enter('backtick');
          else if (b === 0x23 && this.state === 'code') this.startLineComment();
          else if (b === 0x2d && this.prev === 0x2d && this.state === 'code') {
            // `--` starts a comment only when followed by a blank or control; decided at the next byte.
            this.state = 'line-comment';
            this.comment = [];
            this.pendingDashDash = true;
          } else if (b === 0x2a && this.prev === 0x2f && this.state === 'code') {
            this.state = 'block-comment';
            this.blockStart = true;
            // The `*` of `/*` must not also close it (`/*/`).
            this.prev = -1;
            continue;
          } else if (b === 0x2f && this.prev === 0x2a && this.state === 'exec-comment') {
            this.state = 'code';
          } else if (b === SEMI && this.state === 'code') {
            this.append(chunk, start, i);
            start = i + 1;
            const st = this.take();
            if (st) out.push(st);
            this.prev = -1;
            continue;
          } else if (b === 0x28) {
            if (this.depth === 0) this.topParens++;
            this.depth++;
            this.hasCode = true;
          } else if (b === 0x29) {
            if (this.depth > 0) this.depth--;
            this.hasCode = true;
          } else if (b > 0x20 && b !== 0x2d && b !== 0x2f) this.hasCode = true;
          // `-` and `/` may open a comment: they count as code through the bytes around them.
          break;
        case 'single':
        case 'double':
        case 'backtick': {
          const q = this.state === 'single' ? 0x27 : this.state === 'double' ? 0x22 : 0x60;
          if (this.escaped) this.escaped = false;
          else if (b === 0x5c && q !== 0x60) this.escaped = true;
          else if (b === q) this.state = this.stateAfterQuote;
          else {
            // Fast path through the body of a string: jump to the next quote or backslash.
            let j = i + 1;
            while (j < chunk.length && chunk[j] !== q && chunk[j] !== 0x5c) j++;
            i = j - 1;
            this.prev = chunk[i]!;
            continue;
          }
          break;
        }
        case 'line-comment':
          if (this.pendingDashDash) {
            this.pendingDashDash = false;
            if (!(b <= 0x20)) {
              // `--x` is two minus signs, not a comment.
              this.state = 'code';
              this.comment = null;
              this.hasCode = true;
              this.prev = -1;
              i--;
              continue;
            }
          }
          if (b === NL) {
            this.state = 'code';
            if (this.comment && this.onComment) {
              this.onComment(Buffer.from(this.comment).toString('utf8').trim());
            }
            this.comment = null;
          } else if (this.comment && this.comment.length < 4 * 1024 * 1024) this.comment.push(b);
          break;
        case 'block-comment':
          if (this.blockStart) {
            this.blockStart = false;
            if (b === 0x21 || b === 0x4d) {
              // `/*!` (MySQL) and `/*M!` (MariaDB): versioned code the server runs.
              this.state = 'exec-comment';
              this.hasCode = true;
              break;
            }
          }
          if (b === 0x2f && this.prev === 0x2a) this.state = 'code';
          break;
      }
      this.prev = b;
    }
    this.append(chunk, start, chunk.length);
    return out;
  }

  /** The last statement when the input does not end with `;`. */
  end(): Statement[] {
    if (this.state === 'line-comment' && this.comment && this.onComment) {
      this.onComment(Buffer.from(this.comment).toString('utf8').trim());
    }
    const st = this.take();
    return st ? [st] : [];
  }

  /** Whether the input ended inside a quote or comment (a cut file). */
  get open(): boolean {
    return this.state === 'single' || this.state === 'double' || this.state === 'backtick';
  }

  private pendingDashDash = false;
  private stateAfterQuote: State = 'code';

  private enter(q: 'single' | 'double' | 'backtick'): void {
    this.stateAfterQuote = this.state;
    this.state = q;
    this.hasCode = true;
  }

  private startLineComment(): void {
    this.state = 'line-comment';
    this.comment = [];
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (to > from) {
      this.parts.push(chunk.subarray(from, to));
      this.partsLen += to - from;
    }
  }

  private take(): Statement | null {
    const sql = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsLen);
    const st = this.hasCode ? { sql: Buffer.from(sql), topParens: this.topParens } : null;
    this.parts = [];
    this.partsLen = 0;
    this.hasCode = false;
    this.topParens = 0;
    this.depth = 0;
    return st;
  }
}

/**
 * The statement's first words, leading comments and blanks removed (`/*!40101 SET ...` keeps its
 * code): enough to recognise CREATE TABLE, INSERT INTO, USE and CREATE DATABASE.
 */
export function statementHead(sql: Buffer, max = 300): string {
  let s = sql.subarray(0, Math.min(sql.length, max * 4)).toString('latin1');
  for (;;) {
    const t = s.replace(/^\s+/, '');
    if (t.startsWith('--') || t.startsWith('#')) {
      const nl = t.indexOf('\n');
      s = nl < 0 ? '' : t.slice(nl + 1);
    } else if (t.startsWith('/*') && !/^\/\*M?!/.test(t)) {
      const e = t.indexOf('*/');
      s = e < 0 ? '' : t.slice(e + 2);
    } else {
      s = t;
      break;
    }
  }
  return s.slice(0, max);
}
