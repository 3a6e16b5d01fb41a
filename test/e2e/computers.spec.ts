import { readFile } from 'node:fs/promises';
import { expect, screenshot, test } from './fixtures';
import { useOcsDb } from './ocs-db';
import { ComputersGrid, expectAccessible, SearchScreen } from './pages/computers-pages';
import { loginAs, loginAsAdmin, rpcFromPage, navLink } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

const N = 40;
const VIEWER = { login: 'viewer', password: plantedPassword('e2eViewer') };

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

test.describe('inventory console', () => {
  let ownerColumn = '';
  const fleet = useOcsDb({
    computers: N,
    seed: 11,
    // A User-role operator (read-only profile).
    operators: [{ ...VIEWER, profile: 'read-only', firstName: 'View', lastName: 'Er' }],
    setup: async (k) => {
      // A text admin field besides TAG, as ocsreports creates one (config row + accountinfo column).
      const [id] = await k('accountinfo_config').insert({
        NAME: 'OWNER',
        TYPE: 0,
        ID_TAB: 1,
        COMMENT: 'Owner',
        SHOW_ORDER: 5,
        ACCOUNT_TYPE: 'COMPUTERS',
      });
      ownerColumn = `fields_${id}`;
      await k.raw('ALTER TABLE accountinfo ADD COLUMN ?? VARCHAR(255) DEFAULT NULL', [ownerColumn]);
    },
  });

  test('admin: list, choose columns, reload keeps them, 3-criteria search, detail, edit admin data', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, fleet.db);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    expect(await grid.total()).toBe(N);
    await expect(grid.grid).toHaveAttribute('aria-rowcount', String(N + 1));
    await expectAccessible(page, 'computers list');
    await screenshot(page, 'computers-list');

    // Sort by name (sortable header), then choose columns.
    await grid.header('Computer name').getByRole('button').click();
    await expect(grid.header('Computer name')).toHaveAttribute('aria-sort', /ascending|descending/);
    await grid.chooseColumns(['Serial number', 'Owner']);
    await expect(grid.header('Serial number')).toBeVisible();
    await expect(grid.header('Owner')).toBeVisible();
    // Widen the Owner column from the keyboard (the handle is a focusable separator).
    const handle = page.getByRole('separator', { name: 'Resize column Owner' });
    const before = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-valuenow', String(before + 32));
    await screenshot(page, 'computers-columns');
    // Reload once the layout with that width is saved (not after a fixed time: under load the save took longer).
    await expect
      .poll(async () => {
        const r = (await rpcFromPage(page, 'computers.getGridPrefs', {})) as {
          data?: { widths?: Record<string, number> } | null;
        };
        return Object.values(r.data?.widths ?? {});
      })
      .toContain(before + 32);
    await page.reload();
    await grid.expectRows();
    await expect(grid.header('Serial number')).toBeVisible();
    await expect(grid.header('Owner')).toBeVisible();
    await expect(page.getByRole('separator', { name: 'Resize column Owner' })).toHaveAttribute(
      'aria-valuenow',
      String(before + 32),
    );

    // Keyboard: focus the grid, move down, Enter opens the second computer.
    const secondName = (await grid.rows().nth(1).locator('td').nth(2).textContent())?.trim();
    await grid.grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('computer-name')).toHaveText(secondName ?? '');
    await page.goBack();
    await grid.expectRows();

    // Multi-criteria search with 3 criteria, checked against SQL.
    await page.getByRole('link', { name: 'Multi-criteria search' }).click();
    const search = new SearchScreen(page);
    await search.add('Operating system', 'matches', 'Windows');
    await search.add('Memory (MB)', 'bigger than', '2048');
    await search.add('System manufacturer', 'differs from', 'VMware, Inc.');
    await search.run();
    const [{ n: expected }] = (await fleet
      .k('hardware as h')
      .join('bios as b', 'b.HARDWARE_ID', 'h.ID')
      .where('h.OSNAME', 'like', '%Windows%')
      .andWhere('h.MEMORY', '>', 2048)
      .andWhere('b.SMANUFACTURER', '<>', 'VMware, Inc.')
      .count({ n: '*' })) as [{ n: number }];
    expect(Number(expected)).toBeGreaterThan(0);
    await grid.expectRows();
    await expect.poll(() => grid.total()).toBe(Number(expected));
    await expectAccessible(page, 'search');
    await screenshot(page, 'search-results');

    // Open the first result, edit an admin field, check the DB.
    const firstId = Number(await grid.rows().first().getAttribute('data-id'));
    await grid.rows().first().click();
    await expect(page).toHaveURL(new RegExp(`/computers/${firstId}$`));
    await expect(page.getByTestId('computer-name')).toBeVisible();
    await expectAccessible(page, 'computer detail');
    await screenshot(page, 'computer-detail');
    await page.getByRole('tab', { name: 'Admin data' }).click();
    await page.getByRole('textbox', { name: 'Owner' }).fill('Hélène Dubois');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Admin data saved.')).toBeVisible();
    const row = (await fleet.k('accountinfo').where({ HARDWARE_ID: firstId }).first()) as Record<
      string,
      unknown
    >;
    expect(row[ownerColumn]).toBe('Hélène Dubois');
    await expectAccessible(page, 'admin data form');
    await screenshot(page, 'computer-admin-data');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByTestId('settings-table')).toBeVisible();
    await screenshot(page, 'computer-settings');
    await page.getByRole('tab', { name: 'Show everything' }).click();
    await expectAccessible(page, 'computer everything');
    await screenshot(page, 'computer-everything');

    // Deep link + Back to the list when there is no history.
    await page.goto(`${shell.origin}/computers/${firstId}`);
    await expect(page.getByTestId('computer-name')).toBeVisible();
  });

  test('admin: TAG repartition, click-through, mass set TAG and delete with a count', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, fleet.db);
    await page.getByRole('link', { name: 'TAG repartition' }).click();
    const table = page.getByTestId('tags-table');
    await expect(table.getByRole('link').first()).toBeVisible();
    await expectAccessible(page, 'tags');
    await screenshot(page, 'tags');
    const first = table.getByRole('row').nth(1);
    const tag = (await first.getByRole('link').textContent())?.trim() ?? '';
    const count = Number(((await first.getByRole('cell').nth(1).textContent()) ?? '').replace(/\D/g, ''));
    await first.getByRole('link').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    await expect(page.getByTestId('url-criterion')).toContainText(tag);
    await expect.poll(() => grid.total()).toBe(count);

    // Select two rows, set their TAG.
    await grid.rows().nth(0).getByRole('checkbox').check();
    await grid.rows().nth(1).getByRole('checkbox').check();
    const ids = [
      Number(await grid.rows().nth(0).getAttribute('data-id')),
      Number(await grid.rows().nth(1).getAttribute('data-id')),
    ];
    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: /Set TAG/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /New value/ }).fill('E2E-MOVED');
    await screenshot(page, 'mass-set-tag');
    await dialog.getByRole('button', { name: 'Apply to 2 computers' }).click();
    await expect(dialog.getByTestId('mass-result')).toHaveText('2 computers updated.');
    const tags = await fleet.k('accountinfo').whereIn('HARDWARE_ID', ids).pluck('TAG');
    expect(tags).toEqual(['E2E-MOVED', 'E2E-MOVED']);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByTestId('selection-banner')).toHaveCount(0);
    await expect.poll(() => grid.total()).toBe(count - 2);

    // Delete one computer: the confirmation states the count.
    const victim = Number(await grid.rows().first().getAttribute('data-id'));
    await grid.rows().first().getByRole('checkbox').check();
    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: /Delete computers/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 1 computer?' });
    await expect(confirm).toBeVisible();
    // The actions menu fades out after the click; axe must not catch it half-closed (an empty role=menu).
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expectAccessible(page, 'delete confirmation');
    await screenshot(page, 'delete-confirm');
    await confirm.getByRole('button', { name: 'Delete 1 computer' }).click();
    await expect(page.getByTestId('mass-result')).toHaveText('1 computer deleted.');
    expect(await fleet.k('hardware').where({ ID: victim }).pluck('ID')).toEqual([]);
  });

  test('admin: per-computer setting marked red and back to global, saved search, CSV export, all matching, dark mode', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await loginAsAdmin(page, shell, fleet.db);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();

    // CSV export of the current view.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('computers.csv');
    const csv = await readFile(await file.path(), 'utf8');
    const total = await grid.total();
    expect(csv.trim().split('\n')).toHaveLength(total + 1);

    // Pages, size 25, select the page, then every computer matching the filter; set Owner on all of them.
    await grid.mode('Pages');
    await page.getByLabel('Rows per page').click();
    await page.getByRole('option', { name: '25', exact: true }).click();
    await expect(grid.rows()).toHaveCount(25);
    await page.getByRole('checkbox', { name: 'Select every row of this page' }).check();
    await page.getByRole('button', { name: `Select all ${total} matching computers` }).click();
    await expect(page.getByTestId('selection-banner')).toContainText(
      `All ${total} computers matching this filter are selected`,
    );
    await page.getByRole('button', { name: /^Actions/ }).click();
    await page.getByRole('menuitem', { name: /Set TAG/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Field', { exact: true }).click();
    await page.getByRole('option', { name: 'Owner', exact: true }).click();
    await dialog.getByRole('textbox', { name: /New value/ }).fill('IT');
    await dialog.getByRole('button', { name: `Apply to ${total} computers` }).click();
    await expect(dialog.getByTestId('mass-result')).toHaveText(`${total} computers updated.`);
    expect(Number((await fleet.k('accountinfo').where(ownerColumn, 'IT').count({ n: '*' }))[0]?.n)).toBe(
      total,
    );
    await page.keyboard.press('Escape');

    // A per-computer FREQUENCY differs from the global option: red marker, then back to global.
    const id = Number(await grid.rows().first().getAttribute('data-id'));
    await grid.rows().first().click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const freq = page.locator('tr[data-setting="FREQUENCY"]');
    await freq.getByRole('textbox', { name: 'New value of FREQUENCY' }).fill('7');
    await freq.getByRole('button', { name: 'Save' }).click();
    await expect(freq).toContainText('Differs from global');
    await expect(freq).toHaveAttribute('data-differs', 'true');
    expect(await fleet.k('devices').where({ HARDWARE_ID: id, NAME: 'FREQUENCY' }).pluck('IVALUE')).toEqual([
      7,
    ]);
    await screenshot(page, 'computer-settings-differs');
    await freq.getByRole('button', { name: 'Back to global' }).click();
    await expect(freq).toContainText('Follows the global option');
    expect(await fleet.k('devices').where({ HARDWARE_ID: id, NAME: 'FREQUENCY' }).pluck('IVALUE')).toEqual(
      [],
    );

    // Print view (the print stylesheet hides the shell).
    await page.emulateMedia({ media: 'print' });
    await page
      .getByRole('tab', { name: 'Show everything' })
      .click({ force: true })
      .catch(() => undefined);
    await screenshot(page, 'computer-print');
    await page.emulateMedia({ media: 'screen' });

    // Saved search: save, reload the page, load it again.
    await page.getByRole('link', { name: 'Multi-criteria search' }).click();
    const search = new SearchScreen(page);
    await search.add('Operating system', 'matches', 'Debian');
    await search.run();
    await grid.expectRows();
    const debian = await grid.total();
    await page.getByRole('button', { name: 'Save search' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill('Debian boxes');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Search “Debian boxes” saved.')).toBeVisible();
    await page.getByRole('button', { name: 'Remove criterion 1' }).click();
    await page.reload();
    await page.getByRole('combobox', { name: 'Saved searches', exact: true }).click();
    await page.getByRole('option', { name: 'Debian boxes' }).click();
    await grid.expectRows();
    await expect.poll(() => grid.total()).toBe(debian);

    // BETWEEN takes a second value; all / any.
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    const c2 = search.criterion(1);
    await c2.getByLabel('Field', { exact: true }).click();
    await page.getByRole('option', { name: 'Memory (MB)', exact: true }).click();
    await c2.getByLabel('Operator', { exact: true }).click();
    await page.getByRole('option', { name: 'between', exact: true }).click();
    await c2.getByLabel('From', { exact: true }).fill('8000');
    await c2.getByLabel('To', { exact: true }).fill('17000');
    await search.run();
    const sql = async (or: boolean) => {
      const q = fleet.k('hardware').where('OSNAME', 'like', '%Debian%');
      const ids = await (
        or ? q.orWhereBetween('MEMORY', [8000, 17000]) : q.andWhereBetween('MEMORY', [8000, 17000])
      ).pluck('ID');
      return ids.length;
    };
    await expect.poll(() => grid.total()).toBe(await sql(false));
    await page.getByText('Any criterion', { exact: true }).click();
    await search.run();
    await expect.poll(() => grid.total()).toBe(await sql(true));
    await screenshot(page, 'search-between-any');

    // Repartition by another admin field (Owner was set to IT on every computer above).
    await page.getByRole('link', { name: 'TAG repartition' }).click();
    await page.getByRole('combobox', { name: 'Count computers by' }).click();
    await page.getByRole('option', { name: 'Owner', exact: true }).click();
    await expect(page).toHaveURL(/column=fields_/);
    const ownerRow = page.getByTestId('tags-table').getByRole('row', { name: /^IT/ });
    await expect(ownerRow).toContainText(String(total));
    await expectAccessible(page, 'repartition by owner');
    await screenshot(page, 'tags-owner');

    // Dark mode: the list and the detail stay readable.
    await page
      .getByRole('radio', { name: 'Dark' })
      .check({ force: true })
      .catch(async () => {
        await page.getByText('Dark', { exact: true }).click();
      });
    await navLink(page, 'Computers').click();
    await grid.expectRows();
    await expectAccessible(page, 'computers list (dark)');
    await screenshot(page, 'computers-list-dark');
  });

  test('user: sees the data, no edit controls, a direct call is refused', async ({ page, shell }) => {
    await loginAs(page, shell, fleet.db, VIEWER.login, VIEWER.password);
    await navLink(page, 'Computers').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    // A User may export (browse): the menu opens once computers are selected; every write entry in it
    // stays in place, disabled, and says which right is missing (right-gate design).
    const actions = page.getByRole('button', { name: /^Actions/ });
    await expect(actions).toBeDisabled();
    await expect(actions).not.toHaveAttribute('data-denied');
    await grid.rows().first().getByRole('checkbox').check();
    await actions.click();
    await expect(page.getByRole('menuitem', { name: /Export inventory files/ })).toBeEnabled();
    const del = page.getByRole('menuitem', { name: /Delete computers/ });
    await expect(del).toHaveAttribute('data-denied', 'true');
    await expect(del).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await grid.rows().first().getByRole('checkbox').uncheck();
    // Quick filter (debounced): name or user prefix.
    const srv = (
      await fleet
        .k('hardware')
        .where('NAME', 'like', 'DC1-SRV%')
        .orWhere('USERID', 'like', 'DC1-SRV%')
        .pluck('ID')
    ).length;
    await page.getByRole('textbox', { name: 'Quick filter' }).fill('DC1-SRV');
    await expect.poll(() => grid.total()).toBe(srv);
    await expect(page).toHaveURL(/q=DC1-SRV/);
    const id = Number(await grid.rows().first().getAttribute('data-id'));
    await grid.rows().first().click();
    await expect(page.getByTestId('computer-name')).toBeVisible();
    await page.getByRole('tab', { name: 'Admin data' }).click();
    await expect(page.getByTestId('admin-readonly')).toBeVisible();
    await expect(page.getByTestId('admin-form')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByTestId('settings-table')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await expectAccessible(page, 'detail as user');
    await screenshot(page, 'computer-detail-user');
    const r = await rpcFromPage(page, 'computers.setAdminData', { id, values: { TAG: 'HACKED' } });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(
      await fleet
        .k('accountinfo')
        .where({ HARDWARE_ID: id })
        .first()
        .then((x: { TAG: string }) => x.TAG),
    ).not.toBe('HACKED');

    // French.
    await page.getByText('FR', { exact: true }).click();
    await expect(page.getByRole('tab', { name: 'Données administratives' })).toBeVisible();
    await navLink(page, 'Ordinateurs').click();
    await grid.expectRows().catch(() => undefined);
    await expect(page.getByRole('grid', { name: 'Ordinateurs' })).toBeVisible();
    await expectAccessible(page, 'computers list (fr)');
    await screenshot(page, 'computers-list-fr');
  });
});
