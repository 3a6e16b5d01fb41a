import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportFileResult } from '../../shared/contract/import';
import { runImportBatch, SERVER_MAX_CONCURRENCY } from '../../src-main/import/import.service';
import { readOcsFile } from '../../src-main/import/ocs-reader';
import { createPool } from '../../src-main/platform/db/connect';
import {
  createRealSchemaDb,
  dropDb,
  grantApp,
  realSchemaAvailable,
  rootParams,
  uniqueDbName,
} from '../helpers/db';
import { MAKE_FLEET, STACK_ENV, stack, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';
import { noCtl, withPool } from '../helpers/import-test';

/**
 * Issue 16 defects 4 and 5, against the real comm server 2.8.1, on fresh files (a random make-fleet range
 * the suite has never seen): every file server mode reports imported holds exactly its rows when the batch
 * ends, and a POST that times out is reported from what the database holds.
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-server-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

function freshFleet(name: string, count: number): string {
  const out = path.join(work, name);
  const start = 1_000_000 + Math.floor(Math.random() * 2_000_000);
  execFileSync('python3', [
    MAKE_FLEET,
    '--count',
    String(count),
    '--out',
    out,
    '--seed',
    String(start % 9973),
    '--start-index',
    String(start),
    '--jobs',
    '1',
  ]);
  return out;
}

const SOFTWARE_COLS =
  'HARDWARE_ID, NAME_ID, PUBLISHER_ID, VERSION_ID, FOLDER, COMMENTS, FILENAME, FILESIZE, SOURCE, GUID, LANGUAGE, INSTALLDATE, BITSWIDTH';

/** The server on a stack database of its own for `fn`. */
async function onStackDb<T>(fn: (db: string) => Promise<T>): Promise<T> {
  const db = uniqueDbName('ocsdesk_it_srvimp');
  dbs.push(db);
  return withStackLock(async () => {
    await stack('reset-db', db);
    await grantApp(db);
    await stack('use-db', db);
    try {
      return await fn(db);
    } finally {
      await stack('use-db', 'ocsweb');
    }
  });
}

const stackReason = stackUnavailableReason();

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'server mode: imported means the rows are there when the batch ends (defect 4)',
  () => {
    it(`at the highest allowed concurrency (${SERVER_MAX_CONCURRENCY}) over fresh files, every imported file is re-checked; rows changed after its check are caught`, async () => {
      const fleet = freshFleet('recheck', 16);
      const files = readdirSync(fleet)
        .filter((f) => f.endsWith('.ocs'))
        .sort();
      const duplicated = files[2]!;
      const deleted = files[5]!;
      await onStackDb(async (db) => {
        const root = await createPool(rootParams(db), { max: 1 });
        try {
          // What the comm server's concurrency bug does: write a computer again after OCS Desk's check.
          const afterFile = async (r: ImportFileResult) => {
            if (r.status !== 'imported') return;
            if (path.basename(r.path) === duplicated)
              await root.raw(
                `INSERT INTO software (${SOFTWARE_COLS}) SELECT ${SOFTWARE_COLS} FROM software WHERE HARDWARE_ID = ? ORDER BY ID LIMIT 1`,
                [r.hardwareId],
              );
            if (path.basename(r.path) === deleted)
              await root.raw('DELETE FROM hardware WHERE ID = ?', [r.hardwareId]);
          };
          const s = await withPool(db, (k) =>
            runImportBatch(
              k,
              [fleet],
              { mode: 'server', serverUrl: STACK_ENV.serverUrl, concurrency: 16, afterFile },
              noCtl(),
            ),
          );
          const byName = new Map(s.files.map((f) => [path.basename(f.path), f]));
          expect(byName.get(duplicated)).toMatchObject({
            status: 'failed',
            code: 'CONFLICT',
            reason: 'changed-after-check',
          });
          expect(byName.get(duplicated)!.message).toMatch(/software-count-mismatch: \d+ rows stored/);
          expect(byName.get(deleted)).toMatchObject({ status: 'failed', reason: 'deleted-after-check' });
          const others = s.files.filter((f) => ![duplicated, deleted].includes(path.basename(f.path)));
          expect(
            others.filter((f) => f.status !== 'imported'),
            'the real server at the cap',
          ).toEqual([]);
          expect(s.imported).toBe(files.length - 2);
          // Independently of OCS Desk's check: each imported computer has as many software rows as its file.
          for (const f of others) {
            const inv = await readOcsFile(f.path);
            const [[c]] = (await root.raw(
              'SELECT COUNT(*) AS n FROM software s JOIN hardware h ON h.ID = s.HARDWARE_ID WHERE h.DEVICEID = ?',
              [inv.deviceId],
            )) as [[{ n: number }]];
            expect(Number(c.n), f.path).toBe(inv.sections.get('SOFTWARES')?.length ?? 0);
          }
        } finally {
          await root.destroy();
        }
      });
    });
  },
);

/** A comm server stand-in: `slow` forwards the POST to the real server, then answers too late; `silent` never answers. */
async function standIn(kind: 'slow' | 'silent'): Promise<{ url: string; close: () => Promise<void> }> {
  const srv = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      if (kind === 'silent') return;
      void fetch(STACK_ENV.serverUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-compress', 'User-Agent': req.headers['user-agent'] ?? '' },
        body: Buffer.concat(body),
      }).then(async (r) => {
        await r.arrayBuffer();
        // The answer comes after the client gave up (it closes the connection first).
        setTimeout(() => res.writeHead(r.status).end(), 60_000).unref();
      });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/ocsinventory`,
    close: () => {
      srv.closeAllConnections();
      return new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

describe.skipIf(!!stackReason || !realSchemaAvailable())(
  'server mode: a timeout is reported from the database (defect 5)',
  () => {
    it('the server stored the file after the timeout: imported (after timeout)', async () => {
      const fleet = freshFleet('slow', 1);
      const proxy = await standIn('slow');
      try {
        await onStackDb(async (db) => {
          const s = await withPool(db, (k) =>
            runImportBatch(k, [fleet], { mode: 'server', serverUrl: proxy.url, timeoutSeconds: 5 }, noCtl()),
          );
          expect(s.files[0]).toMatchObject({
            status: 'imported',
            reason: 'imported-after-timeout',
            attempts: 1,
          });
          expect(s.files[0]!.message).toMatch(/after timeout.*5 s/);
        });
      } finally {
        await proxy.close();
      }
    });

    it('nothing stored after the timeout: failed, timeout-not-stored, one attempt', async () => {
      const fleet = freshFleet('silent', 1);
      const blackHole = await standIn('silent');
      const db = await createRealSchemaDb();
      dbs.push(db);
      try {
        const s = await withPool(db, (k) =>
          runImportBatch(
            k,
            [fleet],
            { mode: 'server', serverUrl: blackHole.url, timeoutSeconds: 5 },
            noCtl(),
          ),
        );
        expect(s.files[0]).toMatchObject({
          status: 'failed',
          code: 'TIMEOUT',
          reason: 'timeout-not-stored',
          attempts: 1,
        });
        expect(s.files[0]!.message).toMatch(/did not answer within 5 s.*does not hold this file's inventory/);
      } finally {
        await blackHole.close();
      }
    });
  },
);
