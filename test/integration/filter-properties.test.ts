import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputerPage } from '../../shared/contract/computers';
import type { SearchField } from '../../shared/contract/search';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import { ADMIN, testApp, unchecked } from '../helpers/app';
import { createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';
import { HOSTILE_CHARS, hostileText, runs } from '../helpers/property';

/**
 * The search/filter builder against the real MariaDB, with generated filters: user text reaches SQL
 * only as bound values (a marker in every user string never appears in the SQL text), and any text —
 * emoji, quotes, backslashes, LIKE metacharacters, lone surrogates — gives rows or a clear
 * VALIDATION_FAILED, never INTERNAL nor a raw database error.
 */

const { app, call, session } = testApp();
const MARK = 'Qz9';
const HOSTILE = HOSTILE_CHARS;

describe.skipIf(!realSchemaAvailable())('filter builder properties (real MariaDB)', () => {
  let db = '';
  let k: Knex;
  const admin = session(ADMIN);
  let fields: SearchField[] = [];
  const sqlSeen: string[] = [];

  beforeAll(async () => {
    db = await createRealSchemaDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, {
      computers: 40,
      seed: 7,
      batch: 40,
      concurrency: 1,
      baseDate: new Date('2026-11-20T12:00:00Z'),
    });
    // A few computers whose names are hostile text (the part a utf8 column can hold).
    const ids = (await k('hardware').select('ID').orderBy('ID').limit(HOSTILE.length)) as Array<{
      ID: number;
    }>;
    for (const [i, { ID }] of ids.entries()) {
      const name = `${MARK}-${HOSTILE[i]}`.replace(/[\ud800-\udfff]/g, '?');
      await k('hardware').where('ID', ID).update({ NAME: name });
    }
    await call(admin, 'connection.open', rootParams(db));
    admin.operator = ADMIN;
    for (const pool of [admin.db!.knex, admin.db!.read, admin.db!.jobs])
      pool.on('query', (q: { sql: string }) => sqlSeen.push(q.sql));
    fields = await call(admin, 'search.fields');
  });
  afterAll(async () => {
    app.jobs.cancelAll();
    await admin.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  /** Runs a search; returns the page or the error code, and checks that no marked text is in the SQL. */
  async function search(input: unknown): Promise<ComputerPage | string> {
    sqlSeen.length = 0;
    try {
      return await call(admin, 'search.run', unchecked(input));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return e.code;
    } finally {
      for (const sql of sqlSeen) expect(sql).not.toContain(MARK);
    }
  }

  const userText = hostileText(30).map((s) => MARK + s);

  it('generated criteria on every field: rows or VALIDATION_FAILED, user text only as bound values', async () => {
    const criterion = fc
      .record({
        field: fc.nat(),
        op: fc.nat(),
        value: fc.oneof(userText, fc.constantFrom('1', '-5', '2026-01-01', '99999999999999999999', '')),
        value2: fc.option(userText, { nil: undefined }),
        qualifier: fc.option(userText, { nil: undefined }),
      })
      .map((c) => {
        const f = fields[c.field % fields.length]!;
        return { ...c, field: f.key, op: f.ops[c.op % f.ops.length]! };
      });
    await fc.assert(
      fc.asyncProperty(
        fc.array(criterion, { maxLength: 4 }),
        fc.constantFrom('all', 'any'),
        fc.option(userText, { nil: undefined }),
        async (criteria, match, quick) => {
          const r = await search({ limit: 20, filter: { quick, criteria, match } });
          if (typeof r === 'string') expect(r).toBe('VALIDATION_FAILED');
          else expect(r.rows.length).toBeLessThanOrEqual(20);
        },
      ),
      runs(120),
    );
  });

  it('quick text of any characters (emoji, collation-hostile) finds the computer named with it or says why', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE), hostileText(10), async (c, extra) => {
        const r = await search({ limit: 50, filter: { quick: `${MARK}-${c}${extra}` } });
        if (typeof r === 'string') expect(r).toBe('VALIDATION_FAILED');
      }),
      runs(60),
    );
    for (const c of HOSTILE.filter((x) => !/[\ud800-\udfff*?]/.test(x) && x.trim() === x && x !== '')) {
      const r = await search({ limit: 50, filter: { quick: `${MARK}-${c}` }, columns: ['hardware.NAME'] });
      if (typeof r === 'string') {
        // A character the column cannot hold (emoji in utf8mb3) can match nothing: a clear refusal is fine.
        expect(r).toBe('VALIDATION_FAILED');
        continue;
      }
      expect(
        r.rows.map((row) => row.values['hardware.NAME']),
        JSON.stringify(c),
      ).toContain(`${MARK}-${c}`);
    }
  });

  it('sort and column ids outside the allowlist are refused, never spliced into SQL', async () => {
    const id = fc.stringMatching(/^[a-z_]{1,10}\.[A-Za-z0-9_]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom('asc', 'desc'), async (col, dir) => {
        const known = fields.some((f) => f.key === col);
        const r = await search({ limit: 5, sort: { column: col, dir }, columns: [col] });
        if (!known) expect(r).toBe('VALIDATION_FAILED');
      }),
      runs(60),
    );
  });
});
