import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { ComputerFilter } from '../../shared/contract/computers';
import { resolveSoftwareIds } from '../../src-main/computers/filter-sql';
import { dropNameIds } from '../../src-main/computers/name-ids';
import { getSchemaInfo } from '../../src-main/computers/schema-info';
import { createPool } from '../../src-main/platform/db/connect';
import { appParams, createRealSchemaDb, dropDb, realSchemaAvailable, rootParams } from '../helpers/db';

/**
 * Software names resolved once per pattern and kept while the dictionary only grows (name-ids.ts): the
 * same IDs as the server's own LIKE / = under utf8 general ci (case and accents folded), new names
 * found, and a second resolution does not read the whole NAME index again.
 */
describe.skipIf(!realSchemaAvailable())('software name resolution kept per pattern', () => {
  let db = '';
  let root: Knex;
  let k: Knex;

  beforeAll(async () => {
    db = await createRealSchemaDb();
    root = await createPool(rootParams(db), { max: 1 });
    await root('software_name').insert(
      [
        'Télé Viewer Pro',
        'TELE VIEWER LITE',
        'Téléviewer',
        'Other tool',
        'Straße Maps',
        'VLC media player',
      ].map((NAME) => ({ NAME })),
    );
    k = await createPool(appParams(db), { max: 2 });
  });
  afterAll(async () => {
    await k?.destroy();
    await root?.destroy();
    if (db) await dropDb(db);
  });

  async function resolve(op: 'HAS' | 'EQUAL' | 'HAS_NOT', value: string): Promise<number[] | null> {
    const filter: ComputerFilter = { criteria: [{ field: 'software.NAME', op, value }], match: 'all' };
    const r = await resolveSoftwareIds(k, await getSchemaInfo(k), filter);
    const names = r.get(0)?.names;
    return names ? [...names].sort((a, b) => a - b) : (names ?? null);
  }

  async function server(where: string, value: string): Promise<number[]> {
    const [rows] = (await root.raw(`SELECT ID FROM software_name WHERE NAME ${where} ORDER BY ID`, [
      value,
    ])) as [Array<{ ID: number }>];
    return rows.map((r) => Number(r.ID));
  }

  it('gives the IDs the server gives (case and accents folded), then the same without reading the dictionary again', async () => {
    dropNameIds(k);
    const cases = [
      ['HAS', 'tele viewer', 'LIKE ?', '%tele viewer%'],
      ['HAS', 'TÉLÉ', 'LIKE ?', '%TÉLÉ%'],
      ['HAS', 'strasse', 'LIKE ?', '%strasse%'],
      ['HAS', 'VLC*', 'LIKE ?', 'VLC%'],
      ['EQUAL', 'tele viewer pro', '= ?', 'tele viewer pro'],
      ['HAS_NOT', 'other', 'LIKE ?', '%other%'],
    ] as const;
    for (const [op, value, where, bound] of cases) {
      const want = await server(where, bound);
      expect(await resolve(op, value), `${op} ${value}`).toEqual(want);
    }
    expect(await resolve('HAS', 'tele viewer')).toHaveLength(2);
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => seen.push(q.sql);
    k.on('query', onQuery);
    try {
      for (const [op, value, where, bound] of cases)
        expect(await resolve(op, value), `again ${op} ${value}`).toEqual(await server(where, bound));
    } finally {
      k.off('query', onQuery);
    }
    // No pattern over the whole dictionary: at most a range above the IDs already read.
    const whole = seen.filter(
      (s) => /software_name/i.test(s) && /like|`NAME` =/i.test(s) && !/`ID` >/.test(s),
    );
    expect(whole).toEqual([]);
  });

  it('finds a name inserted since (the dictionary grew), and reads only the new IDs for it', async () => {
    expect(await resolve('HAS', 'tele viewer')).toHaveLength(2);
    await root('software_name').insert({ NAME: 'tele viewer beta' });
    const seen: string[] = [];
    const onQuery = (q: { sql: string }) => seen.push(q.sql);
    k.on('query', onQuery);
    try {
      expect(await resolve('HAS', 'tele viewer')).toEqual(await server('LIKE ?', '%tele viewer%'));
      expect(await resolve('HAS', 'tele viewer')).toHaveLength(3);
      expect(await resolve('EQUAL', 'TELE VIEWER BETA')).toEqual(await server('= ?', 'tele viewer beta'));
    } finally {
      k.off('query', onQuery);
    }
    const reads = seen.filter((s) => /from `software_name` where `NAME` like/i.test(s));
    expect(reads.length).toBeGreaterThan(0);
    for (const s of reads) expect(s).toMatch(/`ID` >/);
  });

  it('reads the pattern whole again after the dictionary was emptied and refilled (TRUNCATE)', async () => {
    expect(await resolve('HAS', 'tele viewer')).toHaveLength(3);
    await root.raw('TRUNCATE TABLE software_name');
    await root('software_name').insert([{ NAME: 'Other again' }, { NAME: 'New Tele Viewer' }]);
    expect(await resolve('HAS', 'tele viewer')).toEqual(await server('LIKE ?', '%tele viewer%'));
    expect(await resolve('HAS', 'tele viewer')).toHaveLength(1);
  });
});
