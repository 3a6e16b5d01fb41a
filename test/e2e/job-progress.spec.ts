import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { MAKE_FLEET } from '../helpers/ocs-stack';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

/**
 * Issue 19 item 1: a running task's progress lives on its page and in the Tasks drawer; no notification
 * stacks over it or covers Cancel, and Escape never stops it. The test holds a table lock on `hardware` so
 * the import stays running, whatever the machine's speed, until the test lets it go.
 */
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

test.describe('running task', () => {
  let db = '';
  let k: Knex;
  const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-e2e-jobs-'));

  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    execFileSync(
      'python3',
      [MAKE_FLEET, '--count', '4', '--out', work, '--seed', '19', '--start-index', '0', '--jobs', '1'],
      { stdio: 'ignore' },
    );
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
    rmSync(work, { recursive: true, force: true });
  });

  test('an import in progress: no notification over it, Cancel reachable, Escape keeps it running, Stop asks', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Local import').click();
    await page.getByRole('textbox', { name: 'Files at once' }).fill('1');

    // The import blocks on its first write until the lock is released.
    const lock = await k.transaction();
    try {
      await lock.raw('LOCK TABLES hardware WRITE');
      await page.getByTestId('import-paths').fill(work);
      await page.getByTestId('import-start').click();
      const progress = page.getByTestId('import-progress');
      const cancel = progress.getByRole('button', { name: 'Cancel' });
      await expect(cancel).toBeVisible();
      await cancel.scrollIntoViewIfNeeded();

      // Progress in one place: no notification while it runs, and nothing over Cancel.
      await expect(page.locator('.mantine-Notification-root')).toHaveCount(0);
      const box = (await cancel.boundingBox())!;
      const onTop = await page.evaluate(
        ([x, y]) => {
          const d = (
            globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }
          ).document;
          const el = d.elementFromPoint(x, y) as { closest(s: string): unknown } | null;
          return !!el?.closest('[data-testid="import-progress"] button');
        },
        [box.x + box.width / 2, box.y + box.height / 2] as const,
      );
      expect(onTop, 'Cancel is the element under its own centre').toBe(true);
      // The same task in the Tasks drawer.
      await page.getByRole('button', { name: '1 task running' }).click();
      const drawer = page.getByRole('dialog', { name: 'Tasks' });
      await expect(drawer.getByRole('button', { name: 'Cancel' })).toBeVisible();
      await expectAccessible(page, 'tasks drawer with a running import');
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();

      // Escape on the page, then in the stop question: the import keeps running.
      await page.keyboard.press('Escape');
      await cancel.click();
      const ask = page.getByRole('dialog', { name: 'Stop the task?' });
      await expect(ask).toContainText('Importing files: what is already done is kept');
      await expectAccessible(page, 'stop question');
      await screenshot(page, 'job-stop-question');
      await page.keyboard.press('Escape');
      await expect(ask).toBeHidden();
      await expect(cancel).toHaveText('Cancel');
      await expect(page.getByRole('button', { name: '1 task running' })).toBeVisible();

      // Stop, confirmed: "Cancelling…" until the job ends.
      await cancel.click();
      await ask.getByRole('button', { name: 'Stop the task' }).click();
      await expect(progress.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    } finally {
      await lock.raw('UNLOCK TABLES');
      await lock.commit();
    }
    await expect(page.getByRole('button', { name: '0 tasks running' })).toBeVisible({ timeout: 60_000 });
    // No file started after the stop; the one in flight is rolled back or committed whole.
    await expect(page.getByText(/Cancelled: \d files were not processed/)).toBeVisible();
    await expect(page.getByTestId('import-progress').getByRole('button', { name: /Cancel/ })).toHaveCount(0);
    expect(Number((await k('hardware').count({ n: '*' }))[0]?.n)).toBeLessThanOrEqual(1);
    await screenshot(page, 'import-cancelled');
  });
});
