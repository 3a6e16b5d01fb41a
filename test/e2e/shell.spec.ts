import { createOcsDb, dropDb } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe('app shell accessibility (WCAG 2 A/AA, light and dark)', () => {
  let db = '';
  test.beforeAll(async () => {
    db = await createOcsDb();
  });
  test.afterAll(async () => {
    await dropDb(db);
  });

  test('connection screen', async ({ page, shell }) => {
    await page.goto(shell.url);
    await expect(page.getByRole('heading', { name: 'Connect to an OCS database' })).toBeVisible();
    await expectAccessible(page, 'connection screen');
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`console pages in ${scheme} mode`, async ({ page, shell }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await loginAsAdmin(page, shell, db);
      await expect(page.getByTestId('home-computers')).toBeVisible();
      await expectAccessible(page, `home (${scheme})`);
      for (const link of ['Diagnostics', 'Database', 'DB connection']) {
        await page.getByRole('link', { name: link, exact: true }).click();
        await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
        await expectAccessible(page, `${link} (${scheme})`);
      }
      await screenshot(page, `shell-${scheme}`);
    });
  }
});
