import type { Page } from '@playwright/test';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { ComputersGrid, SearchScreen, expectAccessible } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe.configure({ mode: 'serial' });

const nav = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true });

async function scheme(page: Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

/**
 * Issue 20: a drop-down admin field reads as its labels in the grid and the field repartition (never its
 * stored choice numbers), and asset categories are created from a search, counted, opened as a
 * filtered list and shown as a column; axe in EN/FR, light and dark.
 */
test.describe('Admin choice labels and asset categories', () => {
  let db = '';
  let site = '';

  test.beforeAll(async () => {
    db = await createOcsDb();
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      await k('hardware').insert([
        { ID: 1, DEVICEID: 'AC1-2026', NAME: 'AC1', OSNAME: 'Microsoft Windows 11 Pro' },
        { ID: 2, DEVICEID: 'AC2-2026', NAME: 'AC2', OSNAME: 'Microsoft Windows 10 Pro' },
        { ID: 3, DEVICEID: 'AC3-2026', NAME: 'AC3', OSNAME: 'Debian GNU/Linux 12' },
      ]);
      // A SELECT field as ocsreports stores it: the choice number in accountinfo, labels in config.
      const [id] = await k('accountinfo_config').insert({
        NAME_ACCOUNTINFO: null,
        TYPE: 2,
        NAME: 'Site',
        ID_TAB: 1,
        COMMENT: 'Site',
        SHOW_ORDER: 2,
        ACCOUNT_TYPE: 'COMPUTERS',
      });
      site = `fields_${id}`;
      await k.raw(`ALTER TABLE accountinfo ADD COLUMN ${site} VARCHAR(255) DEFAULT NULL`);
      await k('config').insert(
        ['Paris office', 'Lyon office', 'Remote'].map((TVALUE, i) => ({
          NAME: `ACCOUNT_VALUE_Site_${i + 1}`,
          IVALUE: i + 1,
          TVALUE,
        })),
      );
      await k('accountinfo').insert([
        { HARDWARE_ID: 1, TAG: 'NA', [site]: '3' },
        { HARDWARE_ID: 2, TAG: 'NA', [site]: '2' },
        { HARDWARE_ID: 3, TAG: 'NA', [site]: '3' },
      ]);
    } finally {
      await k.destroy();
    }
  });
  test.afterAll(async () => {
    if (db) await dropDb(db);
  });

  test('labels in the grid and the repartition; a category from a search, counted, listed, as a column', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await nav(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    await grid.chooseColumns(['Site', 'Asset category']);
    const row = (name: string) => grid.rows().filter({ hasText: name });
    await expect(row('AC1')).toContainText('Remote');
    await expect(row('AC2')).toContainText('Lyon office');
    await expect(grid.grid).not.toContainText(/\b[23]\b.*Microsoft/);

    await nav(page, 'TAG repartition').click();
    await page.getByRole('combobox', { name: 'Count computers by' }).click();
    await page.getByRole('option', { name: 'Site', exact: true }).click();
    const table = page.getByTestId('tags-table');
    await expect(table.getByRole('row', { name: /Remote/ })).toContainText('2');
    await expect(table.getByRole('link', { name: 'Lyon office' })).toBeVisible();
    await expect(table.getByRole('link', { name: '3', exact: true })).toHaveCount(0);

    // The multi-criteria search offers the field's labels.
    await nav(page, 'Multi-criteria search').click();
    const search = new SearchScreen(page);
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    const c = search.criterion(0);
    await c.getByLabel('Field', { exact: true }).click();
    await page.getByRole('option', { name: 'Site', exact: true }).click();
    await c.getByLabel('Value', { exact: true }).click();
    await page.getByRole('option', { name: 'Remote', exact: true }).click();
    await search.run();
    await grid.expectRows();
    expect(await grid.total()).toBe(2);

    await nav(page, 'Asset categories').click();
    await expect(page.getByRole('heading', { level: 2, name: /Asset categories/ })).toBeVisible();
    await expect(page.getByText('No asset category yet.')).toBeVisible();
    await page.getByRole('button', { name: 'New category' }).click();
    const editor = page.getByTestId('asset-category-editor');
    await editor.getByRole('textbox', { name: 'Name' }).fill('Windows desks');
    await editor.getByRole('textbox', { name: 'Description' }).fill('Computers running Windows');
    await editor.getByRole('button', { name: 'Add a criterion' }).click();
    const crit = editor.getByRole('group', { name: 'Criterion 1' });
    await crit.getByLabel('Field', { exact: true }).click();
    await page.getByRole('option', { name: 'Operating system', exact: true }).click();
    await crit.getByLabel('Operator', { exact: true }).click();
    await page.getByRole('option', { name: 'matches', exact: true }).click();
    await crit.getByLabel('Value', { exact: true }).fill('Microsoft Windows*');
    await expectAccessible(page, 'asset category editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);
    const list = page.getByTestId('asset-categories-table');
    await expect(list.getByRole('row', { name: /Windows desks/ })).toContainText('0');

    // The comm server sets CATEGORY_ID at the next inventory of each computer: as it would here.
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      const cat = (await k('assets_categories').first()) as { ID: number; SQL_QUERY: string };
      const [found] = (await k.raw(cat.SQL_QUERY)) as [Array<{ hardwareID: number }>];
      await k('hardware')
        .whereIn(
          'ID',
          found.map((r) => r.hardwareID),
        )
        .update({ CATEGORY_ID: cat.ID });
    } finally {
      await k.destroy();
    }
    await page.reload();
    await expect(list.getByRole('link', { name: 'Computers of Windows desks' })).toHaveText('2');
    await expectAccessible(page, 'asset categories');
    await screenshot(page, 'asset-categories-en-light');
    await list.getByRole('link', { name: 'Computers of Windows desks' }).click();
    await grid.expectRows();
    expect(await grid.total()).toBe(2);
    await expect(row('AC1')).toContainText('Windows desks');
  });

  test('the page in light and dark, English and French, accessible', async ({ page, shell }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    for (const lang of ['FR', 'EN'] as const) {
      await page.getByText(lang, { exact: true }).click();
      for (const s of ['Dark', 'Light'] as const) {
        await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
        const label = lang === 'EN' ? 'Asset categories' : "Catégories d'actifs";
        await nav(page, label).click();
        await expect(page.getByRole('heading', { level: 2, name: new RegExp(label) })).toBeVisible();
        await expect(page.getByTestId('asset-categories-table')).toContainText(
          lang === 'EN' ? 'Windows desks' : 'Windows desks',
        );
        await expectAccessible(page, `asset categories ${lang} ${s}`);
        await screenshot(page, `asset-categories-${lang.toLowerCase()}-${s.toLowerCase()}`);
      }
    }
  });
});
