import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOcsDb, dropDb } from '../helpers/db';
import { SEED, seedIpdiscover } from '../helpers/ipdiscover-seed';
import { CLASS_HOSTS, createTestHosts, netnsUnavailableReason, type TestHosts } from '../helpers/netns';
import { expect, screenshot, test } from './fixtures';
import { loginAsAdmin, navLink } from './pages/session';
import type { Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const netnsSkip = netnsUnavailableReason();

async function openIpdiscover(page: Page): Promise<void> {
  await navLink(page, 'IP discovery').click();
  await expect(page.getByTestId('networks-table')).toBeVisible();
}

function count(page: Page, netId: string, kind: string) {
  return page.locator(`[data-netid="${netId}"] [data-count="${kind}"]`);
}

test.describe('IP discovery screens', () => {
  let db = '';
  let hosts: TestHosts | null = null;
  const configDir = mkdtempSync(path.join(tmpdir(), 'ocsdesk-e2e-ipd-'));

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // the web shell (started per test from process.env) keeps its analysis cache here
    process.env.OCS_DESK_CONFIG_DIR = configDir;
    db = await createOcsDb();
    if (!netnsSkip) {
      hosts = await createTestHosts(CLASS_HOSTS);
    }
    await seedIpdiscover(db);
  });
  test.afterAll(async () => {
    await hosts?.cleanup();
    if (db) await dropDb(db);
    rmSync(configDir, { recursive: true, force: true });
  });

  test('networks show the counts of the seeded database, with the lists behind them', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await openIpdiscover(page);
    await expect(count(page, SEED.lab, 'inventoried')).toHaveText('2');
    await expect(count(page, SEED.lab, 'nonInventoried')).toHaveText('3');
    await expect(count(page, SEED.lab, 'agents')).toHaveText('1');
    await expect(count(page, SEED.lab, 'identified')).toHaveText('1');
    await expect(page.locator(`[data-netid="${SEED.lab}"]`)).toContainText('Lab');
    await expect(page.locator(`[data-netid="${SEED.lab}"]`)).toContainText('40%');
    await expect(count(page, SEED.other, 'nonInventoried')).toHaveText('1');
    await count(page, SEED.lab, 'inventoried').click();
    await expect(page.getByTestId('network-list')).toContainText('PC1');
    await expect(page.getByTestId('network-list')).toContainText('PC2');
    await screenshot(page, 'ipdiscover-networks');
  });

  test('registering a device moves it from non-inventoried to identified', async ({ page, shell }) => {
    await loginAsAdmin(page, shell, db);
    await openIpdiscover(page);
    await count(page, SEED.lab, 'nonInventoried').click();
    const mac = SEED.nonInventoried[0]!;
    const row = page.locator(`[data-testid="network-list"] [data-mac="${mac}"]`);
    await row.getByRole('button', { name: 'Register' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a device' });
    await dialog.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Switch', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Core switch');
    await screenshot(page, 'ipdiscover-register');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toBeHidden();
    await expect(count(page, SEED.lab, 'nonInventoried')).toHaveText('2');
    await expect(count(page, SEED.lab, 'identified')).toHaveText('2');
    await count(page, SEED.lab, 'identified').click();
    const identified = page.locator(
      `[data-testid="network-list"][data-kind="identified"] [data-mac="${mac}"]`,
    );
    await expect(identified).toContainText('Core switch');
    await expect(identified).toContainText('admin');
  });

  test('analysis of the namespace hosts classifies them, with a progress bar', async ({ page, shell }) => {
    test.skip(!!netnsSkip, `network namespaces unavailable: ${netnsSkip}`);
    test.setTimeout(150_000);
    const h = hosts!.hosts;
    await loginAsAdmin(page, shell, db);
    await openIpdiscover(page);
    await page.getByTestId('tab-analysis').click();
    await expect(page.getByTestId('tools-status')).toContainText('nmap 7');
    const targets = [h.ssh!.ip, h.smb!.ip, h.printer!.ip, h.empty!.ip, h.empty!.absentIp].join('\n');
    await page.getByTestId('analysis-targets').fill(targets);
    await page.getByTestId('analysis-start').click();
    const bar = page.getByRole('progressbar', { name: 'Analysis' });
    await expect(bar).toBeVisible();
    await screenshot(page, 'ipdiscover-analysis-running');
    const table = page.getByTestId('analysis-table');
    await expect(table).toBeVisible({ timeout: 120_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    const cls = (ip: string) => table.locator(`tr[data-ip="${ip}"]`);
    await expect(cls(h.ssh!.ip)).toHaveAttribute('data-class', 'unix');
    await expect(cls(h.smb!.ip)).toHaveAttribute('data-class', 'windows');
    await expect(cls(h.printer!.ip)).toHaveAttribute('data-class', 'network');
    await expect(cls(h.empty!.ip)).toHaveAttribute('data-class', 'phantom');
    await expect(cls(h.empty!.absentIp)).toHaveAttribute('data-class', 'phantom');
    await expect(cls(h.smb!.ip)).toContainText('WINBOX');
    await expect(cls(h.smb!.ip)).toContainText('135/msrpc');
    await expect(cls(h.ssh!.ip)).toContainText('port 22 (SSH) open');
    await screenshot(page, 'ipdiscover-analysis');
  });
});
