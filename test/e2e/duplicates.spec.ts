import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { seedDuplicates } from '../helpers/duplicates-seed';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });

test.describe('Duplicates screen', () => {
  let db = '';
  let k: Knex;
  let ids: Awaited<ReturnType<typeof seedDuplicates>>;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 1 });
    await seedFleet(k, {
      computers: 20,
      seed: 9,
      batch: 20,
      concurrency: 1,
      baseDate: new Date('2026-11-20T12:00:00Z'),
    });
    ids = await seedDuplicates(k);
    await k('config').where('NAME', 'TRACE_DELETED').update({ IVALUE: 1 });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('shows the groups per criterion, merges one group after a confirmation stating the count', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Duplicates').click();
    await expect(page.getByRole('heading', { name: 'Duplicates', level: 2 })).toBeVisible();
    const card = page.locator('[data-criterion="hostname_serial"] [data-count]');
    await expect(card).not.toHaveText('…');
    expect(Number(await card.textContent())).toBeGreaterThanOrEqual(2);
    const group = page.locator('[data-group="DUP-PC / DUPSERIAL1"]');
    await expect(group).toBeVisible();
    await expect(page.locator(`[data-computer="${ids.newId}"]`)).toContainText('kept');
    await expect(page.locator(`[data-computer="${ids.oldId}"]`)).toContainText('DUPSERIAL1');
    await expectAccessible(page, 'duplicates groups');
    await screenshot(page, 'duplicates-groups');

    await page.getByRole('checkbox', { name: 'Select group DUP-PC / DUPSERIAL1' }).check();
    await page.getByTestId('merge-button').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Merge 1 group?');
    await expect(dialog).toContainText('1 computer will be merged');
    // axe must not catch the modal mid-fade (contrast is computed through the partial opacity).
    await expect(dialog).toHaveCSS('opacity', '1');
    await expect(page.locator('.mantine-Modal-overlay')).toHaveCSS('opacity', '1');
    // Back up first (issue 21): one click copies the tables a merge changes, then the merge goes on.
    const offer = dialog.getByTestId('backup-first');
    await expect(offer).toContainText(/The \d+ tables this changes/);
    await expectAccessible(page, 'merge confirmation');
    await screenshot(page, 'duplicates-merge-confirm');
    await offer.getByRole('button', { name: 'Back up now' }).click();
    await expect(offer.getByTestId('backup-first-file')).toContainText(/\.sql\.gz$/, { timeout: 60_000 });
    const backupFile = (await offer.getByTestId('backup-first-file').textContent())!.trim();
    const dump = gunzipSync(readFileSync(backupFile)).toString('utf8');
    expect(dump.slice(0, 2000)).toContain('before duplicates.merge');
    expect(dump).toMatch(/CREATE TABLE `hardware`/);
    expect(dump).not.toMatch(/CREATE TABLE `operators`/);
    await dialog.getByRole('button', { name: 'Merge 1 group' }).click();
    await expect(page.getByTestId('merge-result')).toContainText('1 group merged. 1 computer removed.');
    await expect(group).toHaveCount(0);
    await screenshot(page, 'duplicates-merged');

    expect(await k('hardware').where('ID', ids.oldId).first()).toBeUndefined();
    expect(await k('accountinfo').where('HARDWARE_ID', ids.newId).select('TAG')).toEqual([
      { TAG: 'OLD-TAG' },
    ]);
    expect(await k('deleted_equiv').select('DELETED', 'EQUIVALENT')).toEqual([
      { DELETED: String(ids.oldId), EQUIVALENT: String(ids.newId) },
    ]);
  });

  test('blacklists: add a MAC address, see it listed, remove it', async ({ page, shell }) => {
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Duplicates').click();
    await page.getByTestId('tab-blacklists').click();
    const macs = page.getByTestId('blacklist-mac');
    await expect(macs.locator('[data-entry="FF:FF:FF:FF:FF:FF"]')).toBeVisible();
    await macs.getByLabel('MAC address').fill('aa-bb-cc-00-00-02');
    await macs.getByRole('button', { name: 'Add' }).click();
    await expect(macs.locator('[data-entry="AA:BB:CC:00:00:02"]')).toBeVisible();
    await expectAccessible(page, 'duplicates blacklists');
    await screenshot(page, 'duplicates-blacklists');
    expect(await k('blacklist_macaddresses').where('MACADDRESS', 'AA:BB:CC:00:00:02').first()).toBeTruthy();
    await macs.getByRole('button', { name: 'Remove AA:BB:CC:00:00:02 from the blacklist' }).click();
    await expect(macs.locator('[data-entry="AA:BB:CC:00:00:02"]')).toHaveCount(0);

    // Dark mode: the groups stay readable.
    await page.getByText('Dark', { exact: true }).click();
    await page.getByTestId('tab-groups').click();
    await expect(page.locator('[data-group="LOCKED-PC / LOCKSER"]')).toBeVisible();
    await expectAccessible(page, 'duplicates groups (dark)');
    await screenshot(page, 'duplicates-groups-dark');
  });
});
