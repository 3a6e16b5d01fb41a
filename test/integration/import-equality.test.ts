import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, type ImportSummary } from '../../shared/contract/import';
import { runImportBatch } from '../../src-main/import/import.service';
import { dropDb, grantApp, realSchemaAvailable, uniqueDbName } from '../helpers/db';
import {
  dbNow,
  diff,
  dumpDb,
  ORPHAN_SOFTWARE,
  postSerially,
  type Deliberate,
  type Window,
} from '../helpers/import-dump';
import { makeFleet, noCtl, withPool, withSoftware } from '../helpers/import-test';
import { FIXTURES_DIR, STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';

/**
 * Issue 16, "done when": the comm server 2.8.1 fed serially (curl, one file at a time, in input order)
 * and OCS Desk (offline at its default and highest concurrency, server mode at its cap) write the same
 * database from the same fresh material, table by table. Fresh: make-fleet from a random index range, so
 * no file has been seen by any other test. Everything OCS Desk does runs as the application account.
 *
 * What is not compared, and why: the row normaliser (test/helpers/import-dump.ts).
 * Deliberate differences (docs/import.md "Deliberate differences"): DELIBERATE below, applied to the
 * comm server's databases only, each must actually occur in them (so the list stays exact).
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-eq-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

/** Differences of 2.8.1 that OCS Desk does not reproduce on purpose: rows removed from the comm server's dump. */
const DELIBERATE: Deliberate[] = [ORPHAN_SOFTWARE];

/** Latin-1 text of a UTF-8 inventory (characters outside Latin-1 become '?'), declared ISO-8859-1. */
function toLatin1(xml: string): Buffer {
  const text = xml.replace(/encoding="UTF-8"/i, 'encoding="ISO-8859-1"').replace(/[\u0100-\uffff]/g, '?');
  return Buffer.from(text, 'latin1');
}

/**
 * The material, in one folder whose names sort in input order (OCS Desk sorts a folder by name; curl is fed
 * in the same order): a make-fleet fleet with duplicate groups and bogus machines, two update pairs of one
 * DEVICEID (a big long-text inventory then its small update, and the reverse), Latin-1 files (plain and
 * zlib, with bytes 0x80-0x9F and accents), software texts of 255 and 256+ characters, and a plain XML file
 * with a UTF-8 byte order mark (refused by both).
 */
function material(dir: string): { files: string[]; pairs: Array<{ deviceId: string; last: number }> } {
  const start = 2_000_000 + Math.floor(Math.random() * 1_000_000);
  makeFleet(path.join(dir, 'fleet'), 24, [
    '--start-index',
    String(start),
    '--duplicates',
    '4',
    '--dup-size',
    '3',
    '--bogus',
    '3',
  ]);
  const src = path.join(dir, 'src');
  const crafted = makeFleet(src, 5, ['--start-index', String(start + 100), '--compress', 'none']);
  const out = path.join(dir, 'in');
  mkdirSync(out);
  for (const f of readdirSync(path.join(dir, 'fleet')).filter((f) => f.endsWith('.ocs')))
    writeFileSync(path.join(out, f), readFileSync(path.join(dir, 'fleet', f)));
  const xmlOf = (f: string) => readFileSync(path.join(src, f), 'utf8');
  const id = (f: string) => f.replace(/\.ocs$/, '');
  const pairs: Array<{ deviceId: string; last: number }> = [];
  // Update pairs: `<DEVICEID>.1.ocs` then `<DEVICEID>.2.ocs`.
  crafted.slice(0, 2).forEach((f, i) => {
    const xml = xmlOf(f);
    const long = 'L'.repeat(230);
    const big = withSoftware(xml, BIG, 'old', true).replace(
      '</CONTENT>',
      // 255 characters: stored; 256 and 300: too long for the dictionary, the entry is dropped.
      [255, 256, 300]
        .map(
          (n) =>
            `<SOFTWARES><NAME>${('edge ' + n + ' ' + long).padEnd(n, 'x').slice(0, n)}</NAME></SOFTWARES>`,
        )
        .join('') + '</CONTENT>',
    );
    const small = withSoftware(xml, 50, 'new');
    const [first, second] = i === 0 ? [big, small] : [small, big];
    writeFileSync(path.join(out, `${id(f)}.1.ocs`), i === 0 ? zlib.deflateSync(first) : first);
    writeFileSync(path.join(out, `${id(f)}.2.ocs`), second);
    pairs.push({ deviceId: id(f), last: i === 0 ? 50 : BIG + 1 });
  });
  // Latin-1, with C1 bytes (kept as U+0080-U+009F by the comm server) and accents.
  const latin = (xml: string) =>
    withSoftware(xml, 20, 'latin', false).replace(
      '</CONTENT>',
      '<SOFTWARES><NAME>Caf\u00e9 \u0080\u0085\u009f \u00c9t\u00e9 \u00ff</NAME><PUBLISHER>M\u00fcller &amp; S\u00f6hne</PUBLISHER></SOFTWARES></CONTENT>',
    );
  writeFileSync(path.join(out, `${id(crafted[2]!)}.ocs`), toLatin1(latin(xmlOf(crafted[2]!))));
  writeFileSync(
    path.join(out, `${id(crafted[3]!)}.ocs`),
    zlib.deflateSync(toLatin1(latin(xmlOf(crafted[3]!)))),
  );
  // A UTF-8 byte order mark before plain XML: the comm server answers 500, OCS Desk refuses it (utf8-bom).
  writeFileSync(
    path.join(out, `${id(crafted[4]!)}.ocs`),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xmlOf(crafted[4]!))]),
  );
  // The real agent's files (FIXTURES_DIR/README.md): the two local-mode copies are one computer (insert, update).
  for (const f of [
    'agent-send-inventory.xml',
    'vm-2026-11-25-13-52-53.ocs',
    'vm-2026-11-25-13-52-53.zlib.ocs',
  ])
    writeFileSync(path.join(out, `zz-${f}`), readFileSync(path.join(FIXTURES_DIR, f)));
  const files = readdirSync(out)
    .sort()
    .map((f) => path.join(out, f));
  return { files, pairs };
}

const stackReason = stackUnavailableReason();
/** Software entries of the big inventory of each update pair (long texts: about 1 MB of XML). */
const BIG = 2_000;

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'equality on fresh material: comm server fed serially = OCS Desk offline (4, 16) = server mode (1)',
  () => {
    it('writes the same rows in every table, except the documented deliberate differences', async () => {
      const t0 = performance.now();
      const { files, pairs } = material(work);
      const bom = files.filter(
        (f) =>
          f.endsWith('.ocs') &&
          readFileSync(f)
            .subarray(0, 3)
            .equals(Buffer.from([0xef, 0xbb, 0xbf])),
      );
      expect(bom).toHaveLength(1);
      const db = {
        curl: uniqueDbName('ocsdesk_it_eqc'),
        server: uniqueDbName('ocsdesk_it_eqs'),
        off4: uniqueDbName('ocsdesk_it_eq4'),
        off16: uniqueDbName('ocsdesk_it_eq16'),
      };
      dbs.push(...Object.values(db));
      // The comm server's own schema and settings for all four (a database no one uses: no lock needed).
      for (const d of Object.values(db)) {
        await stack('reset-db', d);
        await grantApp(d);
        await withPool(d, (k) =>
          k.raw(
            `INSERT INTO config (NAME, IVALUE) VALUES ('AUTO_DUPLICATE_LVL', 1), ('TRACE_DELETED', 1)
             ON DUPLICATE KEY UPDATE IVALUE = VALUES(IVALUE)`,
          ),
        );
      }
      const now = (d: string) => withPool(d, dbNow);
      const from = await now(db.curl);
      const summaries: Record<string, ImportSummary> = {};
      let httpCodes: string[] = [];
      await withStackLock(async () => {
        try {
          // (a) the comm server, one file at a time, in input order, as an agent posts.
          await stack('use-db', db.curl);
          httpCodes = postSerially(files);
          console.log(`equality: serial curl done at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
          // (c) OCS Desk server mode at its cap.
          await stack('use-db', db.server);
          summaries.server = await withPool(db.server, (k) =>
            runImportBatch(
              k,
              [path.dirname(files[0]!)],
              {
                mode: 'server',
                serverUrl: STACK_ENV.serverUrl,
                concurrency: IMPORT_LIMITS.serverMaxConcurrency,
              },
              noCtl(),
            ),
          );
        } finally {
          await stack('use-db', 'ocsweb');
        }
      });
      // (b) offline at the default and the highest concurrency.
      for (const [key, concurrency] of [
        ['off4', IMPORT_LIMITS.offlineDefaultConcurrency],
        ['off16', IMPORT_LIMITS.offlineMaxConcurrency],
      ] as const) {
        summaries[key] = await withPool(db[key], (k) =>
          runImportBatch(k, [path.dirname(files[0]!)], { mode: 'offline', concurrency }, noCtl()),
        );
      }
      const to = await now(db.curl);
      const w: Window = { from: from.n, to: to.n, fromEpoch: from.e, toEpoch: to.e };
      console.log(
        `equality: ${files.length} files fed four ways; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );

      // Every file but the BOM one stored by the comm server; OCS Desk refuses exactly that one, with its reason.
      const refused = files.filter((_, i) => httpCodes[i] !== '200');
      expect(refused).toEqual(bom);
      for (const [key, s] of Object.entries(summaries)) {
        const failed = s.files.filter((f) => f.status === 'failed');
        expect({ key, failed: failed.map((f) => [path.basename(f.path), f.reason]) }).toEqual({
          key,
          failed: [[path.basename(bom[0]!), 'utf8-bom']],
        });
      }

      const ref = await withPool(db.curl, (k) => dumpDb(k, w, DELIBERATE));
      const refAll = await withPool(db.curl, (k) => dumpDb(k, w));
      // The material exercises what it claims: merges traced, both pair orders, Latin-1 and C1 kept, 255 vs 256.
      expect(ref.dump.deleted_equiv!.length).toBeGreaterThanOrEqual(4);
      const soft = ref.dump.software!.map((l) => Object.fromEntries(JSON.parse(l) as [string, string][]));
      for (const p of pairs)
        expect(
          soft.filter((s) => s.HARDWARE_ID === p.deviceId),
          p.deviceId,
        ).toHaveLength(p.last);
      expect(soft.some((s) => s.NAME_ID === 'Caf\u00e9 \u0080\u0085\u009f \u00c9t\u00e9 \u00ff')).toBe(true);
      expect(
        soft.filter((s) => /^edge 2\d\d /.test(s.NAME_ID ?? '')).map((s) => s.NAME_ID!.length),
      ).toContain(255);
      expect(soft.some((s) => /^edge 2\d\d /.test(s.NAME_ID ?? '') && s.NAME_ID!.length > 255)).toBe(false);
      // Each deliberate difference occurs (else the list is stale) and concerns only its table.
      for (const d of DELIBERATE) expect(ref.dropped[d.table] ?? 0, d.why).toBeGreaterThan(0);

      // (c) server mode wrote through the same comm server: equal with nothing set aside.
      const server = await withPool(db.server, (k) => dumpDb(k, w));
      expect(diff(refAll.dump, server.dump)).toEqual({});
      // (b) offline: equal once the deliberate differences are set aside, and none of them in its own rows.
      for (const key of ['off4', 'off16'] as const) {
        const got = await withPool(db[key], (k) => dumpDb(k, w, DELIBERATE));
        expect(got.dropped, key).toEqual({});
        expect({ key, diff: diff(ref.dump, got.dump) }).toEqual({ key, diff: {} });
      }
    }, 900_000); // the comm server fed twice; ~1 s per file on a loaded 2-core machine
  },
);
