import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { OPTIONAL_INDEXES } from '../helpers/optional-indexes';
import { expect, screenshot, test } from './fixtures';
import { useOcsDb } from './ocs-db';
import { expectAccessible } from './pages/computers-pages';
import { loginAs, loginAsAdmin, navLink } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

/**
 * Issue 22: the optional ocsdesk_* indexes offered in the app. On a 1,000-computer fleet without them:
 * the one-time proposal after login, the hint under a slow computers page, and the Diagnostics section
 * (status, estimates, create as a cancellable job, drop); a read-only operator sees the status and who
 * can change it.
 */
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

const VIEWER = { login: 'viewer', password: plantedPassword('e2eViewer') };

async function ocsdeskIndexes(k: Knex): Promise<string[]> {
  const [rows] = (await k.raw(
    "SELECT DISTINCT INDEX_NAME AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME LIKE 'ocsdesk\\_%' ORDER BY n",
  )) as [Array<{ n: string }>];
  return rows.map((r) => r.n);
}

/** Every computers.list answer of this page arrives `ms` later (a slow database, as the operator sees it). */
async function slowList(page: Page, ms: number): Promise<void> {
  await page.route('**/api/rpc', async (route) => {
    const body = route.request().postDataJSON() as { route?: string } | null;
    if (body?.route === 'computers.list') await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

test.describe('optional indexes in the app', () => {
  const fleet = useOcsDb({
    computers: 1000,
    seed: 22,
    batch: 250,
    poolMax: 3,
    timeout: 240_000,
    operators: [{ ...VIEWER, profile: 'read-only' }],
    setup: async (k) => {
      await k.raw('ANALYZE TABLE hardware, software, devices');
    },
  });

  test('proposal after login, slow-page hint, create (cancel first) and drop in Diagnostics; axe, EN and FR', async ({
    page,
    shell,
  }) => {
    test.setTimeout(300_000);
    await loginAsAdmin(page, shell, fleet.db);
    const proposal = page.getByTestId('index-proposal');
    await expect(proposal).toContainText('1,000 computers');
    await expect(proposal).toContainText('5 of 5');
    await expect(proposal).toContainText('OCS itself ignores them');
    await expectAccessible(page, 'index proposal');
    await screenshot(page, 'indexes-proposal');

    // A slow computers page says the indexes would help, and where they are.
    await slowList(page, 1200);
    await navLink(page, 'Computers').click();
    const hint = page.getByTestId('slow-query-hint');
    await expect(hint).toContainText('optional OCS Desk indexes are missing');
    await expect(page.getByRole('grid', { name: 'Computers' }).locator('tbody tr[data-id]')).not.toHaveCount(
      0,
    );
    await expectAccessible(page, 'slow-page hint');
    await screenshot(page, 'indexes-slow-hint');
    await page.unrouteAll({ behavior: 'wait' });

    await proposal.getByRole('link', { name: 'Review the indexes' }).click();
    await expect(page).toHaveURL(/\/diagnostics#indexes$/);
    await expect(proposal).toHaveCount(0);
    const card = page.getByTestId('indexes-card');
    for (const name of OPTIONAL_INDEXES) {
      await expect(card.getByTestId(`index-${name}`)).toHaveAttribute('data-present', 'false');
      await expect(card.getByTestId(`index-${name}`)).toContainText('Missing');
    }
    await expect(card.getByTestId('index-ocsdesk_name_hw')).toContainText('Searches by software name');
    await expect(card.getByTestId('indexes-summary')).toContainText('5 indexes missing: about');
    await expect(card.getByTestId('indexes-who-can-fix')).toHaveCount(0);

    // Cancel: an open transaction that read `hardware` holds its metadata lock, so the first ALTER waits
    // (whatever the machine's speed) until the job is stopped; it is killed and nothing is left behind.
    const reader = await fleet.k.transaction();
    try {
      await reader.raw('SELECT ID FROM hardware LIMIT 1');
      await card.getByRole('button', { name: 'Create the 5 missing indexes' }).click();
      const cancel = card.getByRole('button', { name: 'Cancel' });
      await expect(cancel).toBeVisible();
      await expect(card.getByTestId('job-note')).toHaveText(
        'hardware.ocsdesk_lastdate, hardware.ocsdesk_lastcome',
      );
      // The section is 0 % wide while the ALTER waits: present, named, not visible.
      await expect(
        card.getByRole('progressbar', { name: 'Creating the indexes (per mille of the estimated work)' }),
      ).toHaveAttribute('aria-valuenow', '0');
      await expectAccessible(page, 'indexes being created');
      await screenshot(page, 'indexes-creating');
      await cancel.click();
      await page.getByTestId('job-stop-confirm').click();
      await expect(card.getByTestId('indexes-cancelled')).toBeVisible();
    } finally {
      await reader.commit();
    }
    expect(await ocsdeskIndexes(fleet.k)).toEqual([]);

    await card.getByRole('button', { name: 'Create the 5 missing indexes' }).click();
    await expect(card.getByTestId('indexes-created')).toHaveText('5 indexes created.', { timeout: 120_000 });
    for (const name of OPTIONAL_INDEXES) {
      await expect(card.getByTestId(`index-${name}`)).toHaveAttribute('data-present', 'true');
    }
    await expect(card.getByTestId('indexes-summary')).toHaveText('Every optional index is present.');
    expect(await ocsdeskIndexes(fleet.k)).toEqual([...OPTIONAL_INDEXES].sort());
    await expectAccessible(page, 'indexes created');
    await screenshot(page, 'indexes-created');

    // With the indexes (status already read by Diagnostics), a slow page earns no hint.
    await slowList(page, 1200);
    await navLink(page, 'Computers').click();
    await expect(page.getByRole('grid', { name: 'Computers' }).locator('tbody tr[data-id]')).not.toHaveCount(
      0,
    );
    await expect(page.getByTestId('slow-query-hint')).toHaveCount(0);
    await page.unrouteAll({ behavior: 'wait' });

    // French.
    await navLink(page, 'Diagnostics').click();
    await page.getByText('FR', { exact: true }).click();
    await expect(card).toContainText('Index facultatifs');
    await expect(card.getByTestId('index-ocsdesk_name_hw')).toContainText('Présent');
    await expectAccessible(page, 'indexes FR');
    await screenshot(page, 'indexes-fr');
    await page.getByText('EN', { exact: true }).click();

    // Drop, confirmed.
    await card.getByRole('button', { name: 'Drop the indexes' }).click();
    await page.getByTestId('indexes-drop-confirm').click();
    await expect(card.getByTestId('indexes-dropped')).toHaveText('5 indexes dropped.');
    expect(await ocsdeskIndexes(fleet.k)).toEqual([]);

    // The proposal was answered for this database: not shown again after a reload.
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await expect(card.getByTestId('index-ocsdesk_lastdate')).toHaveAttribute('data-present', 'false');
    await expect(proposal).toHaveCount(0);
  });

  test('a read-only operator sees the status and who can create the indexes', async ({ page, shell }) => {
    test.setTimeout(120_000);
    await loginAs(page, shell, fleet.db, VIEWER.login, VIEWER.password);
    const proposal = page.getByTestId('index-proposal');
    await expect(proposal).toContainText('1,000 computers');
    await expect(proposal.getByTestId('indexes-who-can-fix')).toContainText(
      'Needs the “configuration” right',
    );
    await navLink(page, 'Diagnostics').click();
    const card = page.getByTestId('indexes-card');
    await expect(card.getByTestId('index-ocsdesk_name_hw')).toContainText('Missing');
    await expect(card.getByTestId('indexes-who-can-fix')).toContainText('Profiles that have it: sadmin');
    const create = card.getByRole('button', { name: 'Create the 5 missing indexes' });
    await expect(create).toHaveAttribute('data-denied', 'true');
    await create.click({ force: true });
    await expect(card.getByRole('progressbar')).toHaveCount(0);
    await expectAccessible(page, 'indexes, read-only operator');
    await screenshot(page, 'indexes-read-only-operator');
    expect(await ocsdeskIndexes(fleet.k)).toEqual([]);
  });
});
