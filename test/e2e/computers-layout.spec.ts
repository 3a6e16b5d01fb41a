import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { ComputersGrid, expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, rpcFromPage, navLink } from './pages/session';

test.describe.configure({ mode: 'serial' });
// Two shared cores: logging in (password change) plus the seeded list can take over a minute.
test.setTimeout(180_000);

/** Records the header cells of the computers grid the first time it appears in the page. */
const RECORD_FIRST_HEADERS = `
  (() => {
    const w = window;
    const grab = () => {
      const g = document.querySelector('[data-testid="computers-grid"] [role="grid"]');
      const cells = g ? [...g.querySelectorAll('thead th')].map((c) => c.textContent.trim()) : [];
      if (cells.length && !w.__firstHeaders) w.__firstHeaders = cells;
    };
    new MutationObserver(grab).observe(document, { childList: true, subtree: true });
  })();
`;

test.describe('computers grid layout', () => {
  let db = '';
  let k: Knex;
  test.beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 30, seed: 5, batch: 30, concurrency: 1, baseDate: new Date() });
    // An accent in a name: what Excel mangles without a byte order mark.
    await k('hardware')
      .where({ ID: (await k('hardware').min({ id: 'ID' }))[0]!.id })
      .update({ USERID: 'hélène' });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('default columns fit a 1440 px window; CSV export starts with a UTF-8 BOM', async ({
    page,
    shell,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    const fit = await page.getByTestId('computers-grid').evaluate((el) => ({
      table: el.querySelector('table')!.getBoundingClientRect().width,
      room: el.clientWidth,
    }));
    expect(fit.table).toBeLessThanOrEqual(fit.room);
    await expectAccessible(page, 'computers list at 1440 px');
    await screenshot(page, 'computers-1440');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const bytes = await readFile(await (await download).path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('hélène');
  });

  test("the operator's saved columns are the first ones drawn (no default layout swapped later)", async ({
    page,
    shell,
  }) => {
    await loginAsAdmin(page, shell, db);
    const saved = await rpcFromPage(page, 'computers.setGridPrefs', {
      columns: ['hardware.NAME', 'hardware.IPADDR', 'hardware.USERID'],
      pageSize: 25,
      sort: null,
      widths: {},
    });
    expect(saved.ok).toBe(true);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    await page.addInitScript(RECORD_FIRST_HEADERS);
    await page.reload();
    await grid.expectRows();
    const first = await page.evaluate(
      () => (globalThis as unknown as { __firstHeaders?: string[] }).__firstHeaders,
    );
    const now = await grid.grid.getByRole('columnheader').allTextContents();
    expect(first).toEqual(now.map((s) => s.trim()));
    expect(first).toContain('Computer name');
    expect(first).not.toContain('Operating system');
  });
});
