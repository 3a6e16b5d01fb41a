import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportBatch } from '../../src-main/import/import.service';
import { APP_ACCOUNT, ROOT, createOcsDb, dropDb } from '../helpers/db';
import { runCli } from '../helpers/cli';
import { makeFleet, noCtl, withPool } from '../helpers/import-test';

/**
 * `ocs-desk export` as an admin scripts it (issue 20): the built CLI as the password-protected
 * application account, a folder of .ocs files, a zip, a selection by ids, a refused flag, and the files
 * read back by `ocs-desk import --offline` into a second database with the same computers.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'ocs-export-cli-'));
let a = '';
let b = '';

const cli = (args: string[]) =>
  runCli([...args, '--user', APP_ACCOUNT.user], {
    OCS_DB_HOST: ROOT.host,
    OCS_DB_PASSWORD: APP_ACCOUNT.password,
  });

beforeAll(async () => {
  a = await createOcsDb();
  b = await createOcsDb();
  const src = path.join(work, 'src');
  mkdirSync(src);
  makeFleet(src, 6, ['--start-index', String(3_500_000 + Math.floor(Math.random() * 400_000))]);
  const r = await withPool(a, (k) => runImportBatch(k, [src], { mode: 'offline', concurrency: 4 }, noCtl()));
  expect(r.imported).toBe(6);
});
afterAll(async () => {
  for (const d of [a, b]) if (d) await dropDb(d);
  rmSync(work, { recursive: true, force: true });
});

describe('ocs-desk export', () => {
  it('writes one .ocs per computer, a zip, a selection by ids; import reads the folder back', async () => {
    const folder = path.join(work, 'out');
    const all = await cli(['export', '--database', a, '--out', folder]);
    expect(all.stderr).not.toMatch(/error/i);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^6 computer\(s\) exported as ocs into the folder /);
    const files = readdirSync(folder);
    expect(files.filter((f) => f.endsWith('.ocs'))).toHaveLength(6);
    expect(files.some((f) => f.startsWith('.'))).toBe(false);

    // The same again keeps the files and says so (no silent overwrite).
    const again = await cli(['export', '--database', a, '--out', folder]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/kept, already there \(use --overwrite to replace\)/);

    const ids = await withPool(
      a,
      async (k) => (await k('hardware').orderBy('ID').limit(2).pluck('ID')) as number[],
    );
    const zip = path.join(work, 'two.zip');
    const two = await cli([
      'export',
      '--database',
      a,
      '--out',
      zip,
      '--zip',
      '--ids',
      ids.join(','),
      '--json',
    ]);
    expect(two.code).toBe(0);
    expect(JSON.parse(two.stdout)).toMatchObject({ computers: 2, packaging: 'zip' });
    expect(new AdmZip(zip).getEntries().filter((e) => e.entryName.endsWith('.ocs'))).toHaveLength(2);

    const back = await cli(['import', '--offline', folder, '--database', b, '--quiet']);
    expect(back.code).toBe(0);
    const names = (d: string) =>
      withPool(d, async (k) => (await k('hardware').orderBy('DEVICEID').pluck('DEVICEID')) as string[]);
    expect(await names(b)).toEqual(await names(a));
  });

  it('refuses a bad flag with exit 2 and writes nothing', async () => {
    const out = path.join(work, 'bad');
    const r = await cli(['export', '--database', a, '--out', out, '--ids', '1,x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ids/);
    expect(() => readdirSync(out)).toThrow();
  });
});
