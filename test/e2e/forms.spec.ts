import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { ComputersGrid, expectAccessible, SearchScreen } from './pages/computers-pages';
import { loginAsAdmin, rpcFromPage } from './pages/session';

/** Issue 19: forms keep the admin's work (unsaved-changes guard), validate as General options, speak plainly. */
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

const nav = (page: import('@playwright/test').Page) =>
  page.getByRole('navigation', { name: 'Main navigation' });

test.describe('forms', () => {
  let db = '';
  let k: Knex;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 5, seed: 19, batch: 5, concurrency: 1, baseDate: new Date() });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('leaving General options or admin data with edits asks in the app; Stay keeps them, Leave drops them', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await nav(page).getByRole('link', { name: 'General options' }).click();
    await page.getByTestId('frequency-mode').getByText('Every N days').click();
    await page.getByRole('textbox', { name: 'Days between inventories' }).fill('5');
    await expect(page.getByTestId('options-save')).toBeEnabled();

    // No native confirm: a dialog would fail the test (Playwright dismisses it, and we refuse it here).
    page.on('dialog', (d) => {
      throw new Error(`native dialog: ${d.message()}`);
    });
    await nav(page).getByRole('link', { name: 'Computers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Your changes to General options are not saved');
    await expectAccessible(page, 'unsaved changes dialog');
    await screenshot(page, 'unsaved-changes-dialog');
    // Escape (or Stay) keeps the page and the edit.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'General options' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Days between inventories' })).toHaveValue('5');
    await nav(page).getByRole('link', { name: 'Computers' }).click();
    await dialog.getByRole('button', { name: 'Stay on the page' }).click();
    await expect(page.getByRole('textbox', { name: 'Days between inventories' })).toHaveValue('5');
    // Leave drops the edit: nothing was written.
    await nav(page).getByRole('link', { name: 'Computers' }).click();
    await dialog.getByRole('button', { name: 'Leave and lose the changes' }).click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    expect(await k('config').where({ NAME: 'FREQUENCY' }).pluck('IVALUE')).not.toContain(5);

    // The same guard on a computer's admin data.
    await grid.rows().first().click();
    await page.getByRole('tab', { name: 'Admin data' }).click();
    await page.getByRole('textbox', { name: 'TAG' }).fill('EDITED-NOT-SAVED');
    await nav(page).getByRole('link', { name: 'Computers' }).click();
    await expect(dialog).toContainText('Your changes to Admin data are not saved');
    await dialog.getByRole('button', { name: 'Stay on the page' }).click();
    await expect(page.getByRole('textbox', { name: 'TAG' })).toHaveValue('EDITED-NOT-SAVED');
    // Saved edits no longer hold the page.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Admin data saved.')).toBeVisible();
    await nav(page).getByRole('link', { name: 'Computers' }).click();
    await grid.expectRows();
    await expect(dialog).toBeHidden();
  });

  test('per-computer settings: FREQUENCY in days, DOWNLOAD_TIMEOUT -5 refused on the field and by the route', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await nav(page).getByRole('link', { name: 'Computers' }).click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    const id = Number(await grid.rows().first().getAttribute('data-id'));
    await grid.rows().first().click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.locator('tr[data-setting="FREQUENCY"]')).toContainText('Inventory frequency (days)');

    const timeout = page.locator('tr[data-setting="DOWNLOAD_TIMEOUT"]');
    const input = timeout.getByRole('textbox', { name: 'New value of DOWNLOAD_TIMEOUT' });
    await input.fill('-5');
    await expect(timeout).toContainText('From 1 to 3650 days');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(timeout.getByRole('button', { name: 'Save' })).toBeDisabled();
    await expectAccessible(page, 'settings with a refused value');
    await screenshot(page, 'computer-settings-refused');
    await input.fill('10');
    await expect(timeout).not.toContainText('From 1 to 3650 days');
    await expect(timeout.getByRole('button', { name: 'Save' })).toBeEnabled();

    // The main process refuses it too (a direct call), with the field named in words by the error texts.
    const r = (await rpcFromPage(page, 'computers.setSettings', {
      selection: { kind: 'ids', ids: [id] },
      settings: { DOWNLOAD_TIMEOUT: { ivalue: -5, tvalue: null } },
    })) as { ok: boolean; error?: { code: string; params: { field: string }; fields: { path: string }[] } };
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('VALIDATION_FAILED');
    expect(r.error?.fields?.map((f) => f.path)).toEqual(['settings.DOWNLOAD_TIMEOUT.ivalue']);
    expect(await k('devices').where({ HARDWARE_ID: id, NAME: 'DOWNLOAD_TIMEOUT' })).toHaveLength(0);
  });

  test('a refused search names the criterion in words, with no internal path and no dead-end hint', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await nav(page).getByRole('link', { name: 'Multi-criteria search' }).click();
    const search = new SearchScreen(page);
    await search.add('Memory (MB)', 'bigger than', 'lots');
    await search.run();
    const alert = page.locator('[data-error-code="VALIDATION_FAILED"]');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('value of criterion 1');
    await expect(alert).not.toContainText('criteria.0');
    await expect(alert).not.toContainText(/highlighted|refresh/i);
    await expectAccessible(page, 'refused search');
    await screenshot(page, 'search-refused');
  });
});
