import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { makePki, serveDownload } from '../integration/packages-servers';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });

test.describe('package deployment screens', () => {
  let db = '';
  let k: Knex;
  let work = '';
  let hardwareId = 0;
  const servers: Array<{ close: () => Promise<void> }> = [];
  let infoLoc = '';
  let packLoc = '';
  let caFile = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    const [id] = (await k('hardware').insert({
      DEVICEID: 'e2e-pc-2026-01-01-00-00-00',
      NAME: 'e2e-pc',
    })) as number[];
    hardwareId = Number(id);
    work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-e2e-pkg-'));
    mkdirSync(path.join(work, 'download'));
    mkdirSync(path.join(work, 'payload'));
    writeFileSync(path.join(work, 'payload', 'run.sh'), '#!/bin/sh\necho ok\n');
    writeFileSync(path.join(work, 'payload', 'data.txt'), 'x'.repeat(200_000));
    const pki = makePki();
    caFile = path.join(work, 'ca.pem');
    writeFileSync(caFile, pki.caPem);
    const https = await serveDownload(path.join(work, 'download'), { tls: pki.good });
    const http = await serveDownload(path.join(work, 'download'));
    servers.push(https, http);
    infoLoc = https.loc;
    packLoc = http.loc;
  });
  test.afterAll(async () => {
    for (const s of servers) await s.close();
    await k?.destroy();
    if (db) await dropDb(db);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('wizard → activation → assignment → statistics', async ({ page, shell }) => {
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Packages').click();
    await page.getByTestId('new-package').click();

    // step 1: general
    await page.getByRole('textbox', { name: 'Name' }).fill('E2E package');
    await page.getByRole('textbox', { name: 'Command line' }).fill('sh run.sh');
    await page.getByTestId('wizard-next').click();
    // step 2: content + fragment preview
    await page.getByRole('textbox', { name: 'Folder to pack' }).fill(path.join(work, 'payload'));
    await page.getByText('Number of fragments', { exact: true }).first().click();
    await page.getByRole('textbox', { name: 'Number of fragments' }).fill('3');
    await expect(page.getByTestId('fragment-preview')).toContainText('3 fragment(s)');
    await screenshot(page, 'packages-wizard-preview');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    // step 4: build
    await page.getByRole('textbox', { name: 'Download folder' }).fill(path.join(work, 'download'));
    await page.getByTestId('build-start').click();
    await expect(page.getByTestId('build-result')).toContainText('3 fragment(s)');
    await screenshot(page, 'packages-built');

    // activation against the local HTTPS/HTTP servers
    await page.getByRole('textbox', { name: 'Info file location (HTTPS)' }).fill(infoLoc);
    await page.getByRole('textbox', { name: 'Fragments location' }).fill(packLoc);
    await page.getByRole('textbox', { name: 'CA file of the deployment server' }).fill(caFile);
    await page.getByTestId('activate-start').click();
    await expect(page.getByTestId('activate-result')).toContainText('3 fragment(s)');
    await page.getByRole('textbox', { name: 'Computers (hardware ids)' }).fill(String(hardwareId));
    await page.getByTestId('assign-start').click();
    await expect(page.getByTestId('assign-result')).toContainText('Assigned to 1 computer');
    await screenshot(page, 'packages-activated');

    // the agent reports (as the comm server would write it); the statistics refresh while open
    // A fresh database has DOWNLOAD = 0: the screen says deployment is off (issue 19 item 7).
    await expect(page.getByTestId('download-off')).toContainText('DOWNLOAD is 0 in General options');
    await page.getByTestId('tab-stats').click();
    await expect(page.getByTestId('status-table')).toContainText('Waiting for notification');
    await k('devices').where({ HARDWARE_ID: hardwareId, NAME: 'DOWNLOAD' }).update({ TVALUE: 'SUCCESS' });
    await expect(page.locator('[data-status="SUCCESS"]')).toBeVisible({ timeout: 15_000 });
    await page.locator('[data-status="SUCCESS"]').getByRole('button').click();
    await expect(page.getByTestId('status-computers')).toContainText('e2e-pc');
    await screenshot(page, 'packages-stats');
    // Statistics actions ask first (issue 19 item 7): Escape leaves the assignment alone.
    await page.getByRole('button', { name: 'Validate successes' }).click();
    const ask = page.getByRole('dialog', { name: 'Validate successes' });
    await expect(ask).toContainText('installed package');
    await page.keyboard.press('Escape');
    await expect(ask).toBeHidden();
    expect(await k('devices').where({ HARDWARE_ID: hardwareId, NAME: 'DOWNLOAD' })).toHaveLength(1);
    await page.getByRole('button', { name: 'Validate successes' }).click();
    await ask.getByTestId('stats-confirm').click();
    await expect(page.getByText('1 assignment(s) removed')).toBeVisible();

    // The built package can be deleted from the UI, with a confirmation naming what goes.
    await page.getByTestId('package-delete').click();
    const del = page.getByRole('dialog', { name: /^Delete "/ });
    await expect(del).toContainText('its info file and fragments on disk');
    // The dialog fades in; axe must not measure contrast half-way through the transition.
    await expect
      .poll(() =>
        page
          .locator('.mantine-Modal-content')
          .evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).opacity),
      )
      .toBe('1');
    await expectAccessible(page, 'package delete confirmation');
    await screenshot(page, 'package-delete');
    await del.getByTestId('package-delete-confirm').click();
    await expect(page.getByTestId('packages-table').locator('tbody tr[data-fileid]')).toHaveCount(0);
  });

  test('wizard: each step is checked before the next, the message on the field; leaving mid-way asks', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Packages' }).click();
    await page.getByTestId('new-package').click();

    // General: an empty command does not pass (issue 19 item 2), the message on the field.
    await page.getByRole('textbox', { name: 'Name' }).fill('E2E checked package');
    await page.getByTestId('wizard-next').click();
    const command = page.getByRole('textbox', { name: 'Command line' });
    await expect(command).toHaveAttribute('aria-invalid', 'true');
    await expect(command).toHaveAccessibleDescription(/Enter the command the agent runs/);
    await expect(page.getByRole('textbox', { name: 'Folder to pack' })).toHaveCount(0);
    await expectAccessible(page, 'package wizard, empty command');
    await screenshot(page, 'packages-wizard-empty-command');
    // Blanks are no command either.
    await command.fill('   ');
    await page.getByTestId('wizard-next').click();
    await expect(command).toHaveAttribute('aria-invalid', 'true');
    await command.fill('sh run.sh');
    await page.getByTestId('wizard-next').click();

    // Content: no folder, then a folder that does not exist, stop here.
    const folder = page.getByRole('textbox', { name: 'Folder to pack' });
    await page.getByTestId('wizard-next').click();
    await expect(folder).toHaveAttribute('aria-invalid', 'true');
    await expect(folder).toHaveAccessibleDescription(/Choose the file or folder to put in the package/);
    await folder.fill(path.join(work, 'no-such-folder'));
    await expect(page.locator('[data-error-code="FILE_NOT_FOUND"]')).toBeVisible();
    await page.getByTestId('wizard-next').click();
    await expect(folder).toHaveAccessibleDescription(/cannot be used/);
    await expect(page.getByText('Notify the user before installing')).toHaveCount(0);
    await folder.fill(path.join(work, 'payload'));
    await expect(page.getByTestId('fragment-preview')).toBeVisible();
    await page.getByTestId('wizard-next').click();

    // User interaction: a notification needs its text.
    await page.getByText('Notify the user before installing').click();
    await page.getByTestId('wizard-next').click();
    const text = page.getByRole('textbox', { name: 'Notification text' });
    await expect(text).toHaveAttribute('aria-invalid', 'true');
    await expect(text).toHaveAccessibleDescription(/Enter the text shown to the user/);
    await text.fill('Installing the E2E package');
    await page.getByTestId('wizard-next').click();
    await expect(page.getByTestId('build-start')).toBeVisible();

    // Leaving mid-way asks in the app; Stay keeps the wizard where it was.
    await nav.getByRole('link', { name: 'Computers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await expect(dialog).toContainText('Your changes to New package are not saved');
    await dialog.getByRole('button', { name: 'Stay on the page' }).click();
    await expect(page.getByTestId('build-start')).toBeVisible();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(text).toHaveValue('Installing the E2E package');
  });
});
