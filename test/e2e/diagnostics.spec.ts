import { createOcsDb, dropDb } from '../helpers/db';
import { STACK_ENV, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';
import { expect, screenshot, test } from './fixtures';
import { loginAsAdmin, navLink } from './pages/session';

test.describe('diagnostics', () => {
  let db = '';
  test.beforeAll(async () => {
    db = await createOcsDb();
  });
  test.afterAll(async () => {
    await dropDb(db);
  });

  test('home lists the fleet and what needs attention; diagnostics checks the deployment server certificate', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await expect(page.getByTestId('home-computers')).toHaveText('0');
    await navLink(page, 'Diagnostics').click();
    await expect(page.getByTestId('finding-schema')).toHaveAttribute('data-level', 'ok');
    await expect(page.getByTestId('finding-weak')).toHaveAttribute('data-level', 'ok');
    await expect(page.getByTestId('finding-nmap')).toBeVisible();

    const reason = stackUnavailableReason();
    test.skip(!!reason, reason ?? '');
    await withStackLock(async () => {
      await page.getByRole('textbox', { name: 'Server address (https://)' }).fill(STACK_ENV.serverHttpsUrl);
      await page.getByRole('textbox', { name: 'cacert.pem the agents use' }).fill(STACK_ENV.caFile);
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await expect(page.getByTestId('cert-check-result')).toContainText('Trusted');
      await expect(page.getByTestId('cert-check-result')).toContainText('Name matches');
      await expect(page.getByTestId('finding-server')).toHaveAttribute('data-level', 'ok');
    });
    await screenshot(page, 'diagnostics');
  });
});
