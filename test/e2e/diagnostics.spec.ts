import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { STACK_ENV, stackUnavailableReason, withStackLock } from '../helpers/ocs-stack';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });

const N = 30;

async function scheme(page: Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

async function saveAddresses(page: Page, v: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(v))
    await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  await page.getByRole('button', { name: 'Save and check' }).click();
}

test.describe('diagnostics and server information', () => {
  let db = '';
  let root: Knex;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    db = await createOcsDb();
    root = await createPool(rootParams(db), { max: 2 });
    await seedFleet(root, { computers: N, seed: 21, batch: N, concurrency: 1 });
    // Inventories spread over the last hours, so the chart has bars.
    await root.raw('UPDATE hardware SET LASTDATE = NOW() - INTERVAL (ID % 30) HOUR');
  });
  test.afterAll(async () => {
    await root?.destroy();
    await dropDb(db);
  });

  test('diagnostics: every check from the main side with evidence and fix; the comm server red then green; EN/FR; axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Diagnostics').click();
    await expect(page.getByTestId('diagnostics-summary')).toBeVisible();
    await expect(page.getByTestId('finding-schema')).toHaveAttribute('data-level', 'ok');
    await expect(page.getByTestId('finding-weak')).toHaveAttribute('data-level', 'ok');
    await expect(page.getByTestId('finding-nmap')).toBeVisible();
    await expect(page.getByTestId('evidence-packet')).toContainText('max_allowed_packet = ');
    await expect(page.getByTestId('evidence-engines')).toContainText('tables');
    // A comm server nobody listens for: red, with its evidence and its fix.
    await saveAddresses(page, { 'Comm server (HTTP)': 'http://127.0.0.1:9/ocsinventory' });
    const comm = page.getByTestId('finding-commHttp');
    await expect(comm).toHaveAttribute('data-level', 'error');
    await expect(comm).toContainText('cannot be reached');
    await expect(page.getByTestId('evidence-commHttp')).toContainText('GET http://127.0.0.1:9/ocsinventory');
    await expect(page.getByTestId('fix-commHttp')).toContainText('Start Apache');
    await expectAccessible(page, 'diagnostics with a red finding');
    await screenshot(page, 'diagnostics-red');

    // Home shows the same red finding (the same route).
    await navLink(page, 'Home').click();
    await expect(page.getByTestId('finding-commHttp')).toHaveAttribute('data-level', 'error');
    await expect(page.getByTestId('home-all-good')).toHaveCount(0);
    await navLink(page, 'Diagnostics').click();

    const reason = stackUnavailableReason();
    if (!reason) {
      await withStackLock(async () => {
        await saveAddresses(page, {
          'Comm server (HTTP)': STACK_ENV.serverUrl,
          'Comm server (HTTPS)': STACK_ENV.serverHttpsUrl,
          'Server whose certificate agents must trust (https://)': STACK_ENV.serverHttpsUrl,
          'cacert.pem the agents use': STACK_ENV.caFile,
        });
        // The real comm server's answer (its green and red are integration tests' job, on its own DB).
        await expect(page.getByTestId('evidence-commHttp')).toContainText(
          `GET ${STACK_ENV.serverUrl} (input)`,
        );
        await expect(page.getByTestId('finding-certificate')).toHaveAttribute('data-level', 'ok');
        await expect(page.getByTestId('evidence-certificate')).toContainText('trusted by the CA file: yes');
      });
    }
    await page.getByText('FR', { exact: true }).click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Diagnostic');
    await expect(page.getByTestId('finding-engines')).toContainText('InnoDB');
    await expect(page.getByTestId('finding-schema')).toContainText('Schéma OCS au niveau');
    for (const s of ['Clair', 'Sombre'] as const) {
      await scheme(page, s);
      await expectAccessible(page, `diagnostics FR ${s}`);
    }
    await screenshot(page, 'diagnostics-fr-dark');
    await scheme(page, 'Clair');
    await page.getByText('EN', { exact: true }).click();
    await screenshot(page, 'diagnostics');
  });

  test('server information: reachable from the navigation for configure; figures, lazy chart, queues, tables; axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Server information').click();
    await expect(page.getByRole('heading', { name: 'Server information', level: 2 })).toBeVisible();
    await expect(page.getByTestId('server-info-computers')).toHaveText(String(N));
    await expect(page.getByTestId('server-info-version')).toContainText('MariaDB');
    await expect(page.getByTestId('server-info-packet')).toContainText('MiB');
    await expect(page.getByTestId('server-info-schema')).toContainText('OCS Desk');
    await expect(page.getByTestId('server-info-inventories-total')).toContainText(`${N} inventories`);
    await expect(
      page.getByTestId('server-info-chart').locator('path.recharts-rectangle').first(),
    ).toBeAttached();
    await expect(page.getByTestId('server-info-tables').locator('tr[data-table="hardware"]')).toBeVisible();
    await expect(page.getByTestId('server-info-comm-https')).toHaveAttribute('data-verdict', 'unset');
    await expectAccessible(page, 'server information EN light');
    await screenshot(page, 'server-info');
    await page.getByText('FR', { exact: true }).click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Informations serveur');
    await scheme(page, 'Sombre');
    await expectAccessible(page, 'server information FR dark');
    await screenshot(page, 'server-info-fr-dark');
  });
});
