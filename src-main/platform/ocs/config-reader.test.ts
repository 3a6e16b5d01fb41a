import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The `config` table has one reader and writer, src-main/platform/ocs/config.ts (catalogue defaults,
 * case-insensitive NAME). This walks src-main so that a new direct query of `config` anywhere else
 * fails here, whatever its form: a knex builder (`k('config')`, `trx('config')`), raw SQL
 * (`FROM config`, `INTO config`, `UPDATE config`, `JOIN config`, with or without backquotes).
 * The schema creation and upgrade (platform/db/schema/) write the rows that define a schema level.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src-main');
const ALLOWED = [/^src-main\/platform\/ocs\/config\.ts$/, /^src-main\/platform\/db\/schema\//];

const BUILDER = /\b(?!has\b|includes\b|add\b|get\b|set\b)\w+\(\s*(['"`])config\1\s*[,)]/;
const RAW_SQL = /\b(FROM|INTO|UPDATE|JOIN)\s+`?config`?(\s|$|['"`;,)])/i;

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}

function directConfigQueries(text: string): string[] {
  return text.split('\n').filter((line) => BUILDER.test(line) || RAW_SQL.test(line));
}

describe('config: one reader', () => {
  it('recognises every form of a direct query, and not a table-existence check', () => {
    expect(directConfigQueries("await k('config').where('NAME', n)")).toHaveLength(1);
    expect(directConfigQueries('trx("config").insert(rows)')).toHaveLength(1);
    expect(directConfigQueries("knex.raw('SELECT NAME FROM config WHERE NAME = ?')")).toHaveLength(1);
    expect(directConfigQueries('`UPDATE `config` SET IVALUE = 1`')).toHaveLength(1);
    expect(directConfigQueries("'INSERT INTO config (NAME) VALUES (?)'")).toHaveLength(1);
    expect(directConfigQueries("if (tables.has('config')) return;")).toHaveLength(0);
    expect(directConfigQueries('// the config reader')).toHaveLength(0);
  });

  it('no module outside platform/ocs/config.ts (and the schema creation) queries `config`', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      if (ALLOWED.some((a) => a.test(rel))) continue;
      for (const line of directConfigQueries(readFileSync(file, 'utf8')))
        offenders.push(`${rel}: ${line.trim()}`);
    }
    expect(offenders, 'read and write `config` through src-main/platform/ocs/config.ts').toEqual([]);
  });
});
