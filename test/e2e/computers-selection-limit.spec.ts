import type { Page } from '@playwright/test';
import { SELECTION_MAX_IDS } from '../../shared/contract/computers';
import { expect, screenshot, test } from './fixtures';
import { useOcsDb } from './ocs-db';
import { ComputersGrid, expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink } from './pages/session';

/** Just past the limit: the 10,001st computer can be unticked only if the grid lets it. */
const N = SELECTION_MAX_IDS + 5;

test.describe.configure({ mode: 'serial' });

/**
 * Unticks `n` more rows of the grid in the page itself (a click on each row's box, as a user's, but
 * without a round trip per row), scrolling down as the rows run out and waiting for each new block.
 * Resolves with the number unticked (fewer when the grid refuses).
 */
async function untick(page: Page, n: number): Promise<number> {
  return page.evaluate(async (want) => {
    const g = globalThis as unknown as {
      document: {
        querySelector(s: string): {
          scrollTop: number;
          clientHeight: number;
          querySelectorAll(s: string): ArrayLike<{ click(): void; checked: boolean }>;
        };
      };
      requestAnimationFrame(f: () => void): void;
    };
    const el = g.document.querySelector('[data-testid="computers-grid"]');
    const frame = () => new Promise<void>((r) => g.requestAnimationFrame(() => r()));
    let done = 0;
    let idle = 0;
    while (done < want) {
      const boxes = Array.from(el.querySelectorAll('tbody tr[data-id] input[type="checkbox"]')).filter(
        (b) => b.checked,
      );
      if (!boxes.length) {
        // Rows of a block not fetched yet (placeholders) or all unticked here: scroll on and wait.
        if (idle++ % 20 === 0) el.scrollTop += el.clientHeight;
        if (idle > 3000) break;
        await frame();
        continue;
      }
      idle = 0;
      const before = done;
      for (const b of boxes) {
        if (done >= want) break;
        b.click();
        if (!b.checked) done++;
      }
      if (done === before) break; // refused
    }
    return done;
  }, n);
}

test.describe('computers grid: "all matching except a few" says its limit before it is reached', () => {
  const fleet = useOcsDb({
    setup: async (k) => {
      // Bare computers, enough of them to pass the limit (the demo generator would take minutes here).
      await k.raw(
        `INSERT INTO hardware (DEVICEID, NAME, OSNAME, LASTDATE, LASTCOME)
         SELECT CONCAT('LIMIT-', seq, '-2026-12-01-10-00-00'), CONCAT('LIMIT-', LPAD(seq, 5, '0')),
                'Debian GNU/Linux 12', NOW(), NOW()
         FROM seq_1_to_${N}`,
      );
      await k.raw("INSERT INTO accountinfo (HARDWARE_ID, TAG) SELECT ID, 'LIMIT' FROM hardware");
    },
  });

  test('warns from 9,000 unticked, refuses the 10,001st with what to do instead (EN, FR, axe)', async ({
    page,
    shell,
  }) => {
    test.setTimeout(600_000);
    await loginAsAdmin(page, shell, fleet.db);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    expect(await grid.total()).toBe(N);
    await grid.grid.getByRole('checkbox', { name: 'Select every computer matching this filter' }).check();
    const banner = page.getByTestId('selection-banner');
    const limit = page.getByTestId('selection-limit');
    await expect(banner).toContainText(`All ${N.toLocaleString('en')} computers matching this filter`);
    await expect(limit).toHaveCount(0);

    // Up to 9,000 unticked: said as the count of what is left before the limit.
    const warnFrom = SELECTION_MAX_IDS - 1_000;
    expect(await untick(page, warnFrom - 1)).toBe(warnFrom - 1);
    await expect(banner).toContainText(`(all matching except ${(warnFrom - 1).toLocaleString('en')})`);
    await expect(limit).toHaveCount(0);
    expect(await untick(page, 1)).toBe(1);
    await expect(limit).toHaveText(
      'You can untick 1,000 more computers: a selection of all matching computers leaves out at most 10,000. To leave out more, narrow the search instead.',
    );
    await expectAccessible(page, 'computers list, 9,000 unticked, limit near');

    // At 10,000 the banner says no other can be unticked, and how to leave out more.
    expect(await untick(page, 1_000)).toBe(1_000);
    await expect(banner).toContainText(
      `5 selected (all matching except ${SELECTION_MAX_IDS.toLocaleString('en')})`,
    );
    await expect(limit).toContainText('You have unticked 10,000 computers');
    await expect(limit).toContainText('narrow the search');
    // The 10,001st untick is refused: its box stays ticked, the selection is the same.
    await page.getByTestId('computers-grid').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(grid.grid.locator(`tbody tr[aria-rowindex="${N + 1}"][data-id]`)).toBeVisible();
    const ticked = grid.grid.locator('tbody tr[data-id][aria-selected="true"]').first();
    await ticked.scrollIntoViewIfNeeded();
    const box = ticked.getByRole('checkbox');
    await box.click();
    await expect(box).toBeChecked();
    await expect(ticked).toHaveAttribute('aria-selected', 'true');
    await expect(banner).toContainText(
      `5 selected (all matching except ${SELECTION_MAX_IDS.toLocaleString('en')})`,
    );
    await expect(page.getByRole('button', { name: /^Actions/ })).toContainText('5');
    await screenshot(page, 'computers-except-limit');
    await expectAccessible(page, 'computers list, except limit reached, EN light');

    // French, dark.
    await page.getByText('FR', { exact: true }).click();
    await page
      .getByRole('radio', { name: 'Sombre' })
      .check({ force: true })
      .catch(async () => page.getByText('Sombre', { exact: true }).click());
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expect(limit).toContainText(/Vous avez décoché 10\s000 ordinateurs/);
    await expect(limit).toContainText('affinez la recherche');
    await screenshot(page, 'computers-except-limit-fr-dark');
    await expectAccessible(page, 'computers list, except limit reached, FR dark');

    // Ticking one back makes room again.
    await page.getByText('EN', { exact: true }).click();
    await page
      .getByRole('radio', { name: 'Light' })
      .check({ force: true })
      .catch(async () => page.getByText('Light', { exact: true }).click());
    const out = grid.grid.locator('tbody tr[data-id][aria-selected="false"]').first();
    await out.getByRole('checkbox').check();
    await expect(limit).toHaveText(
      'You can untick 1 more computer: a selection of all matching computers leaves out at most 10,000. To leave out more, narrow the search instead.',
    );
  });
});
