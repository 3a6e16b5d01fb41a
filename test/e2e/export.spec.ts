import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { readOcsFile } from '../../src-main/import/ocs-reader';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

/**
 * Export from the UI (issue 20): one computer from its detail page (a download the import reader accepts),
 * and a selection from the computers list's Actions menu (a job writing one .ocs per computer into a
 * folder). The round trip through a second database and the real comm server is
 * test/integration/export-roundtrip.test.ts.
 */
test.describe('export inventory files', () => {
  let db = '';
  let k: Knex;
  const ids: number[] = [];
  const out = mkdtempSync(path.join(os.tmpdir(), 'ocs-export-e2e-'));

  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    const [nameId] = await k('software_name').insert({ NAME: 'Firefox ESR' });
    for (const n of [1, 2, 3]) {
      const [hid] = await k('hardware').insert({
        DEVICEID: `export-e2e-${n}-2026-12-01-10-00-0${n}`,
        NAME: `export-e2e-${n}`,
        OSNAME: 'Debian GNU/Linux 12',
        LASTDATE: '2026-12-01 10:00:00',
        LASTCOME: '2026-12-01 10:00:00',
      });
      ids.push(Number(hid));
      await k('accountinfo').insert({ HARDWARE_ID: hid, TAG: 'LAB & <E2E>' });
      await k('networks').insert({ HARDWARE_ID: hid, DESCRIPTION: 'eth0', MACADDR: `00:50:56:aa:bb:0${n}` });
      await k('software').insert({ HARDWARE_ID: hid, NAME_ID: nameId, PUBLISHER_ID: 1, VERSION_ID: 1 });
    }
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
    rmSync(out, { recursive: true, force: true });
  });

  test('one computer from its detail page: .ocs and .xml downloads the import reads', async ({
    page,
    shell,
  }) => {
    test.setTimeout(120_000);
    await loginAsAdmin(page, shell, db);
    await page.goto(`${shell.origin}/computers/${ids[0]}`);
    await expect(page.getByTestId('computer-name')).toHaveText('export-e2e-1');
    for (const [format, label] of [
      ['ocs', /^\.ocs/],
      ['xml', /^\.xml/],
    ] as const) {
      if (format === 'ocs') await expectAccessible(page, 'computer detail with its Export button');
      await page.getByTestId('export-computer').click();
      if (format === 'ocs') {
        await expect(page.getByRole('menuitem', { name: label })).toBeVisible();
        await screenshot(page, 'export-computer-menu');
      }
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: label }).click();
      const d = await download;
      expect(d.suggestedFilename()).toBe(`export-e2e-1-2026-12-01-10-00-01.${format}`);
      const file = path.join(out, d.suggestedFilename());
      await d.saveAs(file);
      const inv = await readOcsFile(file);
      expect(inv.format).toBe(format === 'ocs' ? 'zlib' : 'xml');
      expect(inv.deviceId).toBe('export-e2e-1-2026-12-01-10-00-01');
      expect(inv.sections.get('SOFTWARES')?.map((r) => r.NAME)).toEqual(['Firefox ESR']);
      expect(inv.sections.get('ACCOUNTINFO')).toContainEqual({ KEYNAME: 'TAG', KEYVALUE: 'LAB & <E2E>' });
    }
  });

  test('a selection from the computers list: one .ocs per computer in the chosen folder', async ({
    page,
    shell,
  }) => {
    test.setTimeout(120_000);
    await loginAsAdmin(page, shell, db);
    await page.goto(`${shell.origin}/computers`);
    const rows = page.locator('tbody tr[data-id]');
    await expect(rows).toHaveCount(3);
    for (const id of ids.slice(0, 2))
      await page.locator(`tbody tr[data-id="${id}"] input[type="checkbox"]`).check();
    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: /Export inventory files/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Export 2 computers' });
    await expect(dialog).toBeVisible();
    const folder = path.join(out, 'selection');
    await dialog.getByTestId('export-path').fill(folder);
    // The Actions menu's closing transition leaves an empty role=menu for a moment.
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expectAccessible(page, 'export dialog');
    await screenshot(page, 'export-selection-dialog');
    await dialog.getByRole('button', { name: 'Export 2 computers' }).click();
    await expect(dialog.getByTestId('export-result')).toContainText('2 computers exported');
    const files = readdirSync(folder).sort();
    expect(files).toEqual(['export-e2e-1-2026-12-01-10-00-01.ocs', 'export-e2e-2-2026-12-01-10-00-02.ocs']);
    for (const f of files) expect((await readOcsFile(path.join(folder, f))).query).toBe('INVENTORY');
    await screenshot(page, 'export-selection-done');

    // French texts of the dialog.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.locator('label', { hasText: /^FR$/ }).click();
    await expect(page.getByRole('button', { name: /^Actions/ })).toBeVisible();
    for (const id of ids.slice(0, 1))
      await page.locator(`tbody tr[data-id="${id}"] input[type="checkbox"]`).check();
    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: /Exporter les fichiers d'inventaire/ }).click();
    const fr = page.getByRole('dialog', { name: 'Exporter 1 ordinateur' });
    await expect(fr.getByRole('textbox', { name: 'Dossier' })).toBeVisible();
    await expect(fr.getByRole('button', { name: 'Exporter 1 ordinateur' })).toBeVisible();
    // The Actions menu's closing transition leaves an empty role=menu for a moment.
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expectAccessible(page, 'export dialog (FR)');
  });
});
