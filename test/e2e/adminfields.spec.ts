import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });

test.describe('Admin info fields and label', () => {
  let db = '';
  let k: Knex;

  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await k('hardware').insert({
      ID: 7,
      DEVICEID: 'desk-07-2026',
      NAME: 'DESK-07',
      OSNAME: 'Debian GNU/Linux 12',
    });
    await k('accountinfo').insert({ HARDWARE_ID: 7, TAG: 'PARIS' });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('create a select field with two choices, use it on a computer, set the label', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Admin info fields').click();
    const table = page.getByTestId('fields-table');
    await expect(table.locator('[data-field="TAG"]')).toBeVisible();
    await expectAccessible(page, 'admin info fields');

    await page.getByRole('button', { name: 'New field' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Site');
    await dialog.getByRole('textbox', { name: 'Label' }).fill('Office site');
    await dialog.getByLabel('Type', { exact: true }).click();
    await page.getByRole('option', { name: 'Drop-down list' }).click();
    await dialog.getByRole('textbox', { name: 'Choice 1' }).fill('Lab');
    await dialog.getByRole('button', { name: 'Add a choice' }).click();
    await dialog.getByRole('textbox', { name: 'Choice 2' }).fill('Office');
    await expectAccessible(page, 'new field dialog');
    await screenshot(page, 'adminfields-create');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Field Site created.')).toBeVisible();
    const row = table.locator('[data-field="Site"]');
    await expect(row).toContainText('Lab, Office');

    const cfg = (await k('accountinfo_config').where({ NAME: 'Site' }).first()) as {
      ID: number;
      TYPE: number;
    };
    expect(cfg.TYPE).toBe(2);
    const column = `fields_${cfg.ID}`;
    expect(await k.schema.hasColumn('accountinfo', column)).toBe(true);

    // the label (TAG question) card
    await page.getByRole('textbox', { name: 'Label text' }).fill('Type your office code');
    await page.getByRole('button', { name: 'Save label' }).click();
    await expect(page.getByText('Label saved.')).toBeVisible();
    const label = (await k('deploy').where({ NAME: 'label' }).first()) as { CONTENT: Buffer };
    expect(Buffer.from(label.CONTENT).toString('utf8')).toBe('Type your office code');
    await expectAccessible(page, 'admin info fields with the new field');
    await screenshot(page, 'adminfields');

    // the computer's admin data form offers the new field with its two choices
    await page.goto(`${shell.origin}/computers/7`);
    await expect(page.getByTestId('computer-name')).toBeVisible();
    await page.getByRole('tab', { name: 'Admin data' }).click();
    const form = page.getByTestId('admin-form');
    await form.getByLabel('Office site', { exact: true }).click();
    await expect(page.getByRole('option', { name: 'Lab' })).toBeVisible();
    await page.getByRole('option', { name: 'Office' }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Admin data saved.')).toBeVisible();
    const acc = (await k('accountinfo').where({ HARDWARE_ID: 7 }).first()) as Record<string, unknown>;
    expect(acc[column]).toBe('2');
    await expectAccessible(page, 'admin data form with the new field');
    await screenshot(page, 'adminfields-computer');
  });
});
