import AxeBuilder from '@axe-core/playwright';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

test.describe('operators', () => {
  let db = '';
  let k: Knex;
  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 1 });
    await k('operators').insert({
      ID: 'leaving',
      PASSWD: createHash('sha256').update('Leaving-e2e-2026').digest('hex'),
      PASSWORD_VERSION: 2,
      ACCESSLVL: 1,
      NEW_ACCESSLVL: 'read-only',
    });
  });
  const count = async () => Number((await k('operators').where({ ID: 'leaving' }).count({ n: '*' }))[0]?.n);
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('delete asks in an accessible dialog (no native confirm), Cancel keeps the operator', async ({
    page,
    shell,
  }) => {
    const native: string[] = [];
    page.on('dialog', (d) => {
      native.push(d.message());
      void d.dismiss();
    });
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Operators').click();
    await expect(page.getByRole('button', { name: 'Delete leaving' })).toBeVisible();
    await expectAccessible(page, 'operators page');
    await page.getByRole('button', { name: 'Delete leaving' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Delete the operator "leaving"?');
    // The dialog alone: behind the overlay, the weak-hash alert's colours are dimmed on purpose. The modal
    // fades in; axe must not read a half-transparent button's contrast.
    await expect(async () => {
      const r = await new AxeBuilder({ page })
        .include('[role="dialog"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(r.violations.map((v) => v.id)).toEqual([]);
    }).toPass({ timeout: 5_000 });
    await screenshot(page, 'operator-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await count()).toBe(1);
    await page.getByRole('button', { name: 'Delete leaving' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Delete leaving' })).toHaveCount(0);
    expect(await count()).toBe(0);
    expect(native).toEqual([]);
  });
});
