import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../shared/contract/import';
import { runImportBatch } from '../../src-main/import/import.service';
import { cloneDb, dropDb, grantApp, realSchemaAvailable, uniqueDbName } from '../helpers/db';
import {
  dbNow,
  diff,
  dumpDb,
  ORPHAN_SOFTWARE,
  postSerially,
  type Deliberate,
  type Window,
} from '../helpers/import-dump';
import { makeFleet, noCtl, withPool } from '../helpers/import-test';
import { stack, STACK_ENV, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

/**
 * Issue 16: duplicate merges carry the rows that belong to the computer, not to its inventory, exactly as
 * the comm server 2.8.1's `_duplicate_replace` does. Fresh computers are imported once (AUTO_DUPLICATE_LVL
 * 0), the ones that will be replaced get per-computer rows (TAG and an admin field, a setting and a package
 * assignment in `devices`, forced and excluded static/dynamic group memberships, a comment, download
 * history, a download server role, an archived computer, a computer without accountinfo, two computers
 * of one hostname), and that database is copied (same rows, same IDs) for each path. Then the duplicate
 * files (groups of 3 by hostname with AUTO_DUPLICATE_LVL 1, by serial and MAC with 6, an OLD_DEVICEID;
 * TRACE_DELETED 1) go to the comm server fed serially, to OCS Desk server mode (the same comm server through
 * OCS Desk's import) and to OCS Desk offline, each mode at its default and highest concurrency, as the
 * application account; every table is compared (test/helpers/import-dump.ts says what
 * is normalised), the documented deliberate differences aside (SERVER_SIDE, DESK_SIDE).
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-merge-eq-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

interface Member {
  deviceid: string;
  file: string;
}
interface Manifest {
  duplicates: { list: Array<{ kind: string; members: Member[] }> };
  files: Member[];
}

const PKG = '1764979200';

const xmlOf = (f: string) => {
  const b = readFileSync(f);
  return (b[0] === 0x78 ? zlib.inflateSync(b) : b).toString('utf8');
};
/** The inventory with another HARDWARE/NAME (a second computer of that hostname). */
const renamed = (xml: string, name: string) =>
  xml.replace(/<HARDWARE>[\s\S]*?<\/HARDWARE>/, (hw) =>
    hw.replace(/<NAME>[^<]*<\/NAME>/, `<NAME>${name}</NAME>`),
  );
const hostnameOf = (xml: string) => /<HARDWARE>[\s\S]*?<NAME>([^<]*)<\/NAME>/.exec(xml)![1]!;

/** 2.8.1 keeps a download server row it could not move (HARDWARE_ID taken) for a computer it deleted. */
const ORPHAN_DOWNLOAD_SERVER: Deliberate = {
  table: 'download_servers',
  why: "2.8.1's UPDATE of download_servers fails when the surviving computer is already a server: the old row stays, orphaned; OCS Desk keeps one and deletes the old",
  drop: (r, c) => !c.devices.has(String(r.HARDWARE_ID)),
};

const setLvl = (db: string, lvl: number) =>
  withPool(db, (k) =>
    k.raw(
      `INSERT INTO config (NAME, IVALUE) VALUES ('AUTO_DUPLICATE_LVL', ?), ('TRACE_DELETED', 1)
       ON DUPLICATE KEY UPDATE IVALUE = VALUES(IVALUE)`,
      [lvl],
    ),
  );

const insertId = async (k: Knex, sql: string, binds: Knex.RawBinding[]) =>
  Number(((await k.raw(sql, binds)) as [{ insertId: number }])[0].insertId);

const stackReason = stackUnavailableReason();

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'duplicate merges with per-computer rows: comm server fed serially = OCS Desk server mode = OCS Desk offline (default, highest concurrency)',
  () => {
    it('moves, keeps and deletes the same rows in every table, except the documented deliberate differences', async () => {
      const t0 = performance.now();
      const lap = (what: string) =>
        console.log(`merge equality: ${what} at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      // --- Material: a fresh make-fleet range with 6 groups of 3 (original + 2 copies with new DEVICEIDs).
      const fleet = path.join(work, 'fleet');
      makeFleet(fleet, 30, [
        '--start-index',
        String(3_000_000 + Math.floor(Math.random() * 900_000)),
        '--duplicates',
        '6',
        '--dup-size',
        '3',
      ]);
      const manifest = JSON.parse(readFileSync(path.join(fleet, 'manifest.json'), 'utf8')) as Manifest;
      const groups = new Map(manifest.duplicates.list.map((g) => [g.kind, g.members]));
      const inGroup = new Set(manifest.duplicates.list.flatMap((g) => g.members.map((m) => m.file)));
      const singles = manifest.files
        .filter((f) => !inGroup.has(f.file))
        .sort((a, b) => (a.file < b.file ? -1 : 1));
      // Two singles stay out of the first import: the third computer of a hostname, the OLD_DEVICEID file.
      const [s3, s5] = singles.splice(-2) as [Member, Member];
      const p1 = [...manifest.duplicates.list.map((g) => g.members[0]!), ...singles].sort((a, b) =>
        a.file < b.file ? -1 : 1,
      );
      // Two computers of one hostname (imported with AUTO_DUPLICATE_LVL 0): their IDs compare differently
      // as numbers and as strings (the comm server replaces candidates in string order).
      const s1 = singles.find((s) => p1.indexOf(s) >= 1 && p1.indexOf(s) < 9)!; // IDs 2-9
      const s2 = singles.findLast((s) => p1.indexOf(s) >= 9)!;
      const s4 = singles.find((s) => s !== s1 && s !== s2)!;
      const control = singles.find((s) => ![s1, s2, s4].includes(s))!;
      const s1Name = hostnameOf(xmlOf(path.join(fleet, s1.file)));
      const dir = (name: string, files: Array<[string, string | Buffer]>) => {
        const d = path.join(work, name);
        mkdirSync(d);
        files.forEach(([f, body], i) =>
          writeFileSync(path.join(d, `${String(i).padStart(2, '0')}-${f}`), body),
        );
        return d;
      };
      const raw = (m: Member): [string, Buffer] => [m.file, readFileSync(path.join(fleet, m.file))];
      const phase1 = dir(
        'phase1',
        p1.map((m) => (m === s2 ? [m.file, renamed(xmlOf(path.join(fleet, m.file)), s1Name)] : raw(m))),
      );
      const copies = (kinds: string[]) => kinds.flatMap((kind) => groups.get(kind)!.slice(1).map(raw));
      // By hostname (AUTO_DUPLICATE_LVL 1): three groups, then a third computer of s1/s2's hostname.
      const roundHostname = dir('hostname', [
        ...copies(['hostname+serial', 'hostname+mac', 'hostname']),
        [s3.file, renamed(xmlOf(path.join(fleet, s3.file)), s1Name)],
      ]);
      // By serial and MAC (AUTO_DUPLICATE_LVL 6: both must match): one group merges, two do not; then an
      // agent reinstalled with its OLD_DEVICEID.
      const roundSerialMac = dir('serial-mac', [
        ...copies(['mac+serial', 'serial', 'mac']),
        [
          s5.file,
          xmlOf(path.join(fleet, s5.file)).replace(
            '</CONTENT>',
            `<OLD_DEVICEID>${s4.deviceid}</OLD_DEVICEID></CONTENT>`,
          ),
        ],
      ]);
      const nHostname = 7;
      const nSerialMac = 7;

      // --- The fresh computers and their per-computer rows, in one database copied for every path.
      // Server mode at its default and highest concurrency (one run when they are equal).
      const serverLevels = [
        ...new Set([IMPORT_LIMITS.serverDefaultConcurrency, IMPORT_LIMITS.serverMaxConcurrency]),
      ];
      const db = {
        curl: uniqueDbName('ocsdesk_it_mgc'),
        off4: uniqueDbName('ocsdesk_it_mg4'),
        off16: uniqueDbName('ocsdesk_it_mg16'),
      };
      const srv = new Map(serverLevels.map((c) => [c, uniqueDbName(`ocsdesk_it_mgs${c}`)]));
      dbs.push(...Object.values(db), ...srv.values());
      const base = db.off16; // prepared, then copied for the two other paths
      await stack('reset-db', base);
      await grantApp(base);
      await setLvl(base, 0);
      const field = await withPool(base, async (k) => {
        // An admin info field, as the console adds one: a row of accountinfo_config and its column.
        const id = await insertId(
          k,
          `INSERT INTO accountinfo_config (TYPE, NAME, ID_TAB, COMMENT, SHOW_ORDER, ACCOUNT_TYPE)
           VALUES (0, 'OWNER', 1, 'Owner', 2, 'COMPUTERS')`,
          [],
        );
        await k.raw('ALTER TABLE accountinfo ADD COLUMN ?? VARCHAR(255) DEFAULT NULL', [`fields_${id}`]);
        return `fields_${id}`;
      });
      const first = await withPool(base, (k) =>
        runImportBatch(k, [phase1], { mode: 'offline', concurrency: 1 }, noCtl()),
      );
      expect(first.failed).toBe(0);
      expect(first.imported).toBe(p1.length);
      const known = await withPool(
        base,
        async (k) =>
          new Map(
            (
              (await k.raw('SELECT ID, DEVICEID FROM hardware')) as [Array<{ ID: number; DEVICEID: string }>]
            )[0].map((r) => [String(r.ID), r.DEVICEID]),
          ),
      );
      const idOf = new Map([...known].map(([i, d]) => [d, Number(i)]));
      const hid = (m: Member) => idOf.get(m.deviceid)!;
      expect(hid(s1) < hid(s2) && String(hid(s2)) < String(hid(s1)), 'IDs 1-9 and 10+').toBe(true);

      const original = (kind: string) => groups.get(kind)![0]!;
      const replaced = [
        ...manifest.duplicates.list.map((g) => g.members[0]!),
        s1,
        s2,
        s4,
        control, // not replaced: its rows must stay as they are
      ];
      const names = await withPool(base, async (k) => {
        const group = async (deviceId: string, name: string, request: string) => {
          const gid = await insertId(
            k,
            `INSERT INTO hardware (DEVICEID, NAME, DESCRIPTION, LASTDATE) VALUES (?, ?, 'merge test', NOW())`,
            [deviceId, name],
          );
          if (deviceId === '_SYSTEMGROUP_')
            await k.raw(
              'INSERT INTO `groups` (HARDWARE_ID, REQUEST, CREATE_TIME, REVALIDATE_FROM, XMLDEF) VALUES (?, ?, UNIX_TIMESTAMP(), 0, ?)',
              [gid, request, ''],
            );
          return gid;
        };
        const g = {
          static: await group('_SYSTEMGROUP_', 'merge-static', ''),
          static2: await group('_SYSTEMGROUP_', 'merge-static-2', ''),
          dynamic: await group(
            '_SYSTEMGROUP_',
            'merge-dynamic',
            "select DISTINCT hardware.ID from hardware where hardware.NAME like '%'",
          ),
          dynamic2: await group(
            '_SYSTEMGROUP_',
            'merge-dynamic-2',
            "select DISTINCT hardware.ID from hardware where hardware.OSNAME like '%Windows%'",
          ),
          servers: await group('_DOWNLOADGROUP_', 'merge-servers', ''),
        };
        await k.raw(
          `INSERT INTO download_available (FILEID, NAME, PRIORITY, FRAGMENTS, SIZE, OSNAME, COMMENT)
           VALUES (?, 'merge-pkg', 5, 1, 1024, 'WINDOWS', '')`,
          [PKG],
        );
        const enabled = await insertId(
          k,
          `INSERT INTO download_enable (FILEID, INFO_LOC, PACK_LOC, CERT_PATH, CERT_FILE)
           VALUES (?, '127.0.0.1:8443/download', '127.0.0.1:8080/download', 'INSTALL_PATH', 'INSTALL_PATH/cacert.pem')`,
          [PKG],
        );
        const server = async (id: number) => {
          await k.raw(
            `INSERT INTO download_servers (HARDWARE_ID, URL, ADD_PORT, ADD_REP, GROUP_ID) VALUES (?, ?, 80, 'download', ?)`,
            [id, `http://server-${id}.example/download`, g.servers],
          );
          await k.raw(
            `INSERT INTO download_enable (FILEID, INFO_LOC, PACK_LOC, CERT_PATH, CERT_FILE, SERVER_ID, GROUP_ID)
             VALUES (?, '127.0.0.1:8443/download', ?, 'INSTALL_PATH', 'INSTALL_PATH/cacert.pem', ?, ?)`,
            [PKG, `server-${id}.example/download`, id, g.servers],
          );
        };
        for (const [i, m] of replaced.entries()) {
          const id = hid(m);
          const label = `MERGE-${i}`;
          await k.raw('UPDATE accountinfo SET TAG = ?, ?? = ? WHERE HARDWARE_ID = ?', [
            label,
            field,
            `owner of ${m.deviceid}`,
            id,
          ]);
          await k.raw(
            `INSERT INTO devices (HARDWARE_ID, NAME, IVALUE, TVALUE, COMMENTS) VALUES
               (?, 'FREQUENCY', ?, NULL, NULL), (?, 'DOWNLOAD', ?, NULL, 'Mon Nov 30 10:00:00 2026'),
               (?, 'DOWNLOAD_FORCE', ?, '1', NULL)`,
            [id, i + 1, id, enabled, id, enabled],
          );
          await k.raw(
            'INSERT INTO groups_cache (HARDWARE_ID, GROUP_ID, STATIC) VALUES (?, ?, 1), (?, ?, 2), (?, ?, 0)',
            [id, g.static, id, g.dynamic, id, g.dynamic2],
          );
          await k.raw(
            `INSERT INTO itmgmt_comments (HARDWARE_ID, COMMENTS, USER_INSERT, DATE_INSERT, ACTION, VISIBLE)
             VALUES (?, ?, 'admin', '2026-11-30', 'ADD_COMMENT', 1)`,
            [id, `comment on ${label}`],
          );
          await k.raw(
            "INSERT INTO download_history (HARDWARE_ID, PKG_ID, PKG_NAME) VALUES (?, ?, 'merge-pkg')",
            [id, PKG],
          );
        }
        // s1 (replaced after s2: string order) also has a membership the survivor does not have yet.
        await k.raw('INSERT INTO groups_cache (HARDWARE_ID, GROUP_ID, STATIC) VALUES (?, ?, 1)', [
          hid(s1),
          g.static2,
        ]);
        for (const m of [original('hostname+serial'), s1, s2]) await server(hid(m));
        // An archived computer (ocsreports' archive: a row of `archive`, a foreign key to hardware).
        await k.raw('INSERT INTO archive (HARDWARE_ID) VALUES (?)', [hid(original('hostname'))]);
        await k.raw('UPDATE hardware SET ARCHIVE = 1 WHERE ID = ?', [hid(original('hostname'))]);
        // A computer without accountinfo (the merged computer gets TAG LOST).
        await k.raw('DELETE FROM accountinfo WHERE HARDWARE_ID = ?', [hid(original('hostname+mac'))]);
        // A computer another writer holds (a comm server process, lock younger than LOCK_REUSE_TIME): not
        // replaced; the next copy of its group replaces the first copy only.
        await k.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (?, 4242, NOW())', [
          hid(original('mac+serial')),
        ]);
        return { static2: `_SYSTEMGROUP_:merge-static-2` };
      });
      for (const d of [db.curl, db.off4, ...srv.values()]) await cloneDb(base, d);
      lap(`fresh computers and their rows in ${3 + srv.size} databases`);

      // The deliberate differences this material shows (docs/import.md "Deliberate differences").
      const SERVER_SIDE: Deliberate[] = [ORPHAN_SOFTWARE, ORPHAN_DOWNLOAD_SERVER];
      const DESK_SIDE: Deliberate[] = [
        {
          table: 'groups_cache',
          side: 'desk',
          why: "a forced membership both merged computers have: 2.8.1's UPDATE hits the duplicate key and moves none of the old computer's memberships; OCS Desk moves the others (UPDATE IGNORE)",
          drop: (r, c) =>
            c.devices.get(String(r.HARDWARE_ID)) === s3.deviceid &&
            c.devices.get(String(r.GROUP_ID)) === names.static2,
        },
      ];

      // --- The duplicate files: the comm server fed serially, then OCS Desk offline at 4 and 16.
      const from = await withPool(db.curl, dbNow);
      const files = (d: string) =>
        readdirSync(d)
          .sort()
          .map((f) => path.join(d, f));
      let codes: string[] = [];
      const serverRuns: Array<{ concurrency: number; lvl: number; imported: number; failed: unknown[] }> = [];
      await withStackLock(async () => {
        try {
          await stack('use-db', db.curl);
          await setLvl(db.curl, 1);
          codes = postSerially(files(roundHostname));
          await setLvl(db.curl, 6);
          codes.push(...postSerially(files(roundSerialMac)));
          // OCS Desk server mode: the same files posted to the same comm server through OCS Desk's import.
          for (const [concurrency, d] of srv) {
            await stack('use-db', d);
            for (const [lvl, dir] of [
              [1, roundHostname],
              [6, roundSerialMac],
            ] as const) {
              await setLvl(d, lvl);
              const s = await withPool(d, (k) =>
                runImportBatch(
                  k,
                  [dir],
                  { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency },
                  noCtl(),
                ),
              );
              serverRuns.push({
                concurrency,
                lvl,
                imported: s.imported,
                failed: s.files.filter((f) => f.status === 'failed').map((f) => [f.path, f.reason]),
              });
            }
          }
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
      lap('comm server, serially and through OCS Desk server mode');
      expect(codes).toEqual(Array(nHostname + nSerialMac).fill('200'));
      expect(serverRuns).toEqual(
        serverLevels.flatMap((concurrency) => [
          { concurrency, lvl: 1, imported: nHostname, failed: [] },
          { concurrency, lvl: 6, imported: nSerialMac, failed: [] },
        ]),
      );
      for (const [key, concurrency] of [
        ['off4', IMPORT_LIMITS.offlineDefaultConcurrency],
        ['off16', IMPORT_LIMITS.offlineMaxConcurrency],
      ] as const) {
        for (const [lvl, d, n] of [
          [1, roundHostname, nHostname],
          [6, roundSerialMac, nSerialMac],
        ] as const) {
          await setLvl(db[key], lvl);
          const s = await withPool(db[key], (k) =>
            runImportBatch(k, [d], { mode: 'offline', concurrency }, noCtl()),
          );
          expect({ key, lvl, failed: s.files.filter((f) => f.status === 'failed') }).toEqual({
            key,
            lvl,
            failed: [],
          });
          expect(s.imported).toBe(n);
        }
      }
      const to = await withPool(db.curl, dbNow);
      const w: Window = { from: from.n, to: to.n, fromEpoch: from.e, toEpoch: to.e };
      lap('offline at 4 and 16');

      const ref = await withPool(db.curl, (k) => dumpDb(k, w, SERVER_SIDE, known));
      const refAll = await withPool(db.curl, (k) => dumpDb(k, w, [], known));
      // The material exercises what it claims (on the comm server's side).
      const rows = (t: string) =>
        ref.dump[t]!.map((l) => Object.fromEntries(JSON.parse(l) as Array<[string, string | null]>));
      const accountOf = (deviceId: string) => rows('accountinfo').find((r) => r.HARDWARE_ID === deviceId);
      const newest = (kind: string) => groups.get(kind)![2]!.deviceid;
      expect(rows('deleted_equiv').length).toBeGreaterThanOrEqual(11);
      expect(accountOf(newest('hostname+serial'))?.TAG).toBe(
        `MERGE-${replaced.indexOf(original('hostname+serial'))}`,
      );
      expect(accountOf(newest('hostname+serial'))?.[field]).toBe(
        `owner of ${original('hostname+serial').deviceid}`,
      );
      expect(accountOf(original('mac+serial').deviceid)?.TAG, 'locked: not replaced').toBe(
        `MERGE-${replaced.indexOf(original('mac+serial'))}`,
      );
      expect(rows('locks')).toHaveLength(1);
      // The archived computer stays (without inventory) and is replaced again by the next copy.
      expect(rows('hardware').find((r) => r.DEVICEID === original('hostname').deviceid)?.ARCHIVE).toBe('1');
      expect(rows('deleted_equiv').filter((r) => r.DELETED === original('hostname').deviceid)).toHaveLength(
        2,
      );
      expect(accountOf(newest('hostname+mac'))?.TAG).toBe('LOST');
      expect(accountOf(s5.deviceid)?.TAG).toBe(`MERGE-${replaced.indexOf(s4)}`);
      expect(accountOf(s3.deviceid)?.TAG, 'the last replaced in string order').toBe(
        `MERGE-${replaced.indexOf(s1)}`,
      );
      expect(accountOf(control.deviceid)?.TAG).toBe(`MERGE-${replaced.indexOf(control)}`);
      expect(
        rows('groups_cache')
          .filter((r) => r.HARDWARE_ID === newest('hostname'))
          .map((r) => r.STATIC)
          .sort(),
      ).toEqual(['1', '2']);
      expect(rows('devices').filter((r) => r.HARDWARE_ID === newest('hostname+serial'))).toHaveLength(3);
      for (const d of SERVER_SIDE) expect(ref.dropped[d.table] ?? 0, d.why).toBeGreaterThan(0);
      // The desk-side differences are really differences: the comm server has no such row.
      expect((await withPool(db.curl, (k) => dumpDb(k, w, DESK_SIDE, known))).dropped).toEqual({});

      for (const key of ['off4', 'off16'] as const) {
        const got = await withPool(db[key], (k) => dumpDb(k, w, DESK_SIDE, known));
        expect({ key, dropped: got.dropped }).toEqual({ key, dropped: { groups_cache: 1 } });
        expect({ key, diff: diff(ref.dump, got.dump) }).toEqual({ key, diff: {} });
        // None of the comm server's own leftovers in OCS Desk's rows.
        expect((await withPool(db[key], (k) => dumpDb(k, w, SERVER_SIDE, known))).dropped, key).toEqual({});
      }
      // Server mode wrote through the same comm server: equal with nothing set aside.
      for (const [concurrency, d] of srv) {
        const got = await withPool(d, (k) => dumpDb(k, w, [], known));
        expect({ concurrency, diff: diff(refAll.dump, got.dump) }).toEqual({ concurrency, diff: {} });
      }
      lap('compared');
    });
  },
);
