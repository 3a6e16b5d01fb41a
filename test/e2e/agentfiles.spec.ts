import { createOcsDb, dropDb } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });

test.describe('Agent files', () => {
  let db = '';
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
  });
  test.afterAll(async () => {
    if (db) await dropDb(db);
  });

  test('upload a small file, see it listed with its size, replace it, delete it; accessible', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Agent files').click();
    await expect(page.getByRole('heading', { name: /Agent files/ })).toBeVisible();
    await expect(page.getByTestId('deploy-status')).toBeVisible();
    await expect(page.getByTestId('size-limit')).toContainText('max_allowed_packet');
    await expectAccessible(page, 'agent files page');

    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('agentfile-input').click();
    await (
      await chooser
    ).setFiles({ name: 'ocsagent.exe', mimeType: 'application/octet-stream', buffer: Buffer.alloc(2048, 7) });
    await expect(page.getByTestId('agentfile-selected')).toContainText('ocsagent.exe');
    await page.getByTestId('agentfile-upload').click();
    const row = page.getByTestId('agentfile-row').filter({ hasText: 'ocsagent.exe' });
    await expect(row).toContainText('2 KiB');
    await expect(page.getByRole('heading', { name: 'Agent files (1)' })).toBeVisible();
    await expectAccessible(page, 'agent files list');
    await screenshot(page, 'agentfiles');

    // Same name again: the button says Replace and the size follows the new file.
    const chooser2 = page.waitForEvent('filechooser');
    await page.getByTestId('agentfile-input').click();
    await (
      await chooser2
    ).setFiles({ name: 'ocsagent.exe', mimeType: 'application/octet-stream', buffer: Buffer.alloc(10, 1) });
    await expect(page.getByTestId('agentfile-upload')).toHaveText('Replace');
    await page.getByTestId('agentfile-upload').click();
    await expect(row).toContainText('10 B');

    await page.getByRole('button', { name: 'Delete ocsagent.exe' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    // The modal fades in; axe must not read a half-transparent button's contrast.
    await expect(() => expectAccessible(page, 'delete confirmation')).toPass({ timeout: 60_000 });
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('agentfile-row')).toHaveCount(0);
    await expect(page.getByText('No agent files yet')).toBeVisible();
  });
});
