import { GROUP_DEVICEIDS } from '../../src-main/platform/ocs/scope';
import { expect, screenshot, test } from './fixtures';
import { useOcsDb } from './ocs-db';
import { ComputersGrid, expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

/** More than ten blocks of 200 rows: the end and the middle of the list are blocks never fetched first. */
const N = 2500;

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

/** Picks a colour scheme by its label in the header (it follows the language). */
async function scheme(page: import('@playwright/test').Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

test.describe('computers grid: one virtual list over the whole result', () => {
  const fleet = useOcsDb({ computers: N, seed: 19, batch: 250, timeout: 240_000 });

  /** Computer IDs in the grid's order, straight from SQL. */
  const sqlOrder = async (column: 'LASTDATE' | 'NAME', dir: 'asc' | 'desc'): Promise<number[]> =>
    (
      await fleet
        .k('hardware')
        .whereNotIn('DEVICEID', [...GROUP_DEVICEIDS])
        .orderBy(column, dir)
        .orderBy('ID', dir)
        .pluck('ID')
    ).map(Number);

  test('scrolls to the end and the middle, keeps selection across blocks and sorts, pages on request', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    const byDate = await sqlOrder('LASTDATE', 'desc');
    expect(byDate).toHaveLength(N);
    await loginAsAdmin(page, shell, fleet.db);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    const body = page.getByTestId('computers-grid');
    /** The row at a 0-based position of the result, once its block is there. */
    const rowAt = (i: number) => grid.grid.locator(`tbody tr[aria-rowindex="${i + 2}"]`);
    const expectRow = async (i: number, id: number) =>
      expect(rowAt(i)).toHaveAttribute('data-id', String(id), { timeout: 20_000 });

    await grid.expectRows();
    await expectRow(0, byDate[0]!);
    expect(await grid.total()).toBe(N);
    await expect(grid.grid).toHaveAttribute('aria-rowcount', String(N + 1));
    // The list is as tall as the whole result, not as a page.
    expect(await body.evaluate((el) => el.scrollHeight)).toBeGreaterThan(N * 30);

    // Keyboard: End goes to the last computer (its block fetched on the way), Home back to the first.
    await grid.grid.focus();
    await page.keyboard.press('End');
    await expectRow(N - 1, byDate[N - 1]!);
    await expect(rowAt(N - 1)).toHaveAttribute('data-active', 'true');
    await expect(page.getByTestId('grid-range')).toContainText(`of ${N.toLocaleString('en')}`);
    // The last row selected: its block is far from the first one.
    await rowAt(N - 1)
      .getByRole('checkbox')
      .check();
    await grid.grid.focus();
    await page.keyboard.press('Home');
    await expectRow(0, byDate[0]!);
    await rowAt(0).getByRole('checkbox').check();
    await expect(page.getByTestId('selection-banner')).toContainText('2 selected');
    // PageDown moves by a screen of rows, ArrowDown by one.
    await grid.grid.focus();
    await page.keyboard.press('PageDown');
    const paged = Number(await grid.grid.locator('tbody tr[data-active]').getAttribute('aria-rowindex'));
    expect(paged).toBeGreaterThan(5);
    await page.keyboard.press('ArrowDown');
    await expect(grid.grid.locator('tbody tr[data-active]')).toHaveAttribute(
      'aria-rowindex',
      String(paged + 1),
    );

    // A jump to the middle (scrollbar): the row there is the SQL's row there.
    const mid = Math.floor(N / 2);
    await body.evaluate((el, top) => (el.scrollTop = top), mid * 36);
    await expectRow(mid, byDate[mid]!);

    // Sort by name: back to the top, the order is the SQL's, the selection is kept (by computer ID).
    await grid.header('Computer name').getByRole('button').click();
    await expect(grid.header('Computer name')).toHaveAttribute('aria-sort', 'ascending');
    const byName = await sqlOrder('NAME', 'asc');
    await expectRow(0, byName[0]!);
    expect(await body.evaluate((el) => el.scrollTop)).toBe(0);
    await expect(page.getByTestId('selection-banner')).toContainText('2 selected');
    await grid.grid.focus();
    await page.keyboard.press('End');
    await expectRow(N - 1, byName[N - 1]!);
    for (const id of [byDate[0]!, byDate[N - 1]!]) {
      const at = byName.indexOf(id);
      await body.evaluate((el, top) => (el.scrollTop = top), Math.max(0, at - 3) * 36);
      await expect(grid.grid.locator(`tbody tr[data-id="${id}"]`)).toHaveAttribute('aria-selected', 'true');
    }

    // "All" is the filter, said in the banner, with the exact count.
    await grid.grid.getByRole('checkbox', { name: 'Select every computer matching this filter' }).check();
    await expect(page.getByTestId('selection-banner')).toContainText(
      `All ${N.toLocaleString('en')} computers matching this filter are selected`,
    );
    await expect(page.getByRole('button', { name: /^Actions/ })).toContainText(N.toLocaleString('en'));
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expect(page.getByTestId('selection-banner')).toHaveCount(0);

    // Accessible in both languages and schemes, placeholders included.
    await body.evaluate((el) => (el.scrollTop = el.scrollHeight / 3));
    for (const lang of ['EN', 'FR'] as const) {
      await page.getByText(lang, { exact: true }).click();
      for (const s of ['Light', 'Dark'] as const) {
        await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
        await expect(grid.grid.or(page.getByRole('grid', { name: 'Ordinateurs' }))).toBeVisible();
        await expectAccessible(page, `computers list, one list, ${lang} ${s}`);
      }
    }
    await scheme(page, 'Clair');
    await page.getByText('EN', { exact: true }).click();
    await screenshot(page, 'computers-one-list');

    // Pages stay an option: page 2 starts at the 51st computer of the current sort.
    await grid.mode('Pages');
    await expect(page.getByRole('button', { name: 'Page 2' })).toBeVisible();
    await expect(grid.rows().first()).toHaveAttribute('data-id', String(byName[0]));
    await expect(grid.grid).toHaveAttribute('aria-rowcount', String(N + 1));
    await page.getByRole('button', { name: 'Page 2' }).click();
    await expect(grid.rows().first()).toHaveAttribute('aria-rowindex', '52');
    await expect(grid.rows().first()).toHaveAttribute('data-id', String(byName[50]));
    await expect(page.getByTestId('grid-range')).toContainText(`51-100 of ${N.toLocaleString('en')}`);
    // The choice is the operator's: it stays after a reload.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Page 2' })).toBeVisible();
    await grid.mode('One list');
    await expectRow(0, byName[0]!);
    // A fresh load: the first block is the one boot.js asked for before the bundle ran (its answer taken).
    const counts: string[] = [];
    const noteCount = (r: { postData(): string | null }) => {
      const route = /"route":"(computers\.(?:count|total))"/.exec(r.postData() ?? '')?.[1];
      if (route) counts.push(route);
    };
    page.on('request', noteCount);
    await page.reload();
    await expectRow(0, byName[0]!);
    await expect(page.getByTestId('computers-total')).toHaveText(`(${N.toLocaleString('en')})`);
    page.off('request', noteCount);
    // The title, the grid's total and the index proposal share one count of the fleet (issue 22: it was
    // counted twice, computers.count and computers.total).
    expect(counts).toEqual(['computers.total']);
    const left = await page.evaluate(() => {
      const boot = (globalThis as unknown as { __ocsDeskBoot?: { calls: Record<string, unknown> } })
        .__ocsDeskBoot;
      return boot ? Object.keys(boot.calls) : null;
    });
    expect(left).not.toBeNull();
    expect(left!.filter((key) => key.startsWith('computers.list '))).toEqual([]);
    // boot.js also asked for the page's own chunks (scripts/vite-boot-script.ts), and the page's import
    // used those very files: each fetched once, the page chunk among them.
    const files = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { querySelectorAll(s: string): ArrayLike<{ href: string }> };
        performance: { getEntriesByType(t: string): Array<{ name: string }> };
      };
      return {
        preloaded: Array.from(g.document.querySelectorAll('link[rel=modulepreload]')).map((l) => l.href),
        fetched: g.performance.getEntriesByType('resource').map((r) => r.name),
      };
    });
    const pageChunk = files.fetched.filter((f) => /\/assets\/computers-page-[\w-]+\.js$/.test(f));
    expect(pageChunk).toHaveLength(1);
    expect(files.preloaded).toContain(pageChunk[0]);
    for (const f of files.preloaded)
      expect(
        files.fetched.filter((x) => x === f),
        f,
      ).toHaveLength(1);
  });

  test('all matching except a few: unticked rows leave the selection, and the action skips exactly them', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, fleet.db);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    const rowAt = (i: number) => grid.grid.locator(`tbody tr[aria-rowindex="${i + 2}"]`);
    const idAt = async (i: number) => Number(await rowAt(i).getAttribute('data-id'));

    const all = grid.grid.getByRole('checkbox', { name: 'Select every computer matching this filter' });
    await all.check();
    const banner = page.getByTestId('selection-banner');
    await expect(banner).toContainText(
      `All ${N.toLocaleString('en')} computers matching this filter are selected`,
    );
    // Untick two rows: still a filter selection, less those two (said in the banner and on Actions).
    const out = [await idAt(1), await idAt(3)];
    for (const i of [1, 3]) await rowAt(i).getByRole('checkbox').uncheck();
    await expect(rowAt(1)).toHaveAttribute('aria-selected', 'false');
    await expect(rowAt(2)).toHaveAttribute('aria-selected', 'true');
    await expect(banner).toContainText(`${(N - 2).toLocaleString('en')} selected (all matching except 2)`);
    await expect(page.getByRole('button', { name: /^Actions/ })).toContainText((N - 2).toLocaleString('en'));
    // The header box reads "partly" and one row ticked back leaves the exclusions.
    await expect(all).toHaveAttribute('data-indeterminate', 'true');
    await rowAt(3).getByRole('checkbox').check();
    await expect(banner).toContainText(`${(N - 1).toLocaleString('en')} selected (all matching except 1)`);
    await rowAt(3).getByRole('checkbox').uncheck();
    await expect(banner).toContainText(`${(N - 2).toLocaleString('en')} selected (all matching except 2)`);
    await screenshot(page, 'computers-all-except');
    await expectAccessible(page, 'computers list, all matching except two');

    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: /Set TAG/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /New value/ }).fill('E2E-EXCEPT');
    await dialog.getByRole('button', { name: `Apply to ${(N - 2).toLocaleString('en')} computers` }).click();
    await expect(dialog.getByTestId('mass-result')).toHaveText(`${N - 2} computers updated.`, {
      timeout: 60_000,
    });
    const tagged = (await fleet.k('accountinfo').where('TAG', 'E2E-EXCEPT').pluck('HARDWARE_ID')).map(Number);
    expect(tagged).toHaveLength(N - 2);
    expect(tagged.filter((id) => out.includes(id))).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(banner).toHaveCount(0);
  });
});
