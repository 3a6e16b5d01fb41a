import { describe, expect, it } from 'vitest';
import { StatementSplitter, statementHead } from './statement-splitter';
import { literal, quoteBytes } from './sql-values';

function split(sql: string | Buffer, chunk = 1): { stmts: string[]; comments: string[] } {
  const comments: string[] = [];
  const s = new StatementSplitter((c) => comments.push(c));
  const buf = typeof sql === 'string' ? Buffer.from(sql, 'utf8') : sql;
  const out = [];
  for (let i = 0; i < buf.length; i += chunk) out.push(...s.push(buf.subarray(i, i + chunk)));
  out.push(...s.end());
  return { stmts: out.map((x) => x.sql.toString('utf8').trim()), comments };
}

describe('statement splitter (byte by byte and in one chunk alike)', () => {
  const dump = [
    '-- MariaDB dump 10.19',
    '/*!40101 SET NAMES utf8mb4 */;',
    "INSERT INTO `t` VALUES (1,'a;b','it''s',\"d;\\\"q\"),(2,'back\\\\',NULL);",
    '# hash comment ; not a statement',
    '/* block ; comment */ SELECT 1;',
    'SELECT 2 --not-a-comment',
    '-1;',
    '-- Dump completed on 2026',
    '',
  ].join('\n');
  for (const chunk of [1, 3, 1 << 20]) {
    it(`chunks of ${chunk}`, () => {
      const { stmts, comments } = split(dump, chunk);
      expect(stmts).toHaveLength(4);
      expect(stmts[0]).toContain('/*!40101 SET NAMES utf8mb4 */');
      expect(stmts[1]).toMatch(/VALUES \(1,'a;b','it''s',"d;\\"q"\),\(2,'back\\\\',NULL\)$/);
      expect(stmts[3]).toBe('SELECT 2 --not-a-comment\n-1');
      expect(comments).toContain('MariaDB dump 10.19');
      expect(comments).toContain('Dump completed on 2026');
    });
  }

  it('counts the tuples of a multi-row INSERT and keeps binary bytes untouched', () => {
    const raw = Buffer.from([0, 0x27, 0x5c, 0x3b, 0xff, 0xfe, 0x22, 0x0a]);
    const sql = Buffer.concat([
      Buffer.from('INSERT INTO `b` VALUES (1,'),
      literal(raw, 'binary'),
      Buffer.from('),(2,NULL);SELECT 3;'),
    ]);
    const s = new StatementSplitter();
    const out = s.push(sql);
    expect(out).toHaveLength(2);
    expect(out[0]!.topParens).toBe(2);
    expect(out[0]!.sql.includes(quoteBytes(raw))).toBe(true);
  });

  it('reports a file cut inside a string', () => {
    const s = new StatementSplitter();
    s.push(Buffer.from("INSERT INTO t VALUES ('never closed"));
    expect(s.open).toBe(true);
  });

  it('statementHead skips leading comments but keeps versioned code', () => {
    expect(statementHead(Buffer.from('--\n-- x\n/* c */\n  DROP TABLE `t`'))).toBe('DROP TABLE `t`');
    expect(statementHead(Buffer.from('/*!40000 ALTER TABLE t */'))).toBe('/*!40000 ALTER TABLE t */');
  });
});
