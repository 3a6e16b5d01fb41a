import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/contract/jobs';
import type { RecomputeResult } from '../../shared/contract/software';
import { createPool } from '../../src-main/platform/db/connect';
import { wholeFleetScope } from '../../src-main/platform/ocs/scope';
import type { Session } from '../../src-main/platform/rpc/session';
import { COUNT_WAIT_MS, listSoftware } from '../../src-main/software/software.service';
import { ADMIN, USER, failure, testApp } from '../helpers/app';
import { oracleLinks, type OracleLink } from '../helpers/category-oracle';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';

/**
 * All software and software categories on the real MariaDB: figures against plain SQL, the TAG
 * perimeter, the category rows as ocsreports writes them, and the recompute against an oracle read
 * from the comm server's Perl (test/helpers/category-oracle.ts).
 */
const t = testApp();
const WIN = 'OCS-NG_WINDOWS_AGENT_v2.9.0.0';
const UNIX = 'OCS-NG_unified_unix_agent_v2.10.0';

const NAMES: Array<[number, string]> = [
  [101, 'Mozilla Firefox'],
  [102, 'Mozilla Thunderbird'],
  [103, 'Microsoft Visual C++ 2015 (x64)'],
  [104, '7-Zip 19.00'],
  [105, 'vim'],
  [106, 'gvim'],
  [107, 'Java 8 Update 341'],
  [108, 'OpenSSL'],
  [109, 'Notepad++'],
  [110, 'gone-app'],
];
const PUBLISHERS: Array<[number, string]> = [
  [2, 'Mozilla'],
  [3, 'Microsoft Corporation'],
  [4, 'Igor Pavlov'],
  [5, 'Oracle'],
];
const VERSIONS: Array<[number, string]> = [
  [2, '115.0.2'],
  [3, '102.9'],
  [4, '14.0.24215'],
  [5, '19.00'],
  [6, '9.0.1'],
  [7, '8.0.3410'],
  [8, '3.0.2'],
  [9, '1.1.1'],
  [10, '120.1'],
];
// [hardware, name, publisher, version]
const SOFTWARE: Array<[number, number, number, number]> = [
  [1, 101, 2, 2],
  [2, 101, 2, 2],
  [3, 101, 2, 10],
  [4, 101, 2, 2],
  [1, 102, 2, 3],
  [1, 103, 3, 4],
  [2, 103, 3, 4],
  [1, 104, 4, 5],
  [3, 105, 1, 6],
  [4, 105, 1, 6],
  [3, 106, 1, 1],
  [2, 107, 5, 7],
  [3, 108, 1, 8],
  [4, 108, 1, 9],
  [1, 109, 1, 1],
  // Computer 1 again, after the others' rows, with a triple it has already: its rows come in several
  // runs of the ID order and it holds a duplicate, which the background count takes once.
  [1, 101, 2, 2],
];

async function seed(k: Knex): Promise<void> {
  const day = (d: number) => `2026-01-${String(d).padStart(2, '0')} 10:00:00`;
  await k('hardware').insert([
    { ID: 1, DEVICEID: 'W1-2026', NAME: 'W1', USERAGENT: WIN, LASTDATE: day(3) },
    { ID: 2, DEVICEID: 'W2-2026', NAME: 'W2', USERAGENT: WIN, LASTDATE: day(5) },
    { ID: 3, DEVICEID: 'U3-2026', NAME: 'U3', USERAGENT: UNIX, LASTDATE: day(4) },
    { ID: 4, DEVICEID: 'U4-2026', NAME: 'U4', USERAGENT: UNIX, LASTDATE: day(1) },
  ]);
  await k('accountinfo').insert([
    { HARDWARE_ID: 1, TAG: 'PARIS' },
    { HARDWARE_ID: 2, TAG: 'LYON' },
    { HARDWARE_ID: 3, TAG: 'PARIS' },
    { HARDWARE_ID: 4, TAG: 'LYON' },
  ]);
  await k('software_name').insert(NAMES.map(([ID, NAME]) => ({ ID, NAME })));
  await k('software_publisher').insert(PUBLISHERS.map(([ID, PUBLISHER]) => ({ ID, PUBLISHER })));
  await k('software_version').insert(VERSIONS.map(([ID, VERSION]) => ({ ID, VERSION })));
  await k('software').insert(
    SOFTWARE.map(([HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID]) => ({
      HARDWARE_ID,
      NAME_ID,
      PUBLISHER_ID,
      VERSION_ID,
    })),
  );
}

const sortLinks = (rows: OracleLink[]) =>
  rows
    .map((r) => `${r.NAME_ID}:${r.PUBLISHER_ID}:${r.VERSION_ID}=${r.CATEGORY_ID}`)
    .sort((a, b) => a.localeCompare(b));

describe('All software and software categories', () => {
  let db = '';
  let root: Knex;
  let admin: Session;
  let user: Session;
  let paris: Session;
  let parisAdmin: Session;

  const wait = { ...COUNT_WAIT_MS };
  beforeAll(async () => {
    // Pages wait for the per-name counts (their totals) as long as a count on these few rows can take
    // on a loaded machine; the test of the page before its total sets 0.
    Object.assign(COUNT_WAIT_MS, { byName: 60_000, byCount: 60_000 });
    db = await createOcsDb();
    root = await createPool(rootParams(db), { max: 2 });
    await seed(root);
    admin = await t.connect(t.session(ADMIN), db);
    user = await t.connect(t.session(USER), db);
    paris = await t.connect(t.session({ ...USER, id: 'paris', tags: ['PARIS'] }), db);
    parisAdmin = await t.connect(t.session({ ...ADMIN, id: 'paris-admin', tags: ['PAR*'] }), db);
  });
  afterAll(async () => {
    Object.assign(COUNT_WAIT_MS, wait);
    for (const s of [admin, user, paris, parisAdmin]) await s?.dispose();
    await root?.destroy();
    if (db) await dropDb(db);
  });

  async function recompute(s: Session = admin): Promise<RecomputeResult> {
    const { jobId } = await t.call(s, 'software.recompute', {});
    const info = (await t.app.jobs.wait(jobId)) as JobInfo & { result: RecomputeResult };
    expect(info.state, JSON.stringify(info.error)).toBe('succeeded');
    return info.result;
  }
  const links = async () =>
    sortLinks(
      (await root('software_categories_link').select(
        'NAME_ID',
        'PUBLISHER_ID',
        'VERSION_ID',
        'CATEGORY_ID',
      )) as OracleLink[],
    );

  it('lists every installed name with publishers, versions and computers equal to plain SQL', async () => {
    const page = await t.call(user, 'software.list', { limit: 500 });
    const [sql] = (await root.raw(
      `SELECT n.ID, n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c, COUNT(DISTINCT s.VERSION_ID) AS v,
              COUNT(DISTINCT s.PUBLISHER_ID) AS p
         FROM software s JOIN software_name n ON n.ID = s.NAME_ID GROUP BY n.ID, n.NAME ORDER BY n.NAME, n.ID`,
    )) as [Array<{ ID: number; NAME: string; c: number; v: number; p: number }>];
    expect(page.total).toBe(sql.length);
    expect(page.rows.map((r) => [r.nameId, r.name, r.computers, r.versions, r.publishers])).toEqual(
      sql.map((r) => [r.ID, r.NAME, Number(r.c), Number(r.v), Number(r.p)]),
    );
    // 'gone-app' has no software row: not listed.
    expect(page.rows.some((r) => r.name === 'gone-app')).toBe(false);
    const firefox = page.rows.find((r) => r.name === 'Mozilla Firefox')!;
    expect(firefox).toMatchObject({ publisherNames: ['Mozilla'], versions: 2, computers: 4, categories: [] });
  });

  it('filters, sorts by computers and versions, and pages on the server', async () => {
    const f = await t.call(user, 'software.list', { filter: 'mozilla' });
    expect(f.rows.map((r) => r.name)).toEqual(['Mozilla Firefox', 'Mozilla Thunderbird']);
    const wild = await t.call(user, 'software.list', { filter: '*++' });
    expect(wild.rows.map((r) => r.name)).toEqual(['Notepad++']);
    const byComputers = await t.call(user, 'software.list', {
      sort: { column: 'computers', dir: 'desc' },
      offset: 0,
      limit: 2,
    });
    expect(byComputers.total).toBe(9);
    expect(byComputers.rows.map((r) => [r.name, r.computers])).toEqual([
      ['Mozilla Firefox', 4],
      ['Microsoft Visual C++ 2015 (x64)', 2],
    ]);
    const next = await t.call(user, 'software.list', {
      sort: { column: 'computers', dir: 'desc' },
      offset: 2,
      limit: 2,
    });
    expect(next.rows.map((r) => r.name)).toEqual(['OpenSSL', 'vim']);
    const byVersions = await t.call(user, 'software.list', {
      sort: { column: 'versions', dir: 'desc' },
      limit: 2,
    });
    expect(byVersions.rows.map((r) => [r.name, r.versions])).toEqual([
      ['Mozilla Firefox', 2],
      ['OpenSSL', 2],
    ]);
    const desc = await t.call(user, 'software.list', { sort: { column: 'name', dir: 'desc' }, limit: 1 });
    expect(desc.rows[0]!.name).toBe('vim');
  });

  it('counts only the computers of a TAG-restricted operator', async () => {
    const page = await t.call(paris, 'software.list', { limit: 500 });
    const [sql] = (await root.raw(
      `SELECT n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software s JOIN software_name n ON n.ID = s.NAME_ID
        JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID WHERE a.TAG = 'PARIS' GROUP BY n.ID, n.NAME ORDER BY n.NAME, n.ID`,
    )) as [Array<{ NAME: string; c: number }>];
    expect(page.rows.map((r) => [r.name, r.computers])).toEqual(sql.map((r) => [r.NAME, Number(r.c)]));
    // Java is only on W2 (LYON): not shown at all to PARIS.
    expect(page.rows.some((r) => r.name.startsWith('Java'))).toBe(false);
    const versions = await t.call(paris, 'software.versions', { nameId: 101 });
    expect(versions.rows).toEqual([
      { version: '115.0.2', publisher: 'Mozilla', computers: 1, category: null },
      { version: '120.1', publisher: 'Mozilla', computers: 1, category: null },
    ]);
  });

  it("counts a TAG-restricted operator's total and computers sort inside the perimeter (plain SQL)", async () => {
    for (const [s, where] of [
      [paris, "a.TAG = 'PARIS'"],
      [parisAdmin, "a.TAG LIKE 'PAR%'"],
    ] as const) {
      const [sql] = (await root.raw(
        `SELECT n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software s JOIN software_name n ON n.ID = s.NAME_ID
          JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID WHERE ${where}
          GROUP BY n.ID, n.NAME ORDER BY c DESC, n.NAME, n.ID`,
      )) as [Array<{ NAME: string; c: number }>];
      const page = await t.call(s, 'software.list', {
        sort: { column: 'computers', dir: 'desc' },
        limit: 500,
      });
      expect(page.total).toBe(sql.length);
      expect(page.counts).toMatchObject({ countingSince: null, failed: null });
      expect(page.rows.map((r) => [r.name, r.computers])).toEqual(sql.map((r) => [r.NAME, Number(r.c)]));
      const byName = await t.call(s, 'software.list', { filter: 'mozilla' });
      expect(byName.total).toBe(sql.filter((r) => /mozilla/i.test(r.NAME)).length);
    }
  });

  it('gives every figure of every sort from the kept counts, equal to plain SQL, exact and wildcard TAGs', async () => {
    for (const [s, where] of [
      [user, '1 = 1'],
      [paris, "a.TAG = 'PARIS'"],
      [parisAdmin, "a.TAG LIKE 'PAR%'"],
    ] as const) {
      const [sql] = (await root.raw(
        `SELECT n.ID, n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c, COUNT(DISTINCT s.VERSION_ID) AS v,
                COUNT(DISTINCT s.PUBLISHER_ID) AS p,
                GROUP_CONCAT(DISTINCT p.PUBLISHER ORDER BY p.PUBLISHER SEPARATOR '|') AS pubs
           FROM software s JOIN software_name n ON n.ID = s.NAME_ID
           JOIN software_publisher p ON p.ID = s.PUBLISHER_ID
           JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID WHERE ${where}
          GROUP BY n.ID, n.NAME`,
      )) as [Array<{ ID: number; NAME: string; c: number; v: number; p: number; pubs: string }>];
      const want = new Map(sql.map((r) => [r.ID, [r.NAME, Number(r.c), Number(r.v), Number(r.p), r.pubs]]));
      for (const column of ['name', 'computers', 'versions'] as const)
        for (const dir of ['asc', 'desc'] as const) {
          const page = await t.call(s, 'software.list', { sort: { column, dir }, limit: 500 });
          expect(page.total).toBe(sql.length);
          expect(new Set(page.rows.map((r) => r.nameId))).toEqual(new Set(want.keys()));
          for (const r of page.rows)
            expect([
              r.name,
              r.computers,
              r.versions,
              r.publishers,
              [...r.publisherNames].sort().join('|'),
            ]).toEqual(want.get(r.nameId));
        }
      // A name's versions (the popover) from the same counts, equal to plain SQL.
      const [versions] = (await root.raw(
        `SELECT v.VERSION, p.PUBLISHER, COUNT(DISTINCT s.HARDWARE_ID) AS c
           FROM software s JOIN software_version v ON v.ID = s.VERSION_ID
           JOIN software_publisher p ON p.ID = s.PUBLISHER_ID
           JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID WHERE s.NAME_ID = 108 AND ${where}
          GROUP BY v.VERSION, p.PUBLISHER ORDER BY c DESC, v.VERSION, p.PUBLISHER`,
      )) as [Array<{ VERSION: string; PUBLISHER: string; c: number }>];
      expect((await t.call(s, 'software.versions', { nameId: 108 })).rows).toEqual(
        versions.map((v) => ({
          version: v.VERSION,
          publisher: v.PUBLISHER,
          computers: Number(v.c),
          category: null,
        })),
      );
    }
  });

  it('gives a page of names at once without figures, the same names as the page with them', async () => {
    for (const sort of [
      { column: 'name', dir: 'asc' },
      { column: 'name', dir: 'desc' },
      { column: 'computers', dir: 'desc' },
    ] as const) {
      for (const s of [user, paris]) {
        const full = await t.call(s, 'software.list', { sort, offset: 1, limit: 4 });
        const names = await t.call(s, 'software.list', { sort, offset: 1, limit: 4, figures: false });
        expect(names.rows.map((r) => [r.nameId, r.name])).toEqual(full.rows.map((r) => [r.nameId, r.name]));
        expect(names.total).toBe(full.total);
        for (const r of names.rows) {
          expect(r).toMatchObject({ pending: true, publisherNames: [], publishers: 0, categories: [] });
          // Computers and versions come from the kept per-name counts (kept here: the page above waited).
          const f = full.rows.find((x) => x.nameId === r.nameId)!;
          expect([r.computers, r.versions]).toEqual([f.computers, f.versions]);
        }
        expect(full.rows.every((r) => !r.pending)).toBe(true);
      }
    }
  });

  it('shows a page sorted by name before its total is counted, then the total (plain SQL)', async () => {
    // A fresh connection keeps no counts: its first page does not wait for them.
    const fresh = await t.connect(t.session({ ...USER, id: 'fresh' }), db);
    const [sql] = (await root.raw(
      `SELECT n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software s JOIN software_name n ON n.ID = s.NAME_ID
        GROUP BY n.ID, n.NAME ORDER BY n.NAME, n.ID`,
    )) as [Array<{ NAME: string; c: number }>];
    Object.assign(COUNT_WAIT_MS, { byName: 0, byCount: 0 });
    try {
      const first = await t.call(fresh, 'software.list', { limit: 500 });
      expect(first.total).toBeNull();
      expect(first.counts.computedAt).toBeNull();
      expect(first.counts.countingSince).not.toBeNull();
      // The page's names at once; their figures are being counted (never read row by row).
      expect(first.rows.map((r) => r.name)).toEqual(sql.map((r) => r.NAME));
      for (const r of first.rows)
        expect(r).toMatchObject({ pending: true, computers: 0, publisherNames: [] });
      let later = first;
      for (let i = 0; i < 300 && later.total === null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        later = await t.call(fresh, 'software.list', { limit: 500 });
      }
      expect(later.rows.map((r) => [r.name, r.computers, !!r.pending])).toEqual(
        sql.map((r) => [r.NAME, Number(r.c), false]),
      );
      expect(later.total).toBe(sql.length);
      expect(later.counts.computedAt).not.toBeNull();
      expect(later.counts.countingSince).toBeNull();
    } finally {
      Object.assign(COUNT_WAIT_MS, { byName: 60_000, byCount: 60_000 });
      await fresh.dispose();
    }
  });

  it('sorted by computers, shows nothing until the counts arrive, then the plain SQL order', async () => {
    const fresh = await t.connect(t.session({ ...USER, id: 'fresh-sort' }), db);
    Object.assign(COUNT_WAIT_MS, { byName: 0, byCount: 0 });
    const input = { sort: { column: 'computers', dir: 'asc' }, limit: 500 } as const;
    try {
      const first = await t.call(fresh, 'software.list', input);
      expect(first).toMatchObject({ rows: [], total: null, counts: { computedAt: null } });
      let later = first;
      for (let i = 0; i < 300 && later.total === null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        later = await t.call(fresh, 'software.list', input);
      }
      const [sql] = (await root.raw(
        `SELECT n.NAME, COUNT(DISTINCT s.HARDWARE_ID) AS c FROM software s JOIN software_name n ON n.ID = s.NAME_ID
          GROUP BY n.ID, n.NAME ORDER BY c ASC, n.NAME, n.ID`,
      )) as [Array<{ NAME: string; c: number }>];
      expect(later.rows.map((r) => [r.name, r.computers])).toEqual(sql.map((r) => [r.NAME, Number(r.c)]));
    } finally {
      Object.assign(COUNT_WAIT_MS, { byName: 60_000, byCount: 60_000 });
      await fresh.dispose();
    }
  });

  it('exports the list as CSV in the grid order', async () => {
    const out = await t.call(user, 'software.exportCsv', { filter: 'mozilla' });
    expect(out).toMatchObject({ rows: 2, truncated: false });
    expect(out.csv.split('\r\n')).toEqual([
      'Software,Publishers,Versions,Computers,Categories',
      'Mozilla Firefox,Mozilla,2,4,',
      'Mozilla Thunderbird,Mozilla,1,1,',
      '',
    ]);
    const cut = await t.call(user, 'software.exportCsv', { maxRows: 3 });
    expect(cut).toMatchObject({ rows: 3, truncated: true });
  });

  it('reads the page figures through keys, never a full scan of software (EXPLAIN)', async () => {
    const k = await createPool(rootParams(db), { max: 1 });
    const seen: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    k.on('query', (q: { sql: string; bindings: Knex.RawBinding[] }) => seen.push(q));
    try {
      await listSoftware(k, await wholeFleetScope(k), {
        filter: 'mo',
        sort: { column: 'name', dir: 'asc' },
        offset: 0,
        limit: 50,
      });
      // The per-name count (name-counts.ts) is the one deliberate read of every software row, in the background.
      const onSoftware = seen.filter(
        (q) => /`software` as `s`/.test(q.sql) && !q.sql.startsWith('SET STATEMENT'),
      );
      expect(onSoftware.length).toBeGreaterThan(0);
      for (const q of onSoftware) {
        const [plan] = (await k.raw(`EXPLAIN ${q.sql}`, q.bindings)) as [
          Array<{ table: string; possible_keys: string | null }>,
        ];
        // A table this small is cheaper to scan, so the plan's key is not telling; what must hold is
        // that every read of software can go through an index led by NAME_ID (docs/software-categories.md).
        for (const step of plan.filter((p) => p.table === 's'))
          expect(step.possible_keys ?? '', q.sql).toMatch(/NAME_ID|ocsdesk_name_hw/);
      }
    } finally {
      await k.destroy();
    }
  });

  it('creates, renames and deletes categories and rules with the rows ocsreports writes', async () => {
    const { id } = await t.call(admin, 'software.createCategory', { name: 'Scratch', os: 'unix' });
    expect(await failure(t.call(admin, 'software.createCategory', { name: 'scratch' }))).toMatchObject({
      code: 'CONFLICT',
    });
    await t.call(admin, 'software.updateCategory', { id, name: 'Scratch 2', os: 'ALL' });
    const rule = await t.call(admin, 'software.addRule', { categoryId: id, pattern: 'vim' });
    const rule2 = await t.call(admin, 'software.addRule', {
      categoryId: id,
      pattern: '*Java*',
      publisher: 'Oracle',
      sign: 'MORE',
      version: '8.0',
    });
    expect(await root('software_category_exp').where('CATEGORY_ID', id).orderBy('ID')).toEqual([
      { ID: rule.id, CATEGORY_ID: id, SOFTWARE_EXP: 'vim', SIGN_VERSION: '', VERSION: '', PUBLISHER: '' },
      {
        ID: rule2.id,
        CATEGORY_ID: id,
        SOFTWARE_EXP: '*Java*',
        SIGN_VERSION: 'MORE',
        VERSION: '8.0',
        PUBLISHER: 'Oracle',
      },
    ]);
    expect(await root('software_categories').where('ID', id)).toEqual([
      { ID: id, CATEGORY_NAME: 'Scratch 2', OS: 'ALL' },
    ]);
    const view = await t.call(user, 'software.categories', {});
    expect(view.categories.find((c) => c.id === id)?.rules).toEqual([
      { id: rule.id, pattern: 'vim', publisher: null, sign: null, version: null },
      { id: rule2.id, pattern: '*Java*', publisher: 'Oracle', sign: 'MORE', version: '8.0' },
    ]);
    await t.call(admin, 'software.deleteRule', { id: rule.id });
    await t.call(admin, 'software.setDefaultCategory', { id });
    await root('software_categories_link').insert({
      NAME_ID: 105,
      PUBLISHER_ID: 1,
      VERSION_ID: 6,
      CATEGORY_ID: id,
    });
    await t.call(admin, 'software.deleteCategory', { id });
    expect(await root('software_category_exp').where('CATEGORY_ID', id)).toEqual([]);
    expect(await root('software_categories_link').where('CATEGORY_ID', id)).toEqual([]);
    expect(await root('config').where('NAME', 'DEFAULT_CATEGORY')).toEqual([]);
    // Browsing operators may read but not write.
    expect(await failure(t.call(user, 'software.createCategory', { name: 'X' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('recomputes the link rows the comm server writes, equal to the oracle, with a default category', async () => {
    const cat = async (name: string, os: 'ALL' | 'WINDOWS' | 'unix') =>
      (await t.call(admin, 'software.createCategory', { name, os })).id;
    const browsers = await cat('Browsers', 'ALL');
    const runtimes = await cat('Runtimes', 'ALL');
    const editors = await cat('Editors', 'ALL');
    const winOnly = await cat('Windows tools', 'WINDOWS');
    const fallback = await cat('Other', 'ALL');
    const rule = (categoryId: number, pattern: string, extra: object = {}) =>
      t.call(admin, 'software.addRule', { categoryId, pattern, ...extra });
    await rule(browsers, 'Mozilla*'); // starts with
    await rule(browsers, '*Thunderbird', { publisher: 'Mozilla' }); // ends with + publisher
    await rule(runtimes, 'Microsoft Visual C++*'); // + and () stripped from both sides
    await rule(runtimes, '*Java*', { sign: 'MORE', version: '8.0.3', publisher: 'Oracle' });
    await rule(runtimes, 'OpenSSL', { sign: 'LESS', version: '1.1.1' }); // 111 >= 302? no; 111 <= 111 yes
    await rule(editors, 'vim'); // exact: not 'gvim'
    await rule(editors, 'Note?ad*');
    await rule(winOnly, '*Firefox*'); // after Browsers: wins on Windows agents only
    await rule(winOnly, '7-Zip*', { sign: 'EQUAL', version: '19.0' }); // 1900 vs 190: no
    await t.call(admin, 'software.setDefaultCategory', { id: fallback });
    // Existing rows: a stale one (nobody has gone-app), a wrong one, a right one.
    await root('software_categories_link').insert([
      { NAME_ID: 110, PUBLISHER_ID: 1, VERSION_ID: 1, CATEGORY_ID: editors },
      { NAME_ID: 105, PUBLISHER_ID: 1, VERSION_ID: 6, CATEGORY_ID: browsers },
      { NAME_ID: 102, PUBLISHER_ID: 2, VERSION_ID: 3, CATEGORY_ID: browsers },
    ]);
    const expected = sortLinks(await oracleLinks(root));
    const res = await recompute();
    expect(await links()).toEqual(expected);
    expect(res).toMatchObject({ triples: 11, categorised: 11, unchanged: 1, invalidRules: [] });

    const at = (n: number, p: number, v: number) =>
      root('software_categories_link')
        .where({ NAME_ID: n, PUBLISHER_ID: p, VERSION_ID: v })
        .pluck('CATEGORY_ID');
    // Firefox 115 is last inventoried on W2 (Windows, Jan 5): Windows tools; 120.1 only on U3 (unix): Browsers.
    expect(await at(101, 2, 2)).toEqual([winOnly]);
    expect(await at(101, 2, 10)).toEqual([browsers]);
    expect(await at(103, 3, 4)).toEqual([runtimes]);
    expect(await at(107, 5, 7)).toEqual([runtimes]);
    expect(await at(108, 1, 9)).toEqual([runtimes]);
    expect(await at(108, 1, 8)).toEqual([fallback]);
    expect(await at(105, 1, 6)).toEqual([editors]);
    expect(await at(106, 1, 1)).toEqual([fallback]);
    expect(await at(109, 1, 1)).toEqual([editors]);
    expect(await at(104, 4, 5)).toEqual([fallback]);
    expect(await at(110, 1, 1)).toEqual([]);

    // Plain SQL: every installed triple has exactly one row; no row without software.
    const [[counts]] = (await root.raw(
      `SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT NAME_ID, PUBLISHER_ID, VERSION_ID FROM software) d) AS triples,
              (SELECT COUNT(*) FROM software_categories_link) AS links,
              (SELECT COUNT(*) FROM software_categories_link l WHERE NOT EXISTS (SELECT 1 FROM software s
                 WHERE s.NAME_ID = l.NAME_ID AND s.PUBLISHER_ID = l.PUBLISHER_ID AND s.VERSION_ID = l.VERSION_ID)) AS orphans`,
    )) as [[{ triples: number; links: number; orphans: number }]];
    expect(Object.values(counts).map(Number)).toEqual([11, 11, 0]);

    // A second run changes nothing.
    expect(await recompute()).toMatchObject({ inserted: 0, deleted: 0, unchanged: 11 });

    // All software shows the category and filters on it.
    const list = await t.call(user, 'software.list', { category: editors });
    expect(list.rows.map((r) => r.name)).toEqual(['Notepad++', 'vim']);
    expect((await t.call(user, 'software.list', { category: 'none' })).total).toBe(0);
    const ff = (await t.call(user, 'software.list', { filter: 'firefox' })).rows[0]!;
    expect(ff.categories.map((c) => c.name)).toEqual(['Browsers', 'Windows tools']);
  });

  it('without a default category keeps the rows of unmatched software, as the comm server does (oracle)', async () => {
    await t.call(admin, 'software.setDefaultCategory', { id: null });
    const view = await t.call(user, 'software.categories', {});
    expect(view.defaultCategory).toBeNull();
    const editors = view.categories.find((c) => c.name === 'Editors')!;
    for (const r of editors.rules) await t.call(admin, 'software.deleteRule', { id: r.id });
    const expected = sortLinks(await oracleLinks(root));
    await recompute();
    expect(await links()).toEqual(expected);
    // vim keeps its Editors row (no rule, no default: the comm server writes nothing for it).
    expect(await root('software_categories_link').where({ NAME_ID: 105 }).pluck('CATEGORY_ID')).toEqual([
      editors.id,
    ]);
  });

  it('agrees with the oracle on generated rules and software', async () => {
    let seed = 20;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
    const words = ['Alpha', 'beta', 'Gamma', 'Delta(x64)', 'C++', 'Tool', 'Suite', '[Pro]', 'Lite'];
    const names = Array.from({ length: 40 }, (_x, i) => ({
      ID: 500 + i,
      NAME: `${pick(words)} ${pick(words)} ${i}`,
    }));
    const versions = Array.from({ length: 12 }, (_x, i) => ({
      ID: 100 + i,
      VERSION: `${rnd(12)}.${rnd(10)}.${i}`,
    }));
    await root('software_name').insert(names);
    await root('software_version').insert(versions);
    const rows = Array.from({ length: 160 }, () => ({
      HARDWARE_ID: 1 + rnd(4),
      NAME_ID: pick(names).ID,
      PUBLISHER_ID: pick([1, 2, 3, 4, 5]),
      VERSION_ID: pick([1, ...versions.map((v) => v.ID)]),
    }));
    await root('software').insert(rows);
    const cats = [];
    for (const [i, os] of (['ALL', 'WINDOWS', 'unix', 'ALL'] as const).entries())
      cats.push((await t.call(admin, 'software.createCategory', { name: `Gen ${i}`, os })).id);
    const patterns = [
      'Alpha*',
      '*beta*',
      '*Suite 1?',
      'Gamma Tool*',
      '*C++*',
      'Delta(x64)*',
      '*[Pro]*',
      'Lite Lite 3',
      '*a*',
    ];
    for (let i = 0; i < 14; i++) {
      const sign = pick([undefined, undefined, 'EQUAL', 'LESS', 'MORE'] as const);
      await t.call(admin, 'software.addRule', {
        categoryId: pick(cats),
        pattern: pick(patterns),
        publisher: pick([undefined, undefined, 'Mozilla', 'Oracle']),
        ...(sign ? { sign, version: pick(versions).VERSION } : {}),
      });
    }
    await t.call(admin, 'software.setDefaultCategory', { id: cats[3]! });
    const expected = sortLinks(await oracleLinks(root));
    // Not vacuous: rules of several categories (and the default) decide.
    expect(new Set(expected.map((e) => e.split('=')[1])).size).toBeGreaterThan(2);
    await recompute();
    expect(await links()).toEqual(expected);
  });

  it('recomputes for the whole fleet only: refused to a TAG-restricted administrator and to a browsing operator', async () => {
    const { jobId } = await t.call(parisAdmin, 'software.recompute', {});
    const info = await t.app.jobs.wait(jobId);
    expect(info).toMatchObject({ state: 'failed', error: { code: 'FORBIDDEN' } });
    expect(await failure(t.call(user, 'software.recompute', {}))).toMatchObject({ code: 'FORBIDDEN' });
  });
  it('works on a schema older than 7069 (no software_categories_link): no category, nothing refused', async () => {
    const all = await t.call(user, 'software.list', { limit: 500 });
    await root.raw('RENAME TABLE software_categories_link TO ocsdesk_test_links_away');
    try {
      const page = await t.call(user, 'software.list', { limit: 500 });
      expect(page.rows.map((r) => [r.name, r.computers])).toEqual(all.rows.map((r) => [r.name, r.computers]));
      expect(page.rows.every((r) => r.categories.length === 0)).toBe(true);
      expect((await t.call(user, 'software.list', { category: 'none', limit: 500 })).total).toBe(all.total);
      const cats = await t.call(user, 'software.categories', {});
      const some = cats.categories[0]?.id ?? 1;
      expect((await t.call(user, 'software.list', { category: some })).total).toBe(0);
      expect(cats.categories.every((c) => c.linked === 0)).toBe(true);
    } finally {
      await root.raw('RENAME TABLE ocsdesk_test_links_away TO software_categories_link');
    }
  });
});
