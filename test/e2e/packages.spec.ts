import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { makePki, serveDownload } from '../integration/packages-servers';
import { expect, screenshot, test } from './fixtures';
import { loginAsAdmin } from './pages/session';

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
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Packages' })
      .click();
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
    await page.getByTestId('tab-stats').click();
    await expect(page.getByTestId('status-table')).toContainText('Waiting for notification');
    await k('devices').where({ HARDWARE_ID: hardwareId, NAME: 'DOWNLOAD' }).update({ TVALUE: 'SUCCESS' });
    await expect(page.locator('[data-status="SUCCESS"]')).toBeVisible({ timeout: 15_000 });
    await page.locator('[data-status="SUCCESS"]').getByRole('button').click();
    await expect(page.getByTestId('status-computers')).toContainText('e2e-pc');
    await screenshot(page, 'packages-stats');
    await page.getByRole('button', { name: 'Validate successes' }).click();
    await expect(page.getByText('1 assignment(s) removed')).toBeVisible();
  });
});
