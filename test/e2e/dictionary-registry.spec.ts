import type { Page } from '@playwright/test';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe.configure({ mode: 'serial' });

async function open(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label }).click();
  await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
}

test.describe('software dictionary and registry queries', () => {
  let db = '';

  test.beforeAll(async () => {
    db = await createOcsDb();
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      await k('hardware').insert([
        { ID: 1, DEVICEID: 'WS1-2024-01-01-00-00-00', NAME: 'WS1' },
        { ID: 2, DEVICEID: 'WS2-2024-01-01-00-00-00', NAME: 'WS2' },
      ]);
      await k('software_name').insert([
        { ID: 11, NAME: 'Mozilla Firefox (x64 fr)' },
        { ID: 12, NAME: 'Mozilla Firefox ESR' },
        { ID: 13, NAME: '7-Zip 23.01' },
      ]);
      const sw = (HARDWARE_ID: number, NAME_ID: number) => ({
        HARDWARE_ID,
        NAME_ID,
        PUBLISHER_ID: 1,
        VERSION_ID: 1,
      });
      await k('software').insert([sw(1, 11), sw(2, 11), sw(2, 12), sw(1, 13)]);
      await k('registry').insert([{ HARDWARE_ID: 2, NAME: 'Office version', REGVALUE: '16.0' }]);
    } finally {
      await k.destroy();
    }
  });
  test.afterAll(async () => {
    if (db) await dropDb(db);
  });

  test('moves names to a new category', async ({ page, shell }) => {
    await loginAsAdmin(page, shell, db);
    await open(page, 'Software dictionary');
    const grid = page.getByRole('grid', { name: 'Software names' });
    const row = (name: string) => grid.locator(`tr[data-name="${name}"]`);
    await expect(row('Mozilla Firefox (x64 fr)')).toContainText('2');
    await expectAccessible(page, 'software dictionary');
    await row('Mozilla Firefox (x64 fr)').getByRole('checkbox', { name: 'Select this row' }).check();
    await row('Mozilla Firefox ESR').getByRole('checkbox', { name: 'Select this row' }).check();
    const bar = page.getByTestId('move-bar');
    await bar.getByRole('combobox', { name: 'Move selected names to' }).click();
    await page.getByRole('option', { name: 'New category…' }).click();
    await bar.getByRole('textbox', { name: 'New category name' }).fill('Firefox');
    await screenshot(page, 'dictionary-move');
    await bar.getByRole('button', { name: 'Move 2 names' }).click();
    await expect(page.getByText('2 names moved to Firefox')).toBeVisible();
    await expect(row('Mozilla Firefox ESR')).toHaveCount(0);
    await expect(row('7-Zip 23.01')).toBeVisible();

    await page.getByTestId('dict-tab-CATEGORY').click();
    await expect(page.getByRole('combobox', { name: 'Category' })).toHaveValue('Firefox');
    await expect(row('Mozilla Firefox ESR')).toContainText('1');
    await expect(row('Mozilla Firefox (x64 fr)')).toBeVisible();
    await expectAccessible(page, 'software dictionary, category tab');
    await screenshot(page, 'dictionary-category');
  });

  test('creates a registry query and shows the values computers reported', async ({ page, shell }) => {
    await loginAsAdmin(page, shell, db);
    await open(page, 'Registry queries');
    await expectAccessible(page, 'registry queries (empty)');
    await page.getByRole('button', { name: 'New query' }).click();
    const form = page.getByTestId('registry-form');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Office version');
    await form
      .getByRole('textbox', { name: 'Key', exact: true })
      .fill('\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration');
    await form.getByRole('textbox', { name: 'Value name' }).fill('VersionToReport');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText('no leading or trailing backslash')).toBeVisible();
    await form
      .getByRole('textbox', { name: 'Key', exact: true })
      .fill('SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration');
    await screenshot(page, 'registry-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toBeHidden();
    const row = page.getByTestId('registry-table').locator('tr[data-name="Office version"]');
    await expect(row).toContainText('HKEY_LOCAL_MACHINE');
    await expect(row).toContainText('VersionToReport');
    await row.getByRole('button', { name: 'Show the values of Office version' }).click();
    const values = page.getByTestId('registry-values');
    await expect(values).toContainText('WS2');
    await expect(values).toContainText('16.0');
    await expectAccessible(page, 'registry queries with values');
    await screenshot(page, 'registry-values');
    await values.getByRole('link', { name: 'Search computers by this value' }).click();
    await expect(page).toHaveURL(/\/search\?filter=/);
    await expect(page.getByRole('grid', { name: 'Computers' })).toContainText('WS2');
  });
});
