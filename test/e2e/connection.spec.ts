import { createEmptyDb, dropDb, ROOT } from '../helpers/db';
import { DB, expect, screenshot, test } from './fixtures';
import { ConnectionScreen } from './pages/connection-page';

test.describe('connection screen', () => {
  let db = '';
  test.beforeAll(async () => {
    db = await createEmptyDb();
  });
  test.afterAll(async () => {
    await dropDb(db);
  });

  test('tests a connection to the real MariaDB and shows the server version', async ({ page, shell }) => {
    await page.goto(shell.url);
    const screen = new ConnectionScreen(page);
    await screen.fill({ database: db });
    await screen.test();
    await screen.expectServerVersion();
    await expect(page.getByTestId('schema-state')).toHaveAttribute('data-state', 'missing');
    await screenshot(page, 'connection-ok');
  });

  test('names a wrong password', async ({ page, shell }) => {
    await page.goto(shell.url);
    const screen = new ConnectionScreen(page);
    await screen.fill({ database: db, password: 'wrong-password' });
    await screen.test();
    const alert = page.locator('[data-error-code="DB_AUTH_FAILED"]');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('wrong user name or password');
    await expect(alert).not.toContainText(/at .*\.js|Error:/);
    await screenshot(page, 'connection-wrong-password');
  });

  test('names an unknown database and an unreachable host', async ({ page, shell }) => {
    await page.goto(shell.url);
    const screen = new ConnectionScreen(page);
    // Only an account allowed to see every database hears "unknown database" (the application account is
    // told "access denied"): this step is about root.
    await screen.fill({ database: 'no_such_ocs_db', user: ROOT.user, password: ROOT.password });
    await screen.test();
    await expect(page.locator('[data-error-code="DB_UNKNOWN_DATABASE"]')).toContainText('no_such_ocs_db');
    await screen.fill({ database: db, port: '1' });
    await screen.test();
    await expect(page.locator('[data-error-code="DB_UNREACHABLE"]')).toContainText('Cannot reach');
  });

  test('saves a profile, then connects from it without typing the password again', async ({
    page,
    shell,
  }) => {
    await page.goto(shell.url);
    const screen = new ConnectionScreen(page);
    await screen.fill({ database: db });
    await page.getByRole('textbox', { name: 'Save as profile (optional)' }).fill('Lab server');
    await screen.connect();
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await page.getByRole('button', { name: 'Use another database' }).click();
    await expect(page.getByText('Saved connections')).toBeVisible();
    await expect(page.getByText(`${DB.user}@127.0.0.1:3306 / ${db}`)).toBeVisible();
    await screenshot(page, 'connection-profiles');
    await page.getByRole('button', { name: 'Connect', exact: true }).first().click();
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  });

  test('refuses a page opened without the token', async ({ page, shell }) => {
    await page.goto(shell.origin + '/');
    await expect(page.locator('[data-error-code="SHELL_ACCESS_DENIED"]')).toBeVisible();
  });
});
