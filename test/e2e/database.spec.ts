import { createEmptyDb, createOcsDb, dropDb, ROOT, rootParams, uniqueDbName } from '../helpers/db';
import { dropAccount } from '../../src-main/database/database.repo';
import { createPool } from '../../src-main/platform/db/connect';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { ConnectionScreen } from './pages/connection-page';
import { changeDefaultAdminPassword, navLink, submitLogin } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

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

    await submitLogin(page, 'admin', 'admin');
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await screenshot(page, 'change-password');
    await changeDefaultAdminPassword(page);

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

  test('adds only a read-only DB account to an existing OCS database, saying what it grants', async ({
    page,
    shell,
  }) => {
    const db = await createOcsDb();
    created.push(db);
    const ro = {
      user: `ocsdesk_e2e_wro_${process.pid}`,
      password: plantedPassword('e2eWizardReadOnlyAccount'),
    };
    const server = await createPool(ROOT, { database: null, max: 1 });
    try {
      await page.goto(shell.url);
      await page.getByRole('button', { name: 'Create a new OCS database…' }).click();
      await page.getByRole('textbox', { name: 'Administrator account' }).fill('root');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('textbox', { name: 'Database name' }).fill(db);
      await page.getByRole('checkbox', { name: /Create the account/ }).uncheck();
      await page.getByRole('checkbox', { name: /read-only account for browse-only operators/ }).check();
      const grants = page.getByTestId('readonly-account');
      await expect(grants).toContainText('Read every table of the database (SELECT)');
      await expect(grants).toContainText('saved searches (ocsdesk_saved_search)');
      await expect(grants).toContainText('no computer, package, setting or operator can be changed');
      await page.getByRole('textbox', { name: 'Read-only account name' }).fill(ro.user);
      await page.getByLabel(/^Read-only account password/).fill('short');
      await page.getByRole('button', { name: 'Create the database' }).click();
      await expect(page.getByText('At least 8 characters')).toBeVisible();
      await page.getByLabel(/^Read-only account password/).fill(ro.password);
      await expectAccessible(page, 'database wizard, read-only account');
      await screenshot(page, 'database-wizard-readonly');

      await page.getByRole('button', { name: 'Create the database' }).click();
      const result = page.getByTestId('init-result');
      await expect(result).toContainText('Existing OCS schema (level');
      await expect(page.getByTestId('init-readonly')).toContainText(
        `Read-only account ${ro.user} for localhost, 127.0.0.1: reads the whole database, writes only`,
      );
      await expect(page.getByTestId('init-readonly')).toContainText('ocsdesk_saved_search');
      await expect(result).not.toContainText('admin / admin');
      await screenshot(page, 'database-wizard-readonly-done');

      // What the database itself grants: SELECT on the whole database, writes on the console's tables only.
      for (const host of ['localhost', '127.0.0.1']) {
        const [rows] = (await server.raw('SHOW GRANTS FOR ?@?', [ro.user, host])) as [
          Array<Record<string, string>>,
        ];
        const lines = rows.map((r) => String(Object.values(r)[0]));
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^GRANT SELECT ON \`${db}\`\\.\\*`)));
        expect(lines).toContainEqual(
          expect.stringMatching(/^GRANT INSERT, UPDATE, DELETE ON `[^`]+`\.`ocsdesk_saved_search`/),
        );
        expect(lines.filter((l) => /ON `[^`]+`\.\*/.test(l) && !/^GRANT SELECT ON/.test(l))).toEqual([]);
        expect(lines.some((l) => /`(hardware|accountinfo|operators|config)`/.test(l))).toBe(false);
      }
    } finally {
      for (const host of ['localhost', '127.0.0.1']) await dropAccount(server, ro.user, host);
      await server.destroy();
    }
  });
});
