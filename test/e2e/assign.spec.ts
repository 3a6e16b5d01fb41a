import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { ComputersGrid } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

const N = 30;

test.describe.configure({ mode: 'serial' });

test.describe('package assignment from the computers screens', () => {
  let db = '';
  let k: Knex;
  let enableId = 0;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: N, seed: 7, batch: N, concurrency: 1, baseDate: new Date() });
    // An activated package, as packages.build + packages.activate leave it.
    await k('download_available').insert({
      FILEID: '1795000000',
      NAME: 'Marker',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: 100,
      OSNAME: 'LINUX',
    });
    const [id] = await k('download_enable').insert({
      FILEID: '1795000000',
      INFO_LOC: '127.0.0.1:8443/download',
      PACK_LOC: '127.0.0.1:8080/download',
    });
    enableId = Number(id);
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  const assigned = async () =>
    Number((await k('devices').where({ NAME: 'DOWNLOAD', IVALUE: enableId }).count({ n: '*' }))[0]?.n);

  test('assigns to every computer of a selection, then removes it from one computer', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await page.getByRole('link', { name: 'Computers', exact: true }).click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    const total = await grid.total();
    // The list's header box: the selection is "every computer matching the filter", not the rows loaded.
    await page.getByRole('checkbox', { name: 'Select every computer matching this filter' }).check();
    await expect(page.getByTestId('selection-banner')).toContainText(
      `All ${total} computers matching this filter are selected`,
    );
    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: 'Assign a package' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Activated package', { exact: true }).click();
    await page.getByRole('option', { name: /Marker/ }).click();
    await screenshot(page, 'assign-package');
    await dialog.getByRole('button', { name: `Assign to ${total} computers` }).click();
    await expect(dialog.getByTestId('assign-result')).toContainText(`Assigned to ${total} computers`);
    expect(await assigned()).toBe(N);
    await page.keyboard.press('Escape');

    await grid.rows().first().click();
    await page.getByRole('tab', { name: /Packages/ }).click();
    await expect(page.getByRole('cell', { name: 'Marker' }).first()).toBeVisible();
    await page.getByRole('button', { name: 'Remove the package Marker from this computer' }).click();
    // Item 7: removing an assignment asks first; nothing is removed before the confirmation.
    await expect(page.getByTestId('unassign-confirm')).toBeVisible();
    expect(await assigned()).toBe(N);
    await page.getByTestId('unassign-confirm').click();
    await expect(page.getByText('No package is assigned to this computer.')).toBeVisible();
    expect(await assigned()).toBe(N - 1);
  });
});
