import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });

async function configRow(db: string, name: string) {
  const k = await createPool(rootParams(db), { max: 1 });
  try {
    return (await k('config').select('NAME', 'IVALUE', 'TVALUE').where('NAME', name)) as Array<{
      NAME: string;
      IVALUE: number | null;
      TVALUE: string | null;
    }>;
  } finally {
    await k.destroy();
  }
}

test.describe('General options', () => {
  let db = '';
  test.beforeAll(async () => {
    db = await createOcsDb();
  });
  test.afterAll(async () => {
    if (db) await dropDb(db);
  });

  test('an admin changes FREQUENCY and AUTO_DUPLICATE_LVL; a reload shows them and the rows are right', async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'General options').click();
    const inventory = page.getByTestId('options-inventory');
    await expect(inventory).toBeVisible();
    await expect(page.getByTestId('source-FREQUENCY')).toHaveText('Set in database');
    await expectAccessible(page, 'general options');

    // FREQUENCY: every 5 days.
    await page.getByTestId('frequency-mode').getByText('Every N days').click();
    await page.getByRole('textbox', { name: 'Days between inventories' }).fill('5');
    // AUTO_DUPLICATE_LVL (seed 7): drop the serial number, add the UUID -> 1 + 4 + 16 = 21.
    await page.getByTestId('tab-duplicates').click();
    await expect(page.getByRole('checkbox', { name: 'Serial number (2)' })).toBeChecked();
    await page.getByRole('checkbox', { name: 'Serial number (2)' }).uncheck();
    await page.getByRole('checkbox', { name: 'UUID (16)' }).check();
    // And put TRACE_DELETED back to its default (deletes the row).
    await page.getByRole('button', { name: 'Back to default: TRACE_DELETED' }).click();
    await expect(page.getByTestId('tab-duplicates')).toHaveText('Duplicates (2)');
    await expect(page.getByTestId('tab-inventory')).toHaveText('Inventory (1)');

    await page.getByTestId('options-save').click();
    const diff = page.getByTestId('options-diff');
    await expect(diff).toContainText('FREQUENCY');
    await expect(diff).toContainText('Every 5 days');
    await expect(diff).toContainText('Host name + MAC address + UUID (21)');
    await expect(diff).toContainText('Default (Off)');
    // The dialog fades in; axe must not measure contrast half-way through the transition.
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect
      .poll(() =>
        page
          .locator('.mantine-Modal-content')
          .evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).opacity),
      )
      .toBe('1');
    await expect
      .poll(() =>
        page
          .locator('.mantine-Modal-overlay')
          .evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).opacity),
      )
      .toBe('1');
    await expectAccessible(page, 'general options save summary');
    await screenshot(page, 'options-save-summary');
    await page.getByTestId('options-confirm').click();
    await expect(page.getByText('3 options saved.')).toBeVisible();

    await page.reload();
    await page.getByTestId('tab-duplicates').click();
    await expect(page.getByRole('checkbox', { name: 'UUID (16)' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Serial number (2)' })).not.toBeChecked();
    await expect(page.getByTestId('source-TRACE_DELETED')).toHaveText('Default');
    await page.getByTestId('tab-inventory').click();
    await expect(page.getByRole('textbox', { name: 'Days between inventories' })).toHaveValue('5');
    await screenshot(page, 'options-inventory');

    expect(await configRow(db, 'FREQUENCY')).toEqual([{ NAME: 'FREQUENCY', IVALUE: 5, TVALUE: '' }]);
    expect(await configRow(db, 'AUTO_DUPLICATE_LVL')).toEqual([
      { NAME: 'AUTO_DUPLICATE_LVL', IVALUE: 21, TVALUE: '' },
    ]);
    expect(await configRow(db, 'TRACE_DELETED')).toEqual([]);
  });
});
