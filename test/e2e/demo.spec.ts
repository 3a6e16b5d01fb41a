import { APP_ACCOUNT, dropDb, uniqueDbName } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { changeDefaultAdminPassword, navLink, submitLogin } from './pages/session';

/**
 * The first-run path for someone with no OCS server (issue 19): from the connection screen, a new local
 * OCS database filled with a generated demo fleet, then the console, which says "Demo data" on every
 * screen while connected to it.
 */
test.describe('demo database from the connection screen', () => {
  const created: string[] = [];
  test.afterAll(async () => {
    for (const db of created) await dropDb(db);
  });

  test('creates a demo database, connects, lands on the console with the Demo data badge; axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    const db = uniqueDbName('ocsdesk_e2e_demo');
    created.push(db);
    await page.goto(shell.url);
    await page.getByRole('button', { name: 'Try it with demo data…' }).click();
    await expect(page.getByRole('heading', { name: 'Create a demo OCS database' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Administrator account' }).fill('root');
    await page.getByRole('button', { name: 'Next' }).click();

    const name = page.getByRole('textbox', { name: 'Database name' });
    await expect(name).toHaveValue('ocsdemo');
    await name.fill(db);
    // The console and the comm server use the (password-protected) application account.
    await page.getByRole('textbox', { name: 'Account name' }).fill(APP_ACCOUNT.user);
    await page.getByLabel(/^Account password/).fill(APP_ACCOUNT.password);
    await page.getByText('Only grant it this database', { exact: true }).click();
    await expect(page.getByRole('radio', { name: 'Only grant it this database' })).toBeChecked();
    const demo = page.getByRole('checkbox', { name: 'Fill it with a demo fleet' });
    await expect(demo).toBeChecked();
    await page.getByRole('textbox', { name: 'Number of demo computers' }).fill('60');
    await expectAccessible(page, 'database wizard, demo fleet');
    await screenshot(page, 'demo-wizard');

    await page.getByRole('button', { name: 'Create the database' }).click();
    await expect(page.getByTestId('init-demo')).toHaveText(
      '60 demo computers generated, marked as demo data.',
      { timeout: 120_000 },
    );
    await page.getByRole('button', { name: 'Connect to it' }).click();

    await submitLogin(page, 'admin', 'admin');
    await changeDefaultAdminPassword(page);

    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    const badge = page.getByTestId('demo-badge');
    await expect(badge).toHaveText('Demo data');
    await expect(page.getByTestId('home-database')).toHaveText(db);
    await expectAccessible(page, 'home on a demo database (light)');
    await screenshot(page, 'demo-home');

    // The badge stays on every screen; the fleet is there.
    await navLink(page, 'Computers').click();
    await expect(
      page.getByRole('grid', { name: 'Computers' }).locator('tbody tr[data-id]').first(),
    ).toBeVisible();
    await expect(badge).toBeVisible();
    await page
      .getByRole('radio', { name: 'Dark' })
      .check({ force: true })
      .catch(async () => {
        await page.getByText('Dark', { exact: true }).click();
      });
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expectAccessible(page, 'computers on a demo database (dark)');
  });
});
