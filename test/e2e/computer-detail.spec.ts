import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

/** The computer detail against ocsreports 2.11: labelled sections with units, MAC vendors, own settings. */
test.describe('computer detail sections', () => {
  let db = '';
  let k: Knex;
  let id = 0;

  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    const [hid] = await k('hardware').insert({
      DEVICEID: 'detail-e2e-2026-12-01-10-00-00',
      NAME: 'detail-e2e',
      OSNAME: 'Debian GNU/Linux 12',
      LASTDATE: '2026-12-01 10:00:00',
      LASTCOME: '2026-12-01 10:00:00',
      TYPE: 0,
      SSTATE: 0,
      ETIME: '2026-12-01 10:00:00',
    });
    id = Number(hid);
    await k('accountinfo').insert({ HARDWARE_ID: id, TAG: 'LAB' });
    await k('storages').insert({
      HARDWARE_ID: id,
      NAME: 'sda',
      MODEL: 'Samsung SSD 870',
      DISKSIZE: 476940,
      TYPE: 'disk',
    });
    await k('networks').insert({
      HARDWARE_ID: id,
      DESCRIPTION: 'eth0',
      TYPEMIB: 'ethernetCsmacd',
      MACADDR: '00:50:56:aa:bb:cc',
      IPADDRESS: '127.1.2.3',
      STATUS: 'Up',
      VIRTUALDEV: 0,
    });
    await k.raw("SET SESSION sql_mode = ''");
    await k('drives').insert({
      HARDWARE_ID: id,
      LETTER: '/',
      TYPE: 'ext4',
      TOTAL: 100000,
      FREE: 25000,
      CREATEDATE: '0000-00-00',
    });
    await k('virtualmachines').insert({
      HARDWARE_ID: id,
      NAME: 'web-1',
      STATUS: 'running',
      SUBSYSTEM: 'kvm',
      VCPU: 2,
      MEMORY: 4096,
    });
    await k('devices').insert({ HARDWARE_ID: id, NAME: 'FREQUENCY', IVALUE: 3 });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('labels, units, vendors and the own-settings marker, EN/FR, light/dark', async ({ page, shell }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, db);
    await page.goto(`${shell.origin}/computers/${id}`);
    await expect(page.getByTestId('computer-name')).toHaveText('detail-e2e');
    await expect(page.getByTestId('own-settings')).toHaveText('Own setting');
    // Hardware: labels only, none of the server's bookkeeping columns (TYPE, SSTATE, ETIME) raw.
    const hardware = page.getByRole('table', { name: 'Hardware' });
    await expect(hardware.getByRole('rowheader', { name: 'Operating system' })).toBeVisible();
    for (const raw of ['TYPE', 'SSTATE', 'ETIME'])
      await expect(hardware.getByRole('rowheader', { name: raw, exact: true })).toHaveCount(0);

    await page.getByRole('tab', { name: /Storage/ }).click();
    const storage = page.getByRole('table', { name: 'Storage' });
    await expect(storage.getByRole('columnheader', { name: 'Disk size (MB)' })).toBeVisible();
    await expect(storage.getByRole('cell', { name: '476,940' })).toBeVisible();
    await expect(storage.getByText('DISKSIZE')).toHaveCount(0);

    await page.getByRole('tab', { name: /Networks/ }).click();
    const net = page.getByRole('table', { name: 'Networks' });
    await expect(net.getByRole('columnheader', { name: 'MAC address' })).toBeVisible();
    await expect(net.getByRole('columnheader', { name: 'Interface type (MIB)' })).toBeVisible();
    await expect(net.locator('[data-mac-vendor]')).toHaveText('(VMware)');

    await page.getByRole('tab', { name: /Drives/ }).click();
    const drives = page.getByRole('table', { name: 'Drives' });
    await expect(drives.getByRole('columnheader', { name: 'Free space (MB)' })).toBeVisible();
    await expect(drives.getByText('0000-00-00')).toHaveCount(0);
    await expect(drives.getByRole('columnheader', { name: 'Created' })).toHaveCount(0);

    await page.getByRole('tab', { name: /Virtual machines/ }).click();
    await expect(page.getByRole('columnheader', { name: 'Memory (MB)' })).toBeVisible();

    await page.getByRole('tab', { name: 'Show everything' }).click();
    await expectAccessible(page, 'computer detail (light, EN)');
    await screenshot(page, 'computer-detail-en-light');

    await page.locator('label', { hasText: /^Dark$/ }).click();
    await page.locator('label', { hasText: /^FR$/ }).click();
    await expect(page.getByTestId('own-settings')).toHaveText('Paramètre propre');
    await expect(page.getByRole('columnheader', { name: 'Taille du disque (MB)' })).toBeVisible();
    await expect(page.getByRole('cell', { name: '476\u202f940' })).toBeVisible();
    await expectAccessible(page, 'computer detail (dark, FR)');
    await screenshot(page, 'computer-detail-fr-dark');

    // the marker leads to the settings tab
    await page.getByTestId('own-settings').click();
    await expect(page.getByRole('tab', { name: 'Paramètres' })).toHaveAttribute('aria-selected', 'true');
  });

  test('IP discovery: the MAC vendor list and its refresh', async ({ page, shell }) => {
    test.setTimeout(120_000);
    await loginAsAdmin(page, shell, db);
    await page.getByRole('link', { name: 'IP discovery' }).click();
    await page.getByTestId('tab-vendors').click();
    await expect(page.getByTestId('mac-vendors-status')).toContainText('Shipped list');
    await page.locator('[data-testid="mac-vendors"] input[type=file]').setInputFiles({
      name: 'nothing.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('no prefixes in here'),
    });
    await expect(page.getByRole('alert')).toContainText('holds no MAC prefix');
    await page.locator('[data-testid="mac-vendors"] input[type=file]').setInputFiles({
      name: 'oui.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Registry,Assignment,Organization Name,Organization Address\nMA-L,005056,"Example, Inc.",Here\n',
      ),
    });
    await expect(page.getByTestId('mac-vendors-status')).toContainText('Your list: 1 prefixes');
    await expectAccessible(page, 'MAC vendors');
    await screenshot(page, 'ipdiscover-mac-vendors');
    await page.getByRole('button', { name: 'Back to the shipped list' }).click();
    await expect(page.getByTestId('mac-vendors-status')).toContainText('Shipped list');
  });
});
