import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { FIXTURES_DIR, MAKE_FLEET } from '../helpers/ocs-stack';
import { expect, screenshot, test } from './fixtures';
import { loginAsAdmin, navLink } from './pages/session';
import { expectAccessible } from './pages/computers-pages';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

const REAL = ['agent-send-inventory.xml', 'vm-2026-11-25-13-52-53.ocs', 'vm-2026-11-25-13-52-53.zlib.ocs'];
const REAL_IDS = ['vm-2026-11-25-13-52-55', 'vm-2026-11-25-13-52-53'];

/** The few browser globals the page-side code below uses (test/e2e is type-checked without the DOM lib). */
interface BrowserGlobals {
  atob(s: string): string;
  scrollTo(x: number, y: number): void;
  DataTransfer: new () => { items: { add(f: unknown): void } };
  File: new (parts: Uint8Array[], name: string) => unknown;
  DragEvent: new (
    type: string,
    init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown },
  ) => unknown;
  document: { querySelector(sel: string): { dispatchEvent(e: unknown): boolean } | null };
}

function makeFleet(out: string, count: number, startIndex: number): string[] {
  execFileSync(
    'python3',
    [
      MAKE_FLEET,
      '--count',
      String(count),
      '--out',
      out,
      '--seed',
      '21',
      '--start-index',
      String(startIndex),
      '--jobs',
      '1',
    ],
    {
      stdio: 'ignore',
    },
  );
  return readdirSync(out).filter((f) => f.endsWith('.ocs'));
}

async function openImport(page: Page): Promise<void> {
  await navLink(page, 'Local import').click();
  await expect(page.getByRole('heading', { name: 'Local import', level: 2 })).toBeVisible();
}

test.describe('local import', () => {
  let db = '';
  let k: Knex;
  const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-e2e-import-'));
  const batch = path.join(work, 'batch');
  const dropDir = path.join(work, 'drop');
  let synthetic: string[] = [];
  let dropped = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    mkdirSync(batch);
    for (const f of REAL) copyFileSync(path.join(FIXTURES_DIR, f), path.join(batch, f));
    synthetic = makeFleet(path.join(batch, 'fleet'), 10, 0).map((f) => f.replace(/\.ocs$/, ''));
    // Hostile files: a zlib stream cut in half, and a text file named .xml.
    const zlib = readFileSync(path.join(FIXTURES_DIR, 'vm-2026-11-25-13-52-53.zlib.ocs'));
    writeFileSync(path.join(batch, 'truncated.ocs'), zlib.subarray(0, Math.floor(zlib.length / 2)));
    writeFileSync(path.join(batch, 'notes.xml'), 'These are not the inventories you are looking for.\n');
    const [one] = makeFleet(dropDir, 1, 500);
    dropped = one!.replace(/\.ocs$/, '');
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
    rmSync(work, { recursive: true, force: true });
  });

  test('offline import of a folder: progress, "13 imported, 2 errors" with reasons, rows in the DB, export, axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, db);
    await openImport(page);
    await expect(page.getByRole('radio', { name: /Offline, straight into the database/ })).toBeChecked();
    await expectAccessible(page, 'import page');

    await page.getByTestId('import-paths').fill(batch);
    await page.getByTestId('import-start').click();

    const progress = page.getByTestId('import-progress');
    await expect(progress.getByRole('progressbar', { name: 'Importing files' })).toBeVisible();
    await expect(progress.getByTestId('job-count')).toContainText('/ 15');
    await expect(progress.getByTestId('job-count')).toContainText('15 / 15', { timeout: 90_000 });

    const count = page.getByTestId('import-count');
    await expect(count).toContainText(/\d+ imported, \d+ errors?/, { timeout: 30_000 });
    const grid = page.getByTestId('import-files');
    // On a wrong count, say which files failed and why.
    const failedRows = await grid
      .getByRole('row')
      .filter({ has: page.locator('[data-status="failed"]') })
      .allInnerTexts();
    expect(await count.innerText(), `failed files:\n${failedRows.join('\n')}`).toContain(
      '13 imported, 2 errors',
    );
    await expect(grid.locator('[data-status="imported"]')).toHaveCount(13);
    const truncated = grid.getByRole('row').filter({ hasText: 'truncated.ocs' });
    await expect(truncated.locator('[data-status="failed"]')).toBeVisible();
    await expect(truncated.locator('[data-reason="truncated-compressed-data"]')).toContainText(
      'Compressed data cut short',
    );
    const notes = grid.getByRole('row').filter({ hasText: 'notes.xml' });
    await expect(notes.locator('[data-reason="unknown-format"]')).toContainText('Unknown format');

    await page.getByRole('switch', { name: 'Show only errors' }).click();
    await expect(grid.locator('[data-status]')).toHaveCount(2);
    await page.getByRole('switch', { name: 'Show only errors' }).click();

    // The rows the import wrote.
    const ids = [...REAL_IDS, ...synthetic];
    const hw = await k('hardware').whereIn('DEVICEID', ids).select('ID', 'DEVICEID');
    expect(hw.map((r: { DEVICEID: string }) => r.DEVICEID).sort()).toEqual([...ids].sort());
    const real = hw.find((r: { DEVICEID: string }) => r.DEVICEID === 'vm-2026-11-25-13-52-55') as {
      ID: number;
    };
    const [sw] = (await k('software').where('HARDWARE_ID', real.ID).count({ n: '*' })) as Array<{
      n: number;
    }>;
    expect(Number(sw?.n)).toBe(884);

    // Export: the CSV report of the job, one line per file.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ocs-import-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.trim().split(/\r\n/)).toHaveLength(16);
    expect(csv).toContain('truncated-compressed-data');

    await page
      .getByRole('alert')
      .filter({ hasText: 'Import finished' })
      .getByRole('button', { name: 'Close' })
      .click();
    await page.evaluate(() => (globalThis as unknown as BrowserGlobals).scrollTo(0, 0));
    await screenshot(page, 'import-summary');
    await expectAccessible(page, 'import summary');
  });

  test('drag and drop: one dropped file is uploaded in chunks and imported', async ({ page, shell }) => {
    test.setTimeout(120_000);
    await loginAsAdmin(page, shell, db);
    await openImport(page);
    const bytes = readFileSync(path.join(dropDir, `${dropped}.ocs`)).toString('base64');
    await page.evaluate(
      ({ b64, name }) => {
        // Runs in the page; the node tsconfig has no DOM lib, hence the typed view of globalThis.
        const g = globalThis as unknown as BrowserGlobals;
        const bin = g.atob(b64);
        const data = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
        const dt = new g.DataTransfer();
        dt.items.add(new g.File([data], name));
        const zone = g.document.querySelector('[data-testid="import-dropzone"]');
        if (!zone) throw new Error('no drop zone');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new g.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        }
      },
      { b64: bytes, name: `${dropped}.ocs` },
    );
    await expect(page.getByTestId('upload-progress')).toContainText(`${dropped}.ocs`);
    await expect(page.getByTestId('import-count')).toContainText('1 imported, 0 errors', { timeout: 60_000 });
    const row = page.getByTestId('import-files').getByRole('row').filter({ hasText: dropped });
    await expect(row.locator('[data-status="imported"]')).toBeVisible();
    await expect(row).toContainText('new (ID');
    const hw = await k('hardware').where('DEVICEID', dropped).first('ID');
    expect(hw).toBeTruthy();
    await screenshot(page, 'import-drop');
    // The success notification closes itself after 6 s; axe must not see it half faded.
    const note = page.getByRole('alert').filter({ hasText: 'Import finished' });
    await note.getByRole('button', { name: 'Close' }).click();
    await expect(note).toHaveCount(0);
    await expectAccessible(page, 'import after a drop');
  });

  test('server mode options: one file at a time, the answer timeout with its bounds (issue 16 defects 4 and 5), axe', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await openImport(page);
    const timeout = page.getByRole('textbox', { name: 'Server answer timeout (seconds)' });
    await expect(timeout).toHaveCount(0);
    await page.getByRole('radio', { name: /Through the communication server/ }).check();
    await expect(timeout).toBeVisible();
    await expect(timeout).toHaveAttribute('placeholder', '300');
    await expect(page.getByText('Empty: 300. From 5 to 3600.', { exact: false })).toBeVisible();
    // The comm server 2.8.1 is only safe one file at a time: the field shows 1 and cannot be raised.
    const concurrency = page.getByRole('textbox', { name: 'Files at once' });
    await expect(concurrency).toHaveAttribute('placeholder', '1');
    await expect(concurrency).toBeDisabled();
    await timeout.fill('2');
    await timeout.blur();
    await expect(timeout).toHaveValue('5');
    await expectAccessible(page, 'import page, server mode');
  });

  test('order by inventory date: the control with its explanation, the newest inventory wins, EN and FR, axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(120_000);
    // Two files of one computer, the update (dated newer) first in file order: file order would keep the old one.
    const dir = path.join(work, 'dated');
    const [one] = makeFleet(path.join(work, 'dated-src'), 1, 700);
    const deviceId = one!.replace(/\.ocs$/, '');
    const raw = readFileSync(path.join(work, 'dated-src', one!));
    // make-fleet writes zlib or plain files.
    const xml = (raw[0] === 0x78 ? inflateSync(raw) : raw)
      .toString('utf8')
      .replace(/<SOFTWARES>[\s\S]*?<\/SOFTWARES>\s*/g, '')
      .replace(/<LASTDATE>[^<]*<\/LASTDATE>\s*|<LASTDATE\s*\/>\s*/g, '');
    const version = (date: string, software: number) =>
      xml
        .replace('<HARDWARE>', `<HARDWARE><LASTDATE>${date}</LASTDATE>`)
        .replace(
          '</CONTENT>',
          Array.from({ length: software }, (_, i) => `<SOFTWARES><NAME>app ${i}</NAME></SOFTWARES>`).join(
            '',
          ) + '</CONTENT>',
        );
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.ocs'), version('2020-11-03 09:30:00', 5));
    writeFileSync(path.join(dir, 'b.ocs'), version('2020-11-02 08:00:00', 30));

    await loginAsAdmin(page, shell, db);
    await openImport(page);
    const group = page.getByRole('radiogroup', { name: 'Order of the files of one computer' });
    await expect(group.getByRole('radio', { name: 'File order (folders sorted by name)' })).toBeChecked();
    await expect(
      page.getByText('the last one applied is what the computer keeps', { exact: false }),
    ).toBeVisible();
    await group.getByRole('radio', { name: /^Inventory date, oldest first/ }).check();
    await expectAccessible(page, 'import page, order by inventory date');

    await page.getByTestId('import-paths').fill(dir);
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-count')).toContainText('2 imported, 0 errors', { timeout: 60_000 });
    const hw = await k('hardware')
      .where('DEVICEID', deviceId)
      .first('ID', k.raw("DATE_FORMAT(LASTDATE, '%Y-%m-%d %H:%i:%s') AS d"));
    expect(hw.d).toBe('2020-11-03 09:30:00');
    const [c] = await k('software').where('HARDWARE_ID', hw.ID).count({ n: '*' });
    expect(Number(c?.n)).toBe(5);

    await page.getByText('FR', { exact: true }).click();
    const fr = page.getByRole('radiogroup', { name: "Ordre des fichiers d'un même ordinateur" });
    await expect(
      fr.getByRole('radio', { name: /^Date de l'inventaire, le plus ancien d'abord/ }),
    ).toBeChecked();
    await expect(
      fr.getByRole('radio', { name: 'Ordre des fichiers (dossiers triés par nom)' }),
    ).not.toBeChecked();
    await expect(page.getByText('le dernier appliqué est celui que', { exact: false })).toBeVisible();
    await expectAccessible(page, 'import page in French, order by inventory date');
    await page.getByText('EN', { exact: true }).click();
  });
});
