import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, startShellWithoutCountWait, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAs, loginAsAdmin } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

test.describe.configure({ mode: 'serial' });

const nav = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true });

async function scheme(page: Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

const PARIS = { login: 'paris', password: plantedPassword('e2eParis') };

/** Rows as ocsreports' CVE cron (crontab/cron_cve.php) writes them: Firefox 115 on 3 computers, one in PARIS. */
async function seedCves(k: Knex): Promise<void> {
  await k('cve_search').insert([
    {
      PUBLISHER_ID: 2,
      NAME_ID: 11,
      VERSION_ID: 2,
      CVSS: 9.8,
      CVE: 'CVE-2023-0001',
      LINK: 'https://cve.example.invalid/1',
    },
    {
      PUBLISHER_ID: 2,
      NAME_ID: 11,
      VERSION_ID: 2,
      CVSS: 6.5,
      CVE: 'CVE-2023-0002',
      LINK: 'https://cve.example.invalid/2',
    },
    {
      PUBLISHER_ID: 3,
      NAME_ID: 12,
      VERSION_ID: 3,
      CVSS: 5.3,
      CVE: 'CVE-2022-0005',
      LINK: 'https://cve.example.invalid/5',
    },
  ]);
  await k('cve_search_history').insert([
    { FLAG_DATE: '2026-02-01 03:00:00', CVE_NB: 2, PUBLISHER_ID: 2 },
    { FLAG_DATE: '2026-02-01 03:04:00', CVE_NB: 1, PUBLISHER_ID: 3 },
  ]);
  await k('config').insert({ NAME: 'VULN_CVESEARCH_ENABLE', IVALUE: 1 });
}

test.describe('CVE', () => {
  let db = '';
  let k: Knex;

  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 1 });
    await k('hardware').insert([
      { ID: 1, DEVICEID: 'CVE1-2026', NAME: 'CVE-PC1' },
      { ID: 2, DEVICEID: 'CVE2-2026', NAME: 'CVE-PC2' },
      { ID: 3, DEVICEID: 'CVE3-2026', NAME: 'CVE-PC3' },
    ]);
    await k('accountinfo').insert([
      { HARDWARE_ID: 1, TAG: 'PARIS' },
      { HARDWARE_ID: 2, TAG: 'LYON' },
      { HARDWARE_ID: 3, TAG: 'LYON' },
    ]);
    await k('software_name').insert([
      { ID: 11, NAME: 'Mozilla Firefox' },
      { ID: 12, NAME: 'OpenSSL' },
    ]);
    await k('software_publisher').insert([
      { ID: 2, PUBLISHER: 'Mozilla' },
      { ID: 3, PUBLISHER: 'OpenSSL Project' },
    ]);
    await k('software_version').insert([
      { ID: 2, VERSION: '115.0.2' },
      { ID: 3, VERSION: '3.0.2' },
    ]);
    await k('software').insert([
      { HARDWARE_ID: 1, NAME_ID: 11, PUBLISHER_ID: 2, VERSION_ID: 2 },
      { HARDWARE_ID: 2, NAME_ID: 11, PUBLISHER_ID: 2, VERSION_ID: 2 },
      { HARDWARE_ID: 3, NAME_ID: 11, PUBLISHER_ID: 2, VERSION_ID: 2 },
      { HARDWARE_ID: 3, NAME_ID: 12, PUBLISHER_ID: 3, VERSION_ID: 3 },
    ]);
    // A Local admin restricted to PARIS (ocsreports' perimeter rows).
    await k('operators').insert({
      ID: PARIS.login,
      FIRSTNAME: 'Pa',
      LASTNAME: 'Ris',
      PASSWD: createHash('sha256').update(PARIS.password).digest('hex'),
      PASSWORD_VERSION: 2,
      ACCESSLVL: 1,
      NEW_ACCESSLVL: 'ladmin',
    });
    await k('tags').insert({ Login: PARIS.login, Tag: 'PARIS' });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('empty tables: says so, names the cron job and the option; then shows what the job stored', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await nav(page, 'Vulnerabilities (CVE)').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Vulnerabilities (CVE)' })).toBeVisible();
    const note = page.getByTestId('cve-status');
    await expect(note).toContainText('cve_search, cve_search_computer and cve_search_history are empty');
    await expect(note).toContainText('cron_cve.php');
    await expect(page.getByTestId('cve-enabled')).toHaveAttribute('data-enabled', 'false');
    await expect(page.getByTestId('cve-enabled')).toContainText('VULN_CVESEARCH_ENABLE');
    await expect(page.getByText('No vulnerable software matches.')).toBeVisible();
    // Home's top software counted every software row before: no word of that count on an empty list.
    await expect(page.getByTestId('cve-counts')).toHaveCount(0);
    await page.getByTestId('tab-computers').click();
    await expect(page.getByText('No computer with vulnerable software matches.')).toBeVisible();
    await expect(page.getByTestId('cve-computer-counts')).toHaveCount(0);
    await page.getByTestId('tab-software').click();
    await expectAccessible(page, 'cve empty');
    await screenshot(page, 'cve-empty-en-light');

    await seedCves(k);
    await page.reload();
    await expect(page.getByTestId('cve-status')).toHaveCount(0);
    const grid = page.getByRole('grid', { name: 'Vulnerable software' });
    const firefox = grid.locator('tr[data-name="Mozilla Firefox"]');
    await expect(firefox).toContainText('Critical 9.8');
    await expect(firefox).toContainText('115.0.2');
    await expect(firefox.locator('td').last()).toHaveText('3');
    await expect(grid.locator('tr[data-name="OpenSSL"]')).toContainText('Medium 5.3');

    // Severity filter (kept in the URL).
    await page.getByTestId('cve-severity').click();
    await page.getByRole('option', { name: 'Critical' }).click();
    await page.keyboard.press('Escape');
    await expect(grid.locator('tr[data-name]')).toHaveCount(1);
    await expect(page).toHaveURL(/severity=critical/);

    // The software's CVEs and its computers; a computer opens its detail, whose CVE tab lists them.
    await firefox.getByRole('button', { name: 'Details of Mozilla Firefox 115.0.2' }).click();
    const drawer = page.getByTestId('cve-drawer');
    const cves = drawer.getByRole('table', { name: 'CVEs of Mozilla Firefox 115.0.2' });
    await expect(cves.locator('tr[data-cve]')).toHaveCount(2);
    await expect(cves.locator('tr[data-cve="CVE-2023-0001"]')).toContainText('https://cve.example.invalid/1');
    // The id opens its NVD record in the system browser; the stored reference is only copied.
    await expect(
      cves.locator('tr[data-cve="CVE-2023-0001"]').getByRole('link', { name: 'CVE-2023-0001' }),
    ).toHaveAttribute('href', 'https://nvd.nist.gov/vuln/detail/CVE-2023-0001');
    const pcs = drawer.getByRole('table', { name: 'Computers with Mozilla Firefox 115.0.2' });
    await expect(pcs.locator('tr[data-computer]')).toHaveCount(3);
    await expectAccessible(page, 'cve drawer');
    await screenshot(page, 'cve-drawer-en-light');
    await pcs.getByRole('link', { name: 'Open CVE-PC3' }).click();
    await expect(page).toHaveURL(/\/computers\/3$/);
    await page.getByTestId('tab-cve').click();
    const section = page.getByRole('table', { name: "CVEs of this computer's software" });
    await expect(section.locator('tr[data-cve]')).toHaveCount(3);
    await expect(section.locator('tr[data-cve="CVE-2022-0005"]')).toContainText('OpenSSL');
    await expectAccessible(page, 'computer detail cve');

    await nav(page, 'Vulnerabilities (CVE)').click();
    await page.getByTestId('tab-history').click();
    const history = page.getByRole('grid', { name: 'CVE lookups per publisher' });
    await expect(history.locator('tbody tr').first()).toContainText('OpenSSL Project');
    await expectAccessible(page, 'cve history');
  });

  test('a TAG-restricted operator sees only the computers of its perimeter', async ({ page, shell }) => {
    test.setTimeout(120_000);
    await loginAs(page, shell, db, PARIS.login, PARIS.password);
    await nav(page, 'Vulnerabilities (CVE)').click();
    const grid = page.getByRole('grid', { name: 'Vulnerable software' });
    const firefox = grid.locator('tr[data-name="Mozilla Firefox"]');
    await expect(firefox.locator('td').last()).toHaveText('1');
    // OpenSSL is only on a LYON computer.
    await expect(grid.locator('tr[data-name="OpenSSL"]')).toHaveCount(0);
    await firefox.getByRole('button', { name: 'Details of Mozilla Firefox 115.0.2' }).click();
    const pcs = page.getByRole('table', { name: 'Computers with Mozilla Firefox 115.0.2' });
    await expect(pcs.locator('tr[data-computer]')).toHaveCount(1);
    await expect(pcs.locator('tr[data-computer="CVE-PC1"]')).toBeVisible();
    await page.keyboard.press('Escape');

    // By computer: only its own computer, in the grid and in the CSV.
    await page.getByTestId('tab-computers').click();
    const byPc = page.getByRole('grid', { name: 'Computers with vulnerable software' });
    await expect(byPc.locator('tr[data-name]')).toHaveCount(1);
    await expect(byPc.locator('tr[data-name="CVE-PC1"]')).toContainText('Critical 9.8');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('cve-csv-computers').click(),
    ]);
    expect(download.suggestedFilename()).toBe('vulnerable-computers.csv');
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('Computer,ID,TAG,Vulnerable software,CVEs,Highest CVSS,Severity');
    expect(csv.slice(1)).toHaveLength(1);
    expect(csv[1]).toMatch(/^CVE-PC1,1,PARIS,/);
    await expectAccessible(page, 'cve by computer, restricted');
  });

  test('one list or pages: the choice is the computers list one, both ways; by computer is paged', async ({
    page,
    shell,
  }) => {
    test.setTimeout(120_000);
    await loginAsAdmin(page, shell, db);
    await nav(page, 'Vulnerabilities (CVE)').click();
    // The lookup history reads by blocks (its route answers any offset with its total). By computer is
    // paged only: sorted by name its page comes before the tally of every computer (docs/cve.md).
    await page.getByTestId('tab-history').click();
    const grid = page.getByRole('grid', { name: 'CVE lookups per publisher' });
    await expect(grid.locator('tbody tr')).toHaveCount(2);
    // One list by default: the rows on screen, no pager.
    await expect(page.getByTestId('grid-range')).toHaveText('1-2 of 2');
    await expect(page.getByLabel('Rows per page')).toHaveCount(0);
    await page.getByTestId('grid-mode').getByText('Pages', { exact: true }).click();
    await expect(page.getByLabel('Rows per page')).toBeVisible();
    await expect(grid.locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('grid-range')).toHaveText('1-2 of 2');
    await expectAccessible(page, 'cve history, pages');

    // The computers list follows, and its own switch brings the CVE grid back to one list.
    await nav(page, 'Computers').click();
    await expect(page.getByRole('button', { name: 'Page 1' })).toBeVisible();
    await page.getByTestId('grid-mode').getByText('One list', { exact: true }).click();
    await expect(page.getByRole('button', { name: 'Page 1' })).toHaveCount(0);
    await nav(page, 'Vulnerabilities (CVE)').click();
    await page.getByTestId('tab-history').click();
    await expect(grid.locator('tbody tr')).toHaveCount(2);
    await expect(page.getByLabel('Rows per page')).toHaveCount(0);
    // Saved for the operator.
    await page.getByTestId('grid-mode').getByText('Pages', { exact: true }).click();
    await expect(page.getByLabel('Rows per page')).toBeVisible();
    await page.reload();
    await page.getByTestId('tab-history').click();
    await expect(page.getByLabel('Rows per page')).toBeVisible();
    await page.getByTestId('grid-mode').getByText('One list', { exact: true }).click();
    await expect(page.getByLabel('Rows per page')).toHaveCount(0);

    // By computer: pages, sorted by name at once, then by the tally's figures.
    await page.getByTestId('tab-computers').click();
    const pcs = page.getByRole('grid', { name: 'Computers with vulnerable software' });
    await expect(pcs.locator('tr[data-name]')).toHaveCount(3);
    await expect(page.getByLabel('Rows per page')).toBeVisible();
    await expect(page.getByTestId('cve-computer-counts')).toContainText('tallied at');
  });

  test('light and dark, English and French, accessible', async ({ page, shell }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    for (const lang of ['FR', 'EN'] as const) {
      await page.getByText(lang, { exact: true }).click();
      const label = lang === 'EN' ? 'Vulnerabilities (CVE)' : 'Vulnérabilités (CVE)';
      for (const s of ['Dark', 'Light'] as const) {
        await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
        await nav(page, label).click();
        await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
        await expect(page.locator('tr[data-name="Mozilla Firefox"]')).toBeVisible();
        await expectAccessible(page, `cve ${lang} ${s}`);
        await screenshot(page, `cve-${lang.toLowerCase()}-${s.toLowerCase()}`);
        await page.getByTestId('tab-computers').click();
        await expect(page.locator('tr[data-name="CVE-PC1"]')).toBeVisible();
        await expectAccessible(page, `cve by computer ${lang} ${s}`);
        await page.getByTestId('tab-software').click();
      }
    }
  });

  test('says the computers are being counted before the background count, then lists the software', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const shell = await startShellWithoutCountWait(page);
    try {
      await loginAsAdmin(page, shell, db);
      await nav(page, 'Vulnerabilities (CVE)').click();
      await expect(page.getByTestId('cve-counts')).toContainText(
        'Counting which software the computers you may see have, since',
      );
      await expect(
        page.getByText('Which of these software your computers have is being counted'),
      ).toBeVisible();
      await expectAccessible(page, 'cve while counting');
      // The list asks again every 3 s until the count has arrived.
      const grid = page.getByRole('grid', { name: 'Vulnerable software' });
      await expect(grid.locator('tr[data-name="Mozilla Firefox"] td').last()).toHaveText('3', {
        timeout: 30_000,
      });
      await expect(page.getByTestId('cve-counts')).toContainText('as counted at');
    } finally {
      shell.process.kill('SIGTERM');
    }
  });
});
