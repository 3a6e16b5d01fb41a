import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** Runs axe with the WCAG 2 A/AA tags on the page and expects no violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // A dialog or notification still fading in has a half-transparent background: axe then measures a
  // contrast that no user sees once it has settled. Wait for every finite animation or transition, for
  // three frames in a row: Mantine's transitions start one frame after mounting (its pre-entering state
  // has no running transition yet, and a notification was once measured there).
  await page.evaluate(() => {
    (globalThis as unknown as { __axeCalm?: number }).__axeCalm = 0;
  });
  await page.waitForFunction(
    () => {
      type Anim = { playState: string; effect: { getTiming(): { iterations?: number } } | null };
      const g = globalThis as unknown as { document: { getAnimations(): Anim[] }; __axeCalm?: number };
      const calm = g.document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity);
      g.__axeCalm = calm ? (g.__axeCalm ?? 0) + 1 : 0;
      return g.__axeCalm >= 3;
    },
    undefined,
    { polling: 'raf' },
  );
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/** Page object of the computers grid (list and search results). */
export class ComputersGrid {
  readonly grid: Locator;
  constructor(private readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Computers' });
  }

  rows(): Locator {
    return this.grid.locator('tbody tr[data-id]');
  }

  async expectRows(): Promise<void> {
    await expect(this.rows().first()).toBeVisible();
  }

  header(name: string): Locator {
    return this.grid.getByRole('columnheader', { name, exact: true });
  }

  /** The exact number of rows under the grid ("1-25 of 40"), once counted (the list shows rows before). */
  async total(): Promise<number> {
    const range = this.page.getByTestId('grid-range');
    await expect(range).toHaveAttribute('data-total', /^\d+$/);
    return Number(await range.getAttribute('data-total'));
  }

  /** Goes through the result as one list or as pages (grid preference, saved for the operator). */
  async mode(name: 'One list' | 'Pages'): Promise<void> {
    await this.page.getByTestId('grid-mode').getByText(name, { exact: true }).click();
  }

  async chooseColumns(labels: string[]): Promise<void> {
    await this.page.getByRole('button', { name: 'Columns' }).click();
    for (const l of labels) await this.page.getByRole('checkbox', { name: l, exact: true }).check();
    await this.page.keyboard.press('Escape');
  }
}

/** Page object of the multi-criteria search. */
export class SearchScreen {
  constructor(private readonly page: Page) {}

  criterion(i: number): Locator {
    return this.page.getByRole('group', { name: `Criterion ${i + 1}` });
  }

  private async pick(box: Locator, option: string): Promise<void> {
    await box.click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async add(field: string, op: string, value?: string): Promise<void> {
    const count = await this.page.getByTestId('criterion').count();
    await this.page.getByRole('button', { name: 'Add a criterion' }).click();
    const c = this.criterion(count);
    await this.pick(c.getByLabel('Field', { exact: true }), field);
    await this.pick(c.getByLabel('Operator', { exact: true }), op);
    if (value !== undefined) await c.getByLabel('Value', { exact: true }).fill(value);
  }

  async run(): Promise<void> {
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
  }
}
