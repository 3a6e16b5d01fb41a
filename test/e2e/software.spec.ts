import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, startShellWithoutCountWait, test } from './fixtures';
import { ComputersGrid, expectAccessible } from './pages/computers-pages';
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

test.describe('All software and software categories', () => {
  let db = '';

  test.beforeAll(async () => {
    db = await createOcsDb();
    const k = await createPool(rootParams(db), { max: 1 });
    try {
      await k('hardware').insert([
        { ID: 1, DEVICEID: 'SW1-2026', NAME: 'SW1', USERAGENT: 'OCS-NG_WINDOWS_AGENT_v2.9.0.0' },
        { ID: 2, DEVICEID: 'SW2-2026', NAME: 'SW2', USERAGENT: 'OCS-NG_WINDOWS_AGENT_v2.9.0.0' },
        { ID: 3, DEVICEID: 'SW3-2026', NAME: 'SW3', USERAGENT: 'OCS-NG_unified_unix_agent_v2.10.0' },
      ]);
      await k('accountinfo').insert([1, 2, 3].map((HARDWARE_ID) => ({ HARDWARE_ID, TAG: 'NA' })));
      await k('software_name').insert([
        { ID: 11, NAME: 'Mozilla Firefox' },
        { ID: 12, NAME: 'Mozilla Thunderbird' },
        { ID: 13, NAME: '7-Zip 23.01' },
        { ID: 14, NAME: 'Éditeur de texte « vim »' },
      ]);
      await k('software_publisher').insert([{ ID: 2, PUBLISHER: 'Mozilla' }]);
      await k('software_version').insert([
        { ID: 2, VERSION: '115.0' },
        { ID: 3, VERSION: '120.1' },
      ]);
      const sw = (HARDWARE_ID: number, NAME_ID: number, PUBLISHER_ID = 1, VERSION_ID = 1) => ({
        HARDWARE_ID,
        NAME_ID,
        PUBLISHER_ID,
        VERSION_ID,
      });
      await k('software').insert([
        sw(1, 11, 2, 2),
        sw(2, 11, 2, 3),
        sw(3, 11, 2, 3),
        sw(1, 12, 2, 2),
        sw(2, 13),
        sw(3, 14),
      ]);
    } finally {
      await k.destroy();
    }
  });
  test.afterAll(async () => {
    if (db) await dropDb(db);
  });

  test('categories: create, rules, default, recompute; All software shows them, filters, expands, opens the computers, exports', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await nav(page, 'Software categories').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Software categories' })).toBeVisible();
    await expect(page.getByText('No software category yet.')).toBeVisible();

    for (const name of ['Internet', 'Other']) {
      await page.getByRole('textbox', { name: 'New category' }).fill(name);
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await expect(page.getByRole('heading', { level: 3, name })).toBeVisible();
    }
    const internet = page
      .locator('[data-testid^="category-"]')
      .filter({ has: page.getByRole('heading', { name: 'Internet' }) });
    await internet.getByRole('textbox', { name: 'Name', exact: true }).fill('Mozilla*');
    await internet.getByRole('button', { name: 'Add rule' }).click();
    await expect(internet.getByRole('table', { name: 'Rules of Internet' })).toContainText('Mozilla*');
    await internet.getByRole('textbox', { name: 'Name', exact: true }).fill('7-Zip*');
    await internet.getByRole('textbox', { name: 'Publisher' }).fill('Nobody');
    await internet.getByRole('button', { name: 'Add rule' }).click();
    await expect(internet.getByRole('table', { name: 'Rules of Internet' })).toContainText('Nobody');
    await internet.getByRole('button', { name: 'Delete the rule 7-Zip*' }).click();
    await expect(internet.getByRole('table', { name: 'Rules of Internet' })).not.toContainText('7-Zip*');

    await page.getByTestId('default-category').click();
    await page.getByRole('option', { name: 'Other' }).click();
    const saveDefault = page.getByTestId('save-default');
    await saveDefault.click();
    await expect(saveDefault).toBeDisabled();

    await page.getByRole('button', { name: 'Recompute categories' }).click();
    await expect(page.getByTestId('recompute-result')).toContainText(
      '5 of 5 software versions in a category',
    );
    await expect(internet.getByRole('link', { name: '3 software versions' })).toBeVisible();
    await expectAccessible(page, 'software categories');
    await screenshot(page, 'software-categories-en-light');

    // All software: categories shown, filter by category, versions on expand.
    await nav(page, 'All software').click();
    await expect(page.getByRole('heading', { level: 2, name: 'All software' })).toBeVisible();
    const grid = page.getByRole('grid', { name: 'Software names' });
    const row = (name: string) => grid.locator(`tr[data-name="${name}"]`);
    await expect(row('Mozilla Firefox')).toContainText('Internet');
    await expect(row('Mozilla Firefox')).toContainText('Mozilla');
    await expect(row('7-Zip 23.01')).toContainText('Other');
    await expect(row('Éditeur de texte « vim »')).toBeVisible();
    await row('Mozilla Firefox').getByRole('button', { name: '2 versions' }).click();
    const versions = page.getByRole('table', { name: 'Versions of Mozilla Firefox' });
    await expect(versions.getByRole('row')).toHaveCount(3);
    await expect(versions.getByRole('row').nth(1)).toContainText('120.1');
    await expectAccessible(page, 'all software, versions open');
    await screenshot(page, 'software-en-light');
    await page.keyboard.press('Escape');

    await page.getByTestId('software-category').click();
    await page.getByRole('option', { name: 'Internet' }).click();
    await expect(grid.locator('tbody tr[data-name]')).toHaveCount(2);
    await page.getByTestId('software-category').click();
    await page.getByRole('option', { name: 'Other' }).click();
    await expect(grid.locator('tbody tr[data-name]')).toHaveCount(2);
    await page.getByTestId('software-category').click();
    await page.getByRole('option', { name: 'All categories' }).click();
    await expect(grid.locator('tbody tr[data-name]')).toHaveCount(4);

    // CSV in the grid's order, with a UTF-8 byte order mark.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('software.csv');
    const csv = await readFile(await file.path(), 'utf8');
    expect(csv.startsWith('\uFEFFSoftware,Publishers,Versions,Computers,Categories')).toBe(true);
    expect(csv).toContain('Éditeur de texte « vim »,Unavailable,1,1,Other');

    // Sort by computers, then open the computers that have Firefox, and those that do not.
    const sortComputers = grid.getByRole('columnheader', { name: 'Computers' }).getByRole('button');
    await sortComputers.click();
    await expect(grid.getByRole('columnheader', { name: 'Computers' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await sortComputers.click();
    await expect(grid.getByRole('columnheader', { name: 'Computers' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await expect(grid.locator('tbody tr[data-name]').first()).toHaveAttribute('data-name', 'Mozilla Firefox');
    await row('Mozilla Firefox').getByRole('link', { name: 'Computers that have Mozilla Firefox' }).click();
    const computers = new ComputersGrid(page);
    await computers.expectRows();
    expect(await computers.total()).toBe(3);
    await page.goBack();
    await row('7-Zip 23.01').getByRole('link', { name: 'Computers that do not have 7-Zip 23.01' }).click();
    await computers.expectRows();
    expect(await computers.total()).toBe(2);
  });

  test('both screens in light and dark, English and French, accessible', async ({ page, shell }) => {
    test.setTimeout(360_000);
    await loginAsAdmin(page, shell, db);
    for (const lang of ['FR', 'EN'] as const) {
      await page.getByText(lang, { exact: true }).click();
      for (const s of ['Dark', 'Light'] as const) {
        await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
        for (const [label, testId, name] of [
          [lang === 'EN' ? 'All software' : 'Tous les logiciels', 'software-grid', 'software'],
          [
            lang === 'EN' ? 'Software categories' : 'Catégories de logiciels',
            'category-',
            'software-categories',
          ],
        ] as const) {
          await nav(page, label).click();
          await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
          await expect(page.locator(`[data-testid^="${testId}"]`).first()).toBeVisible();
          await expectAccessible(page, `${name} ${lang} ${s}`);
          await screenshot(page, `${name}-${lang.toLowerCase()}-${s.toLowerCase()}`);
        }
      }
    }
  });

  test('shows the page sorted by name before its total is counted, then the total', async ({ page }) => {
    test.setTimeout(120_000);
    const shell = await startShellWithoutCountWait(page);
    try {
      await loginAsAdmin(page, shell, db);
      await nav(page, 'All software').click();
      const grid = page.getByTestId('software-grid');
      await expect(grid.locator('[data-name="Mozilla Firefox"]')).toBeVisible();
      await expect(page.getByTestId('grid-range')).toHaveText('1-4 (total being counted)');
      await expect(page.getByTestId('software-counts')).toContainText(
        'Counting the computers of every name since',
      );
      await expectAccessible(page, 'all software while counting');
      // The page asks again every 3 s until the count has arrived.
      await expect(page.getByTestId('grid-range')).toHaveText('1-4 of 4', { timeout: 30_000 });
      await expect(page.getByTestId('software-counts')).toContainText('as counted at');
    } finally {
      shell.process.kill('SIGTERM');
    }
  });
});
