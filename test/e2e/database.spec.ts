import { createEmptyDb, dropDb, rootParams, uniqueDbName } from '../helpers/db';
import { createPool } from '../../src-main/platform/db/connect';
import { expect, screenshot, test } from './fixtures';
import { ConnectionScreen } from './pages/connection-page';
import { ADMIN_PASSWORD, navLink } from './pages/session';

test.describe('database wizard and first login', () => {
  const created: string[] = [];
  test.afterAll(async () => {
    for (const db of created) await dropDb(db);
  });

  test('creates an OCS database, connects, forces the default password change, lands on the console', async ({
    page,
    shell,
  }) => {
    const db = uniqueDbName('ocsdesk_e2e');
    created.push(db);
    await page.goto(shell.url);
    await page.getByRole('button', { name: 'Create a new OCS database…' }).click();
    await page.getByRole('textbox', { name: 'Administrator account' }).fill('root');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('textbox', { name: 'Database name' }).fill(db);
    // Use root rather than a new account: the test server must not collect accounts.
    await page.getByRole('checkbox', { name: /Create the account/ }).uncheck();
    await screenshot(page, 'database-wizard');
    await page.getByRole('button', { name: 'Create the database' }).click();
    await expect(page.getByTestId('init-result')).toContainText(`Database ${db} is ready`);
    await expect(page.getByTestId('init-result')).toContainText('schema level 7069');
    await screenshot(page, 'database-created');
    await page.getByRole('button', { name: 'Connect to it' }).click();

    await page.getByRole('textbox', { name: 'Login' }).fill('admin');
    await page
      .getByLabel(/^Password/)
      .first()
      .fill('admin');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await screenshot(page, 'change-password');
    await page
      .getByLabel(/^Current password/)
      .first()
      .fill('admin');
    await page
      .getByLabel(/^New password/)
      .first()
      .fill(ADMIN_PASSWORD);
    await page
      .getByLabel(/^Repeat the new password/)
      .first()
      .fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();

    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await expect(page.getByTestId('home-database')).toHaveText(db);
    await expect(page.getByTestId('home-server-version')).toContainText('MariaDB');
    await screenshot(page, 'home');

    const k = await createPool(rootParams(db), { max: 1 });
    try {
      const row = (await k('operators').where('ID', 'admin').first('PASSWD', 'PASSWORD_VERSION')) as {
        PASSWD: string;
        PASSWORD_VERSION: number;
      };
      expect(row.PASSWD).toMatch(/^\$2y\$/);
      expect(row.PASSWD).not.toBe('admin');
    } finally {
      await k.destroy();
    }

    await navLink(page, 'Database').click();
    await expect(page.getByTestId('schema-level')).toContainText('Schema level 7069');
  });

  test('a database without OCS schema offers the wizard from the login screen', async ({ page, shell }) => {
    const db = await createEmptyDb();
    created.push(db);
    await page.goto(shell.url);
    const screen = new ConnectionScreen(page);
    await screen.fill({ database: db });
    await screen.connect();
    await expect(page.getByTestId('no-schema')).toBeVisible();
    await page.getByRole('button', { name: 'Create the OCS database…' }).click();
    await expect(page.getByRole('heading', { name: 'Create an OCS database' })).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('textbox', { name: 'Database name' })).toHaveValue(db);
  });
});
