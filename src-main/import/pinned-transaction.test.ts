import { describe, expect, it } from 'vitest';
import { encodeBmpAsUtf8, MYSQL2_UTF8MB3 } from './pinned-transaction';

/** A stand-in for a mysql2 connection: what Query.start reads (config.charsetNumber, the current command). */
function conn(charsetNumber: number) {
  return { config: { charsetNumber }, _command: undefined as { sql?: string } | undefined };
}

describe('encodeBmpAsUtf8', () => {
  it('sends BMP text of a SET NAMES utf8 session as UTF-8 and keeps CESU-8 for text outside the BMP', () => {
    const c = conn(MYSQL2_UTF8MB3);
    encodeBmpAsUtf8(c);
    c._command = { sql: "INSERT INTO t VALUES ('Caf\u00e9 \u20ac \uffff')" };
    expect(c.config.charsetNumber).toBe(45);
    c._command = { sql: "INSERT INTO t VALUES ('\ud83d\ude00')" };
    expect(c.config.charsetNumber).toBe(MYSQL2_UTF8MB3);
    c._command = { sql: "INSERT INTO t VALUES ('lone \ud83d')" };
    expect(c.config.charsetNumber).toBe(MYSQL2_UTF8MB3);
    // Not a statement (handshake, change user): the session's number.
    c._command = {};
    expect(c.config.charsetNumber).toBe(MYSQL2_UTF8MB3);
  });

  it('follows the session: another character set than utf8mb3 is never changed', () => {
    const c = conn(MYSQL2_UTF8MB3);
    encodeBmpAsUtf8(c);
    c.config.charsetNumber = 8; // the server reported latin1
    c._command = { sql: 'SELECT 1' };
    expect(c.config.charsetNumber).toBe(8);
    c.config.charsetNumber = MYSQL2_UTF8MB3;
    expect(c.config.charsetNumber).toBe(45);
    const d = conn(45);
    encodeBmpAsUtf8(d);
    d._command = { sql: "SELECT '\ud83d\ude00'" };
    expect(d.config.charsetNumber).toBe(45);
  });
});
