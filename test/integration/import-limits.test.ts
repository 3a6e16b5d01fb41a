import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { runImportBatch } from '../../src-main/import/import.service';
import { createPool } from '../../src-main/platform/db/connect';
import { appParams, createRealSchemaDb, dropDb, realSchemaAvailable } from '../helpers/db';
import { MAKE_FLEET } from '../helpers/ocs-stack';

/** Issue 16, defect 6: a legitimate inventory larger than max_allowed_packet is written in chunks. */

const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-import-limits-'));
const dbs: string[] = [];
afterAll(async () => {
  for (const d of dbs) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

const noCtl = () => ({ signal: new AbortController().signal, progress: () => undefined });

/** A 255-character text, distinct per `i` and `kind`. */
const text255 = (kind: string, i: number) => {
  const head = `${kind} ${i} `;
  return head + 'y'.repeat(255 - head.length);
};

describe.skipIf(!realSchemaAvailable())('offline import larger than max_allowed_packet (defect 6)', () => {
  it('20,000 software with 255-character texts: all rows written, in one transaction', async () => {
    const src = path.join(work, 'src');
    execFileSync('python3', [
      MAKE_FLEET,
      '--count',
      '1',
      '--out',
      src,
      '--seed',
      '6',
      '--jobs',
      '1',
      '--compress',
      'none',
    ]);
    const f = readdirSync(src).find((n) => n.endsWith('.ocs'))!;
    const deviceId = f.replace(/\.ocs$/, '');
    const soft: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      soft.push(
        `<SOFTWARES><NAME>${text255('name', i)}</NAME><PUBLISHER>${text255('pub', i)}</PUBLISHER>` +
          `<VERSION>${text255('ver', i)}</VERSION><COMMENTS>${text255('comment', i)}</COMMENTS>` +
          `<FOLDER>${text255('folder', i)}</FOLDER><FILENAME>${text255('file', i)}</FILENAME></SOFTWARES>`,
      );
    }
    const xml = readFileSync(path.join(src, f), 'utf8')
      .replace(/<SOFTWARES>[\s\S]*?<\/SOFTWARES>\s*/g, '')
      .replace('</CONTENT>', soft.join('\n') + '\n</CONTENT>');
    const file = path.join(work, 'big.ocs');
    writeFileSync(file, xml);

    const db = await createRealSchemaDb();
    dbs.push(db);
    const k: Knex = await createPool(appParams(db), { max: 4 });
    try {
      const [[m]] = (await k.raw('SELECT @@max_allowed_packet AS m')) as [[{ m: number }]];
      // The file (and each of its text columns alone) is larger than the server's packet size.
      expect(statSync(file).size).toBeGreaterThan(Number(m.m));
      const s = await runImportBatch(k, [file], { mode: 'offline', concurrency: 16 }, noCtl());
      expect(s.failed, JSON.stringify(s.files.filter((x) => x.status === 'failed'))).toBe(0);
      const [[c]] = (await k.raw(
        `SELECT COUNT(*) AS n, COUNT(DISTINCT n.NAME) AS names, COUNT(DISTINCT v.VERSION) AS versions,
                MIN(LENGTH(s.COMMENTS)) AS shortest
           FROM software s JOIN hardware h ON h.ID = s.HARDWARE_ID
           JOIN software_name n ON n.ID = s.NAME_ID JOIN software_version v ON v.ID = s.VERSION_ID
          WHERE h.DEVICEID = ?`,
        [deviceId],
      )) as [[{ n: number; names: number; versions: number; shortest: number }]];
      expect({
        n: Number(c.n),
        names: Number(c.names),
        versions: Number(c.versions),
        shortest: Number(c.shortest),
      }).toEqual({
        n: 20_000,
        names: 20_000,
        versions: 20_000,
        shortest: 255,
      });
    } finally {
      await k.destroy();
    }
  });
});
