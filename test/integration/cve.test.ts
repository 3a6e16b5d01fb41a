import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src-main/platform/db/connect';
import {
  affectedComputers,
  computerCves,
  vulnerableComputers,
  vulnerableSoftware,
} from '../../src-main/cve/cve.service';
import { walkLimits } from '../../src-main/cve/cve.repo';
import { operatorScope, wholeFleetScope } from '../../src-main/platform/ocs/scope';
import { nameCountsNow } from '../../src-main/software/name-counts';
import { COUNT_WAIT_MS } from '../../src-main/software/software.service';
import { CveByComputerInput, severityOf } from '../../shared/contract/cve';
import {
  buildTally,
  computerTallyNow,
  pageOfTally,
  readVulnerable,
  walkByName,
  walkLimits as nameWalk,
} from '../../src-main/cve/computer-tally';
import type { Session } from '../../src-main/platform/rpc/session';
import { failure, testApp, USER } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { APP_ACCOUNT, ROOT, createOcsDb, dropDb, rootParams } from '../helpers/db';

/**
 * The CVE screens on the real MariaDB: rows as ocsreports' cron jobs write them (crontab/cron_cve.php
 * through require/cve/Cve.php, cron_cve_computer.php), figures against plain SQL, the TAG perimeter,
 * and the empty state before any row exists.
 */
const t = testApp();

const NAMES: Array<[number, string]> = [
  [101, 'Mozilla Firefox'],
  [107, 'Java 8 Update 341'],
  [108, 'OpenSSL'],
  [109, 'Notepad++'],
  [110, 'gone-app'],
];
const PUBLISHERS: Array<[number, string]> = [
  [2, 'Mozilla'],
  [5, 'Oracle'],
  [6, 'OpenSSL Project'],
];
const VERSIONS: Array<[number, string]> = [
  [2, '115.0.2'],
  [7, '8.0.3410'],
  [8, '3.0.2'],
  [9, '1.1.1'],
  [10, '120.1'],
];
// [hardware, name, publisher, version]: 1 and 3 are PARIS, 2 and 4 LYON.
const SOFTWARE: Array<[number, number, number, number]> = [
  [1, 101, 2, 2],
  [2, 101, 2, 2],
  [3, 101, 2, 10],
  [4, 101, 2, 2],
  [2, 107, 5, 7],
  [3, 108, 6, 8],
  [4, 108, 6, 8],
  [4, 108, 6, 9],
  [1, 109, 1, 1],
];
// [publisher, name, version, CVSS, CVE]: as Cve.php inserts them (one row per CVE and version).
const CVES: Array<[number, number, number, number, string]> = [
  [2, 101, 2, 9.8, 'CVE-2023-0001'],
  [2, 101, 2, 6.5, 'CVE-2023-0002'],
  [2, 101, 10, 4.3, 'CVE-2024-0003'],
  [5, 107, 7, 7.5, 'CVE-2022-0004'],
  [6, 108, 8, 7.5, 'CVE-2022-0005'],
  [6, 108, 8, 0, 'CVE-2022-0006'],
  [6, 108, 9, 3.1, 'CVE-2019-0008'],
  // Stored for a software no computer has any more: never listed.
  [6, 110, 9, 5, 'CVE-2020-0007'],
];
const link = (cve: string) => `https://cve.example.invalid/${cve}`;

async function seed(k: Knex): Promise<void> {
  const day = (d: number) => `2026-01-${String(d).padStart(2, '0')} 10:00:00`;
  await k('hardware').insert([
    { ID: 1, DEVICEID: 'W1-2026', NAME: 'W1', LASTDATE: day(3) },
    { ID: 2, DEVICEID: 'W2-2026', NAME: 'W2', LASTDATE: day(5) },
    { ID: 3, DEVICEID: 'U3-2026', NAME: 'U3', LASTDATE: day(4) },
    { ID: 4, DEVICEID: 'U4-2026', NAME: 'U4', LASTDATE: day(1) },
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

async function seedCves(k: Knex): Promise<void> {
  await k('cve_search').insert(
    CVES.map(([PUBLISHER_ID, NAME_ID, VERSION_ID, CVSS, CVE]) => ({
      PUBLISHER_ID,
      NAME_ID,
      VERSION_ID,
      CVSS,
      CVE,
      LINK: link(CVE),
    })),
  );
  await k('cve_search_history').insert([
    { FLAG_DATE: '2026-02-01 03:00:00', CVE_NB: 3, PUBLISHER_ID: 2 },
    { FLAG_DATE: '2026-02-01 03:05:00', CVE_NB: 1, PUBLISHER_ID: 5 },
    { FLAG_DATE: '2026-02-01 03:07:00', CVE_NB: 4, PUBLISHER_ID: 6 },
  ]);
  // cron_cve_computer.php's flat copy (only counted: the screens read the live join).
  await k('cve_search_computer').insert({
    HARDWARE_ID: 1,
    HARDWARE_NAME: 'W1',
    PUBLISHER: 'Mozilla',
    VERSION: '115.0.2',
    SOFTWARE_NAME: 'Mozilla Firefox',
    CVSS: '9.8',
    CVE: 'CVE-2023-0001',
    LINK: link('CVE-2023-0001'),
  });
}

/** The list by plain SQL: vulnerable triples with their computers, restricted to a TAG when given. */
async function listBySql(k: Knex, tag?: string) {
  const [rows] = (await k.raw(
    `SELECT c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID, n.NAME, MAX(c.CVSS) AS m, COUNT(DISTINCT c.CVE) AS nb,
            (SELECT COUNT(DISTINCT s.HARDWARE_ID) FROM software s JOIN accountinfo a ON a.HARDWARE_ID = s.HARDWARE_ID
              WHERE s.NAME_ID = c.NAME_ID AND s.PUBLISHER_ID = c.PUBLISHER_ID AND s.VERSION_ID = c.VERSION_ID
                AND (? IS NULL OR a.TAG = ?)) AS pcs
       FROM cve_search c JOIN software_name n ON n.ID = c.NAME_ID
      GROUP BY c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID, n.NAME
     HAVING pcs > 0
      ORDER BY m DESC, n.NAME, c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID`,
    [tag ?? null, tag ?? null],
  )) as [
    Array<{
      NAME_ID: number;
      PUBLISHER_ID: number;
      VERSION_ID: number;
      NAME: string;
      m: number;
      nb: number;
      pcs: number;
    }>,
  ];
  return rows.map((r) => [r.NAME, r.VERSION_ID, Number(r.m), Number(r.nb), Number(r.pcs)]);
}

/** Per computer of the TAG (or all): distinct vulnerable triples, distinct CVEs, highest CVSS. */
async function computersBySql(k: Knex, tag?: string) {
  const [rows] = (await k.raw(
    `SELECT h.ID, h.NAME, a.TAG, COUNT(DISTINCT s.NAME_ID, s.PUBLISHER_ID, s.VERSION_ID) AS sw,
            COUNT(DISTINCT c.CVE) AS nb, MAX(c.CVSS) AS m
       FROM hardware h JOIN accountinfo a ON a.HARDWARE_ID = h.ID
       JOIN software s ON s.HARDWARE_ID = h.ID
       JOIN cve_search c ON c.NAME_ID = s.NAME_ID AND c.PUBLISHER_ID = s.PUBLISHER_ID AND c.VERSION_ID = s.VERSION_ID
      WHERE ? IS NULL OR a.TAG = ?
      GROUP BY h.ID, h.NAME, a.TAG ORDER BY m DESC, h.NAME, h.ID`,
    [tag ?? null, tag ?? null],
  )) as [Array<{ ID: number; NAME: string; TAG: string; sw: number; nb: number; m: number }>];
  return rows.map((r) => ({
    id: r.ID,
    name: r.NAME,
    tag: r.TAG,
    software: Number(r.sw),
    cves: Number(r.nb),
    maxCvss: Number(r.m),
  }));
}

describe('CVE screens', () => {
  let db = '';
  let root: Knex;
  let user: Session;
  let paris: Session;
  let parisExact: Session;
  const wait = { ...COUNT_WAIT_MS };

  beforeAll(async () => {
    db = await createOcsDb();
    root = await createPool(rootParams(db), { max: 2 });
    await seed(root);
    user = await t.connect(t.session(USER), db);
    paris = await t.connect(t.session({ ...USER, id: 'paris', tags: ['PAR*'] }), db);
    parisExact = await t.connect(t.session({ ...USER, id: 'paris-exact', tags: ['PARIS'] }), db);
    // The list waits for All software's background count as long as it takes on these few rows under
    // load (the test of the state before it sets 0).
    Object.assign(COUNT_WAIT_MS, { byName: 60_000, byCount: 60_000 });
  });
  afterAll(async () => {
    Object.assign(COUNT_WAIT_MS, wait);
    for (const s of [user, paris, parisExact]) await s?.dispose();
    await root?.destroy();
    if (db) await dropDb(db);
  });

  it('says the tables are empty and the feature is off before ocsreports ran its job', async () => {
    expect(await t.call(user, 'cve.status', {})).toEqual({
      enabled: false,
      hostSet: false,
      cveRows: 0,
      computerRows: 0,
      historyRows: 0,
      lastRun: null,
    });
    // No cve_search row: empty at once, and no count of every software row is started for it.
    expect(await t.call(user, 'cve.software', {})).toMatchObject({
      rows: [],
      total: 0,
      counts: { computedAt: null, countingSince: null },
    });
    expect(await t.call(user, 'cve.computer', { id: 1 })).toEqual({ rows: [] });
    await seedCves(root);
    await root('config').insert([
      { NAME: 'VULN_CVESEARCH_ENABLE', IVALUE: 1 },
      { NAME: 'VULN_CVESEARCH_HOST', TVALUE: 'http://127.0.0.1:5000' },
    ]);
    expect(await t.call(user, 'cve.status', {})).toEqual({
      enabled: true,
      hostSet: true,
      cveRows: CVES.length,
      computerRows: 1,
      historyRows: 3,
      lastRun: '2026-02-01 03:07:00',
    });
  });

  it('lists vulnerable software with CVE count, highest CVSS and computers equal to plain SQL', async () => {
    const page = await t.call(user, 'cve.software', { limit: 500 });
    const sql = await listBySql(root);
    expect(page.total).toBe(sql.length);
    expect(page.rows.map((r) => [r.name, r.versionId, r.maxCvss, r.cves, r.computers])).toEqual(sql);
    expect(page.rows[0]).toMatchObject({
      name: 'Mozilla Firefox',
      publisher: 'Mozilla',
      version: '115.0.2',
      cves: 2,
      maxCvss: 9.8,
      computers: 3,
    });
    expect(page.rows.some((r) => r.name === 'gone-app')).toBe(false);
  });

  it('says the computers are being counted before the count is kept, then the list sorted by computers (plain SQL)', async () => {
    const fresh = await t.connect(t.session({ ...USER, id: 'cve-fresh' }), db);
    Object.assign(COUNT_WAIT_MS, { byName: 0, byCount: 0 });
    const input = { sort: { column: 'computers', dir: 'desc' }, limit: 500 } as const;
    try {
      const first = await t.call(fresh, 'cve.software', input);
      expect(first).toMatchObject({ rows: [], total: null, counts: { computedAt: null, failed: null } });
      expect(first.counts.countingSince).not.toBeNull();
      let later = first;
      for (let i = 0; i < 300 && later.total === null; i++) {
        await new Promise((r) => setTimeout(r, 100));
        later = await t.call(fresh, 'cve.software', input);
      }
      const [sql] = (await root.raw(
        `SELECT n.NAME, v.VERSION, (SELECT COUNT(DISTINCT s.HARDWARE_ID) FROM software s WHERE s.NAME_ID = c.NAME_ID
                AND s.PUBLISHER_ID = c.PUBLISHER_ID AND s.VERSION_ID = c.VERSION_ID) AS pcs
           FROM cve_search c JOIN software_name n ON n.ID = c.NAME_ID
           LEFT JOIN software_publisher p ON p.ID = c.PUBLISHER_ID LEFT JOIN software_version v ON v.ID = c.VERSION_ID
          GROUP BY c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID, n.NAME, p.PUBLISHER, v.VERSION HAVING pcs > 0
          ORDER BY pcs DESC, n.NAME, p.PUBLISHER, v.VERSION, c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID`,
      )) as [Array<{ NAME: string; VERSION: string; pcs: number }>];
      expect(later.total).toBe(sql.length);
      expect(later.rows.map((r) => [r.name, r.version, r.computers])).toEqual(
        sql.map((r) => [r.NAME, r.VERSION, Number(r.pcs)]),
      );
    } finally {
      Object.assign(COUNT_WAIT_MS, { byName: 60_000, byCount: 60_000 });
      await fresh.dispose();
    }
  });

  it('counts only the computers of a TAG-restricted operator (exact and wildcard TAG)', async () => {
    for (const s of [paris, parisExact]) {
      const page = await t.call(s, 'cve.software', { limit: 500 });
      expect(page.rows.map((r) => [r.name, r.versionId, r.maxCvss, r.cves, r.computers])).toEqual(
        await listBySql(root, 'PARIS'),
      );
      expect(page.counts).toMatchObject({ failed: null });
      expect(page.counts.computedAt).not.toBeNull();
      expect((await t.call(s, 'cve.software', { sort: { column: 'computers', dir: 'asc' } })).total).toBe(
        page.total,
      );
      // Java is only on W2 (LYON); OpenSSL 1.1.1 only on U4 (LYON).
      expect(page.rows.some((r) => r.name.startsWith('Java') || r.version === '1.1.1')).toBe(false);
    }
    const byComputers = await t.call(paris, 'cve.software', { sort: { column: 'computers', dir: 'desc' } });
    expect(byComputers.rows.map((r) => [r.name, r.version, r.computers])).toEqual([
      ['Mozilla Firefox', '115.0.2', 1],
      ['Mozilla Firefox', '120.1', 1],
      ['OpenSSL', '3.0.2', 1],
    ]);
  });

  it('filters by severity band and text, sorts and pages on the server', async () => {
    const bands = async (severities: Array<'none' | 'low' | 'medium' | 'high' | 'critical'>) =>
      (await t.call(user, 'cve.software', { severities, sort: { column: 'name', dir: 'asc' } })).rows.map(
        (r) => `${r.name} ${r.version}`,
      );
    expect(await bands(['critical'])).toEqual(['Mozilla Firefox 115.0.2']);
    expect(await bands(['high'])).toEqual(['Java 8 Update 341 8.0.3410', 'OpenSSL 3.0.2']);
    expect(await bands(['medium', 'low'])).toEqual(['Mozilla Firefox 120.1', 'OpenSSL 1.1.1']);
    expect(await bands(['none'])).toEqual([]);
    // A CVE id finds its software; a publisher too; wildcards as everywhere else.
    const byCve = await t.call(user, 'cve.software', { filter: 'CVE-2022-0006' });
    expect(byCve.rows.map((r) => [r.name, r.cves])).toEqual([['OpenSSL', 2]]);
    const byPublisher = await t.call(user, 'cve.software', { filter: 'oracle' });
    expect(byPublisher.rows.map((r) => r.name)).toEqual(['Java 8 Update 341']);
    const wild = await t.call(user, 'cve.software', { filter: 'open*' });
    expect(wild.total).toBe(2);

    const all = await t.call(user, 'cve.software', { sort: { column: 'cves', dir: 'desc' }, limit: 500 });
    const first = await t.call(user, 'cve.software', { sort: { column: 'cves', dir: 'desc' }, limit: 2 });
    const second = await t.call(user, 'cve.software', {
      sort: { column: 'cves', dir: 'desc' },
      offset: 2,
      limit: 2,
    });
    expect([...first.rows, ...second.rows]).toEqual(all.rows.slice(0, 4));
    expect(all.rows.slice(0, 2).map((r) => [r.name, r.cves])).toEqual([
      ['Mozilla Firefox', 2],
      ['OpenSSL', 2],
    ]);
    const byName = await t.call(user, 'cve.software', { sort: { column: 'name', dir: 'desc' }, limit: 1 });
    expect(byName.rows[0]!.name).toBe('OpenSSL');
  });

  it('gives the CVEs of one software and its computers, only inside the perimeter', async () => {
    const key = { nameId: 101, publisherId: 2, versionId: 2 };
    expect(await t.call(user, 'cve.cves', key)).toEqual({
      computers: 3,
      rows: [
        { cve: 'CVE-2023-0001', cvss: 9.8, link: link('CVE-2023-0001') },
        { cve: 'CVE-2023-0002', cvss: 6.5, link: link('CVE-2023-0002') },
      ],
    });
    expect((await t.call(paris, 'cve.cves', key)).computers).toBe(1);
    const all = await t.call(user, 'cve.computers', key);
    expect(all.rows.map((r) => [r.name, r.tag])).toEqual(
      [
        ['W1', 'PARIS'],
        ['W2', 'LYON'],
        ['U4', 'LYON'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(await t.call(paris, 'cve.computers', key)).toEqual({
      total: 1,
      rows: [{ id: 1, name: 'W1', tag: 'PARIS', lastdate: '2026-01-03 10:00:00' }],
    });
    // By CVE id: every computer with a software that CVE names.
    const [bySql] = (await root.raw(
      `SELECT DISTINCT s.HARDWARE_ID FROM software s JOIN cve_search c ON c.NAME_ID = s.NAME_ID
          AND c.PUBLISHER_ID = s.PUBLISHER_ID AND c.VERSION_ID = s.VERSION_ID WHERE c.CVE = ? ORDER BY 1`,
      ['CVE-2022-0005'],
    )) as [Array<{ HARDWARE_ID: number }>];
    const byCve = await t.call(user, 'cve.computers', { cve: 'CVE-2022-0005' });
    expect(byCve.rows.map((r) => r.id).sort()).toEqual(bySql.map((r) => r.HARDWARE_ID));
    expect((await t.call(paris, 'cve.computers', { cve: 'CVE-2022-0005' })).rows.map((r) => r.name)).toEqual([
      'U3',
    ]);
    expect(await t.call(paris, 'cve.computers', { cve: 'CVE-2022-0004' })).toEqual({ rows: [], total: 0 });
  });

  it("pages a software's computers by walking hardware once its computers are counted (plain SQL, EXPLAIN)", async () => {
    const k = await createPool(rootParams(db), { max: 2 });
    const seen: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    k.on('query', (q: { sql: string; bindings: Knex.RawBinding[] }) => seen.push(q));
    const cost = walkLimits.probeCost;
    walkLimits.probeCost = 0; // walk whenever a count is kept (the fixture is far too small to need it)
    try {
      for (const [scope, where] of [
        [await wholeFleetScope(k), '1 = 1'],
        [await operatorScope(k, { tags: ['PARIS'] }), "a.TAG = 'PARIS'"],
      ] as const) {
        await nameCountsNow(k, scope);
        for (const key of [
          { nameId: 101, publisherId: 2, versionId: 2 },
          { nameId: 108, publisherId: 6, versionId: 8 },
        ]) {
          const [sql] = (await root.raw(
            `SELECT h.ID, h.NAME FROM hardware h JOIN accountinfo a ON a.HARDWARE_ID = h.ID
              WHERE ${where} AND h.ID IN (SELECT HARDWARE_ID FROM software
                WHERE NAME_ID = ? AND PUBLISHER_ID = ? AND VERSION_ID = ?) ORDER BY h.NAME, h.ID`,
            [key.nameId, key.publisherId, key.versionId],
          )) as [Array<{ ID: number; NAME: string }>];
          const pages = [];
          for (let offset = 0; offset < sql.length + 1; offset += 1) {
            const page = await affectedComputers(k, scope, key, offset, 1);
            expect(page.total).toBe(sql.length);
            pages.push(...page.rows.map((r) => r.id));
          }
          expect(pages).toEqual(sql.map((r) => r.ID));
        }
      }
      // Every page above was the walk: hardware in NAME order, software probed by HARDWARE_ID.
      const walks = seen.filter((q) => q.sql.startsWith('SET STATEMENT'));
      expect(walks.length).toBeGreaterThan(4);
      expect(seen.filter((q) => /`software` as `s`/.test(q.sql))).toEqual([]);
      const conn: unknown = await k.client.acquireConnection();
      try {
        await k.raw("SET SESSION optimizer_switch = 'exists_to_in=off'").connection(conn);
        const w = walks[0]!;
        const [plan] = (await k
          .raw(`EXPLAIN ${w.sql.replace(/^SET STATEMENT .*? FOR /s, '')}`, w.bindings)
          .connection(conn)) as [Array<{ table: string; key: string | null; type: string }>];
        expect(plan.find((p) => p.table === 's')).toMatchObject({ key: 'HARDWARE_ID', type: 'ref' });
      } finally {
        await k.client.releaseConnection(conn);
      }
    } finally {
      walkLimits.probeCost = cost;
      await k.destroy();
    }
  });

  it("lists one computer's CVEs as ocsreports' detail joins them, NOT_FOUND outside the perimeter", async () => {
    for (const id of [1, 2, 3, 4]) {
      const [sql] = (await root.raw(
        `SELECT c.CVE, MAX(c.CVSS) AS cvss FROM software s JOIN cve_search c ON c.NAME_ID = s.NAME_ID
            AND c.PUBLISHER_ID = s.PUBLISHER_ID AND c.VERSION_ID = s.VERSION_ID
          WHERE s.HARDWARE_ID = ? GROUP BY c.CVE, c.NAME_ID, c.PUBLISHER_ID, c.VERSION_ID ORDER BY cvss DESC, c.CVE`,
        [id],
      )) as [Array<{ CVE: string; cvss: number }>];
      const out = await t.call(user, 'cve.computer', { id });
      expect(out.rows.map((r) => [r.cve, r.cvss]).sort()).toEqual(sql.map((r) => [r.CVE, r.cvss]).sort());
    }
    expect(
      (await t.call(user, 'cve.computer', { id: 4 })).rows.map((r) => `${r.name} ${r.version} ${r.cve}`),
    ).toEqual([
      'Mozilla Firefox 115.0.2 CVE-2023-0001',
      'OpenSSL 3.0.2 CVE-2022-0005',
      'Mozilla Firefox 115.0.2 CVE-2023-0002',
      'OpenSSL 1.1.1 CVE-2019-0008',
      'OpenSSL 3.0.2 CVE-2022-0006',
    ]);
    expect(await failure(t.call(paris, 'cve.computer', { id: 4 }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.call(paris, 'cve.computer', { id: 3 })).rows.length).toBe(3);
  });

  it('reads software through its indexes, never a full scan (EXPLAIN of every query on software)', async () => {
    const k = await createPool(rootParams(db), { max: 1 });
    const seen: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    k.on('query', (q: { sql: string; bindings: Knex.RawBinding[] }) => seen.push(q));
    try {
      const scope = await wholeFleetScope(k);
      for (const column of ['name', 'cvss', 'cves', 'computers'] as const) {
        const page = await vulnerableSoftware(
          k,
          scope,
          {
            filter: 'o',
            severities: ['high', 'critical'],
            sort: { column, dir: 'desc' },
            offset: 0,
            limit: 50,
            waitCounts: false,
          },
          60_000,
        );
        expect(page.rows.length).toBeGreaterThan(0);
      }
      // The list reads cve_search and the kept counts only: its one read of software is the background
      // count, streamed on a connection of its own (not through knex), once for the four sorts.
      const listed = seen.filter((q) => /`software`/.test(q.sql));
      expect(listed).toEqual([]);
      await affectedComputers(k, scope, { nameId: 101, publisherId: 2, versionId: 2 }, 0, 50);
      await affectedComputers(k, scope, { cve: 'CVE-2022-0005' }, 0, 50);
      await computerCves(k, scope, 4);
      // All software's background count (name-counts.ts) is the one deliberate read of every row.
      const onSoftware = seen.filter(
        (q) => /`software` as `s`/.test(q.sql) && !q.sql.startsWith('SET STATEMENT'),
      );
      expect(onSoftware.length).toBeGreaterThan(3);
      for (const q of onSoftware) {
        const [plan] = (await k.raw(`EXPLAIN ${q.sql}`, q.bindings)) as [
          Array<{ table: string; possible_keys: string | null }>,
        ];
        // Tables this small are cheaper to scan, so the chosen key is not telling; what must hold is
        // that every read of software can go through an index (NAME_ID, or HARDWARE_ID for one computer).
        for (const step of plan.filter((p) => p.table === 's'))
          expect(step.possible_keys ?? '', q.sql).toMatch(/NAME_ID|HARDWARE_ID|ocsdesk_name_hw/);
      }
    } finally {
      await k.destroy();
    }
  });

  it('lists computers by their vulnerable software equal to plain SQL, inside the perimeter', async () => {
    const bySql = (tag?: string) => computersBySql(root, tag);
    const all = await bySql();
    expect(all.length).toBe(4);
    const page = (input: object, who = user) => t.call(who, 'cve.byComputer', input);
    // Sorted by CVSS the page needs the tally of the perimeter (the test waits for it as long as it takes).
    expect(await page({})).toMatchObject({ total: all.length, rows: all });
    const parisRows = await bySql('PARIS');
    expect(parisRows.map((r) => r.name)).toEqual(['W1', 'U3']);
    expect(await page({}, paris)).toMatchObject({ total: 2, rows: parisRows });
    // U4: Firefox 115.0.2 and OpenSSL 3.0.2 and 1.1.1 (three software, five CVEs, 9.8 at most).
    expect(all.find((r) => r.name === 'U4')).toMatchObject({ software: 3, cves: 5, maxCvss: 9.8 });

    const names = async (input: object, who = user) => (await page(input, who)).rows.map((r) => r.name);
    expect(await names({ sort: { column: 'name', dir: 'asc' } })).toEqual(['U3', 'U4', 'W1', 'W2']);
    expect(await names({ sort: { column: 'name', dir: 'desc' } })).toEqual(['W2', 'W1', 'U4', 'U3']);
    expect(await names({ sort: { column: 'software', dir: 'desc' } })).toEqual(['U4', 'U3', 'W2', 'W1']);
    expect(await names({ sort: { column: 'cves', dir: 'asc' } })).toEqual(['W1', 'U3', 'W2', 'U4']);
    expect(await names({ severities: ['high'] })).toEqual(['U3']);
    expect(await names({ severities: ['medium', 'critical'], sort: { column: 'name', dir: 'asc' } })).toEqual(
      ['U4', 'W1', 'W2'],
    );
    expect(await names({ filter: 'lyon' })).toEqual(['U4', 'W2']);
    expect(await names({ filter: 'lyon' }, paris)).toEqual([]);
    // Paged: the total rides on every page; a page past the end still says it.
    const p2 = await page({ sort: { column: 'name', dir: 'asc' }, offset: 2, limit: 1 });
    expect(p2).toMatchObject({ total: 4, rows: [expect.objectContaining({ name: 'W1' })] });
    expect(await page({ offset: 10 })).toMatchObject({ total: 4, rows: [] });
    expect(await t.call(user, 'cve.software', { offset: 10 })).toMatchObject({ total: 5, rows: [] });
  });

  it('pages computers by name before any tally (hardware walk), then by the tally, equal to plain SQL', async () => {
    const k = await createPool(rootParams(db), { max: 2 });
    const seen: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    k.on('query', (q: { sql: string; bindings: Knex.RawBinding[] }) => seen.push(q));
    const input = (o: object) => CveByComputerInput.parse({ sort: { column: 'name', dir: 'asc' }, ...o });
    try {
      // Nothing kept on this new pool: sorted by CVSS, no rows and no total while the tally runs; sorted
      // by name, the page at once (the walk reached the end of these four computers: its total is exact).
      const fleet = await wholeFleetScope(k);
      const cvssFirst = await vulnerableComputers(
        k,
        fleet,
        input({ sort: { column: 'cvss', dir: 'desc' } }),
        0,
      );
      expect(cvssFirst).toMatchObject({
        rows: [],
        total: null,
        counts: { countingSince: expect.any(String) },
      });
      const nameFirst = await vulnerableComputers(k, fleet, input({ limit: 2 }), 0);
      expect(nameFirst).toMatchObject({ total: 4, rows: [{ name: 'U3' }, { name: 'U4' }] });
      for (const [scope, tag] of [
        [await wholeFleetScope(k), undefined],
        [await operatorScope(k, { tags: ['PAR*'] }), 'PARIS'],
      ] as const) {
        const sql = (await computersBySql(root, tag)).sort((a, b) => a.name.localeCompare(b.name));
        const v = await readVulnerable(k);
        // Every offset and page size, both directions, with and without a band: the walk equals SQL.
        for (const dir of ['asc', 'desc'] as const)
          for (const severities of [undefined, ['critical'] as const])
            for (let limit = 1; limit <= 3; limit++)
              for (let offset = 0; offset <= sql.length; offset++) {
                const want = sql.filter((r) => !severities || severityOf(r.maxCvss) === 'critical');
                if (dir === 'desc') want.reverse();
                const w = await walkByName(
                  k,
                  scope,
                  v,
                  input({ sort: { column: 'name', dir }, offset, limit, severities }),
                );
                expect(w!.rows).toEqual(want.slice(offset, offset + limit));
                // The walk reached the end of this small perimeter: its total is exact.
                expect(w!.total).toBe(want.length);
              }
        // A restricted operator's walk never names a computer outside the TAG.
        if (tag) {
          const w = await walkByName(k, scope, v, input({ limit: 500 }));
          expect(w!.rows.map((r) => r.tag)).toEqual(w!.rows.map(() => 'PARIS'));
        }
        // The background tally gives the same rows, every computer's.
        const tally = await computerTallyNow(k, scope);
        expect(tally.rows).toEqual(sql);
        const byTally = await pageOfTally(k, scope, tally, input({ sort: { column: 'cvss', dir: 'desc' } }));
        expect(byTally.rows.map((r) => r.id)).toEqual(
          (await computersBySql(root, tag)).map((r) => r.id), // SQL order: m DESC, NAME, ID
        );
      }
      // A walk past its bound leaves the page to the tally.
      const bound = nameWalk.maxHosts;
      nameWalk.maxHosts = 1;
      try {
        expect(
          await walkByName(k, await wholeFleetScope(k), await readVulnerable(k), input({ offset: 3 })),
        ).toBe(null);
      } finally {
        nameWalk.maxHosts = bound;
      }
      // Every read of software goes by HARDWARE_ID (a computer's range), none by a name's rows.
      const onSoftware = seen.filter((q) => /`software`/.test(q.sql));
      expect(onSoftware.length).toBeGreaterThan(0);
      for (const q of onSoftware) {
        expect(q.sql).toMatch(/FORCE INDEX \(HARDWARE_ID\)/);
        const [plan] = (await k.raw(`EXPLAIN ${q.sql}`, q.bindings)) as [
          Array<{ table: string; type: string; key: string | null }>,
        ];
        for (const step of plan.filter((p) => p.table === 's')) {
          expect(step.type, q.sql).not.toBe('ALL');
          expect(step.key, q.sql).toBe('HARDWARE_ID');
        }
      }
    } finally {
      await k.destroy();
    }
  });

  it('exports both lists as CSV in the grid order, inside the perimeter', async () => {
    const sw = await t.call(user, 'cve.exportCsv', {
      list: 'software',
      sort: { column: 'cvss', dir: 'desc' },
    });
    const grid = await t.call(user, 'cve.software', { limit: 500 });
    const lines = sw.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Software,Publisher,Version,Highest CVSS,Severity,CVEs,Computers');
    expect(lines.slice(1)).toEqual(
      grid.rows.map((r) =>
        [r.name, r.publisher, r.version, r.maxCvss, severityOf(r.maxCvss), r.cves, r.computers].join(','),
      ),
    );
    expect(sw).toMatchObject({ rows: grid.total, truncated: false });
    expect(lines[1]).toBe('Mozilla Firefox,Mozilla,115.0.2,9.8,critical,2,3');

    const pcs = await t.call(paris, 'cve.exportCsv', {
      list: 'computers',
      sort: { column: 'name', dir: 'asc' },
    });
    expect(pcs.csv.trimEnd().split('\r\n')).toEqual([
      'Computer,ID,TAG,Vulnerable software,CVEs,Highest CVSS,Severity',
      'U3,3,PARIS,2,3,7.5,high',
      'W1,1,PARIS,1,2,9.8,critical',
    ]);
    const cut = await t.call(user, 'cve.exportCsv', { list: 'computers', maxRows: 3 });
    expect(cut).toMatchObject({ rows: 3, truncated: true });
  });

  it("ocs-desk cve list, by-computer and computer print the routes' rows as table, CSV and JSON", async () => {
    const cli = (...args: string[]) =>
      runCli(['cve', ...args, '--database', db, '--user', APP_ACCOUNT.user], {
        OCS_DB_HOST: ROOT.host,
        OCS_DB_PASSWORD: APP_ACCOUNT.password,
      });
    const [json, csv, tab, pcsCsv, one, bad] = await Promise.all([
      cli('list', '--format', 'json', '--limit', '500'),
      cli('list', '--format', 'csv', '--severity', 'high,critical'),
      cli('by-computer', '--sort', 'name'),
      cli('by-computer', '--format', 'csv', '--filter', 'paris', '--sort', 'name'),
      cli('computer', '3', '--format', 'csv'),
      cli('list', '--sort', 'nope'),
    ]);
    expect(json.code, json.stderr).toBe(0);
    // The command's own process counted on its own: same rows and total, its own count time.
    const { counts: _at, ...listed } = await t.call(user, 'cve.software', { limit: 500 });
    expect(JSON.parse(json.stdout)).toMatchObject(listed);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(
      (await t.call(user, 'cve.exportCsv', { list: 'software', severities: ['high', 'critical'] })).csv,
    );
    expect(tab.stdout.trimEnd().split('\n')).toEqual([
      'ID\tCOMPUTER\tTAG\tSOFTWARE\tCVES\tCVSS\tSEVERITY',
      '3\tU3\tPARIS\t2\t3\t7.5\thigh',
      '4\tU4\tLYON\t3\t5\t9.8\tcritical',
      '1\tW1\tPARIS\t1\t2\t9.8\tcritical',
      '2\tW2\tLYON\t2\t3\t9.8\tcritical',
    ]);
    expect(tab.stderr).toContain('4 of 4');
    expect(pcsCsv.stdout).toBe(
      (await t.call(paris, 'cve.exportCsv', { list: 'computers', sort: { column: 'name', dir: 'asc' } })).csv,
    );
    expect(one.stdout.split('\r\n')[0]).toBe('CVE,CVSS,SEVERITY,SOFTWARE,PUBLISHER,VERSION,LINK');
    expect(one.stdout.split('\r\n').filter(Boolean)).toHaveLength(1 + 3);
    expect(bad.code).toBe(2);
  });

  it('shows the last lookups per publisher, latest first', async () => {
    expect(await t.call(user, 'cve.history', {})).toEqual({
      total: 3,
      rows: [
        { flagDate: '2026-02-01 03:07:00', cveCount: 4, publisher: 'OpenSSL Project' },
        { flagDate: '2026-02-01 03:05:00', cveCount: 1, publisher: 'Oracle' },
        { flagDate: '2026-02-01 03:00:00', cveCount: 3, publisher: 'Mozilla' },
      ],
    });
  });
  it('builds the per-computer tally from ocsdesk_triple_hw alone when it exists (plain SQL, EXPLAIN)', async () => {
    await root.raw(
      'ALTER TABLE software ADD INDEX ocsdesk_triple_hw (NAME_ID, PUBLISHER_ID, VERSION_ID, HARDWARE_ID)',
    );
    const k = await createPool(rootParams(db), { max: 1 });
    const seen: Array<{ sql: string; bindings: Knex.RawBinding[] }> = [];
    k.on('query', (q: { sql: string; bindings: Knex.RawBinding[] }) => seen.push(q));
    try {
      for (const [scope, tag] of [
        [await wholeFleetScope(k), undefined],
        [await operatorScope(k, { tags: ['PAR*'] }), 'PARIS'],
      ] as const) {
        const sql = (await computersBySql(root, tag)).sort((a, b) => a.name.localeCompare(b.name));
        expect((await buildTally(k, scope)).rows).toEqual(sql);
      }
      const onSoftware = seen.filter((q) => /`software`/.test(q.sql));
      expect(onSoftware.length).toBeGreaterThan(0);
      for (const q of onSoftware) {
        const [plan] = (await k.raw(`EXPLAIN ${q.sql}`, q.bindings)) as [
          Array<{ table: string; key: string | null; Extra: string | null }>,
        ];
        for (const step of plan.filter((p) => p.table === 's')) {
          expect(step.key, q.sql).toBe('ocsdesk_triple_hw');
          expect(step.Extra ?? '', q.sql).toContain('Using index');
        }
      }
    } finally {
      await k.destroy();
      await root.raw('ALTER TABLE software DROP INDEX ocsdesk_triple_hw');
    }
  });
});
