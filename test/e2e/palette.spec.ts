import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { ensureConsoleTable, SAVED_SEARCH_TABLE } from '../../src-main/platform/ocs/console-tables';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAs, loginAsAdmin } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

test.describe.configure({ mode: 'serial' });

const VIEWER = { login: 'palette-viewer', password: plantedPassword('e2ePaletteViewer') };
const PC = { name: 'PALETTE-PC-1', ip: '127.123.4.5', mac: '02:12:34:56:78:9A' };

/** Ctrl+K from the page itself (focus on the main region, not the browser's address bar). */
async function openWithShortcut(page: Page, name = 'Command palette') {
  await page.locator('#main').focus();
  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('palette-input')).toBeFocused();
  return dialog;
}

test.describe('command palette and About', () => {
  let db = '';
  let root: Knex;
  let pcId = 0;
  let savedId = 0;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    db = await createOcsDb();
    root = await createPool(rootParams(db), { max: 2 });
    await seedFleet(root, { computers: 30, seed: 19, batch: 30, concurrency: 1 });
    const [id] = await root('hardware').insert({
      DEVICEID: 'PALETTE-PC-1-2026-12-01-10-00-00',
      NAME: PC.name,
      IPADDR: PC.ip,
      LASTCOME: '2026-12-01 10:00:00',
      LASTDATE: '2026-12-01 10:00:00',
    });
    pcId = Number(id);
    await root('accountinfo').insert({ HARDWARE_ID: pcId, TAG: 'PALETTE' });
    await root('networks').insert({
      HARDWARE_ID: pcId,
      DESCRIPTION: 'eth0',
      IPADDRESS: PC.ip,
      MACADDR: PC.mac,
    });
    await ensureConsoleTable(root, SAVED_SEARCH_TABLE);
    const [sid] = await root(SAVED_SEARCH_TABLE).insert({
      NAME: 'Palette machines',
      OWNER: 'admin',
      SHARED: 1,
      CRITERIA: JSON.stringify({
        criteria: [{ field: 'hardware.NAME', op: 'LIKE', value: 'PALETTE*' }],
        match: 'all',
      }),
    });
    savedId = Number(sid);
    const sha = (p: string) => createHash('sha256').update(p).digest('hex');
    await root('operators').insert({
      ID: VIEWER.login,
      PASSWD: sha(VIEWER.password),
      PASSWORD_VERSION: 2,
      ACCESSLVL: 1,
      NEW_ACCESSLVL: 'read-only',
    });
  });
  test.afterAll(async () => {
    await root?.destroy();
    await dropDb(db);
  });

  test('Ctrl+K: screens, a computer by name and by IP, a saved search, actions, shortcuts, About and logs; EN and FR; axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAsAdmin(page, shell, db);

    // A screen by its name, Enter opens it.
    let dialog = await openWithShortcut(page);
    const shortcuts = dialog.getByTestId('palette-shortcuts');
    await expect(shortcuts).toContainText('Keyboard shortcuts');
    await expect(shortcuts).toContainText('Ctrl K');
    await expect(shortcuts).toContainText('Esc');
    for (const a of [
      'import',
      'new-package',
      'new-group',
      'diagnostics',
      'dark-mode',
      'language',
      'about',
      'logs',
    ])
      await expect(dialog.getByTestId(`action:${a}`)).toBeVisible();
    await expect(dialog.getByTestId(`saved:${savedId}`)).toBeVisible();
    await expectAccessible(page, 'command palette open');
    await screenshot(page, 'palette-en-open');
    // Combobox pattern: the field controls the listbox and names the keyboard selection as its active
    // descendant (what a screen reader announces); options say which one is selected.
    const combo = dialog.getByRole('combobox', { name: 'Search' });
    await expect(combo).toBeFocused();
    await expect(combo).toHaveAttribute('aria-expanded', 'true');
    await expect(combo).toHaveAttribute('aria-autocomplete', 'list');
    const listbox = dialog.getByRole('listbox');
    await expect(listbox).toHaveAttribute('id', (await combo.getAttribute('aria-controls'))!);
    const options = listbox.getByRole('option');
    const expectSelected = async (n: number) => {
      const option = options.nth(n);
      await expect(option).toHaveAttribute('aria-selected', 'true');
      await expect(combo).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
      await expect(listbox.locator('[role="option"][aria-selected="true"]')).toHaveCount(1);
    };
    await expectSelected(0);
    await page.keyboard.press('ArrowDown');
    await expectSelected(1);
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('ArrowDown');
    await expectSelected(2);
    await page.keyboard.press('ArrowUp');
    await expectSelected(1);
    await page.keyboard.press('ArrowUp');
    await expectSelected(0);
    await page.keyboard.type('diagnos');
    await expect(dialog.getByTestId('screen:/diagnostics')).toBeVisible();
    await expect(dialog.getByTestId('screen:/computers')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/\/diagnostics$/);
    await expect(page.locator('[data-route="/diagnostics"]')).toBeVisible();

    // A computer by its name (server-side quick find), Enter opens its detail.
    dialog = await openWithShortcut(page);
    await page.keyboard.type('palette-pc');
    const hit = dialog.getByTestId(`computer:${pcId}`);
    await expect(hit).toBeVisible();
    await expect(hit).toContainText(PC.name);
    await expect(hit).toContainText(PC.ip);
    await expect(hit).toHaveAttribute('data-selected', 'true');
    await expect(hit).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByRole('combobox')).toHaveAttribute(
      'aria-activedescendant',
      (await hit.getAttribute('id'))!,
    );
    await screenshot(page, 'palette-en-computer');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/computers/${pcId}$`));
    await expect(page.getByTestId('computer-name')).toHaveText(PC.name);

    // By IP and by MAC prefix.
    dialog = await openWithShortcut(page);
    await page.keyboard.type('127.123.4');
    await expect(dialog.getByTestId(`computer:${pcId}`)).toContainText('IP address');
    await dialog.getByTestId('palette-input').fill('02:12:34:56');
    await expect(dialog.getByTestId(`computer:${pcId}`)).toContainText('MAC address');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // A saved search opens the search page with it, run.
    await page.getByTestId('open-palette').click();
    dialog = page.getByRole('dialog', { name: 'Command palette' });
    await expect(dialog).toBeVisible();
    await page.keyboard.type('palette mach');
    await dialog.getByTestId(`saved:${savedId}`).click();
    await expect(page).toHaveURL(/\/search\?filter=/);
    // The palette's own input is a combobox whose name mentions saved searches: exact name, and the
    // palette gone (it fades out while the search page is already there).
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('combobox', { name: 'Saved searches', exact: true })).toHaveValue(
      'Palette machines (admin)',
    );
    await expect(page.getByRole('grid', { name: 'Computers' }).locator('tbody tr[data-id]')).toHaveCount(1);

    // New package opens the build wizard.
    dialog = await openWithShortcut(page);
    await page.keyboard.type('new pack');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/packages\?new=1$/);
    await expect(page.getByTestId('new-package')).toHaveText('Close the wizard');

    // About from the palette: versions, schema level, Open logs shows the web shell's log file.
    dialog = await openWithShortcut(page);
    await page.keyboard.type('about');
    await page.keyboard.press('Enter');
    const about = page.getByRole('dialog', { name: 'About OCS Desk' });
    await expect(about).toBeVisible();
    const versions = about.getByTestId('about-versions');
    await expect(versions).toContainText(/OCS Desk\s*\d+\.\d+\.\d+/);
    await expect(versions).toContainText(/Node\.js\s*\d+\./);
    await expect(versions).toContainText('not in this window (web shell)');
    await expect(versions).toContainText(/Database server\s*\d+\.\d+\.\d+-MariaDB/);
    await expect(versions).toContainText(/OCS schema level\s*\d{4}/);
    await about.getByTestId('open-logs').click();
    await expect(about.getByTestId('logs-result')).toContainText(/The log file of this app: .*main\.log/);
    await expectAccessible(page, 'About dialog');
    await screenshot(page, 'about-en');
    await page.keyboard.press('Escape');
    await expect(about).toBeHidden();

    // Dark mode from the palette.
    dialog = await openWithShortcut(page);
    await page.keyboard.type('dark');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');

    // French: the language action, then the palette in French (accent-insensitive match).
    dialog = await openWithShortcut(page);
    await page.keyboard.type('fran');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    dialog = await openWithShortcut(page, 'Palette de commandes');
    await expect(dialog.getByTestId('palette-shortcuts')).toContainText('Raccourcis clavier');
    await page.keyboard.type('ecrans');
    await expect(dialog.getByText('Aucun résultat')).toBeVisible();
    await dialog.getByTestId('palette-input').fill('diagnostic');
    await expect(dialog.getByTestId('screen:/diagnostics')).toContainText('Diagnostic');
    await expect(dialog.getByTestId('action:diagnostics')).toContainText('Lancer le diagnostic');
    await expectAccessible(page, 'command palette in French, dark');
    await screenshot(page, 'palette-fr-dark');
    await page.keyboard.press('Escape');

    // About from the operator menu, in French.
    await page.getByRole('button', { name: 'Menu opérateur' }).click();
    await page.getByTestId('menu-about').click();
    const apropos = page.getByRole('dialog', { name: "À propos d'OCS Desk" });
    await expect(apropos.getByTestId('about-versions')).toContainText('Niveau de schéma OCS');
    await apropos.getByTestId('open-logs').click();
    await expect(apropos.getByTestId('logs-result')).toContainText("Le fichier journal de l'application");
    await expectAccessible(page, 'About dialog in French');
    await screenshot(page, 'about-fr-dark');
  });

  test('a read-only User sees no write action; the narrow header has the icon button', async ({
    page,
    shell,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 700, height: 900 });
    await loginAs(page, shell, db, VIEWER.login, VIEWER.password);
    const button = page.getByTestId('open-palette');
    await expect(button).toHaveAccessibleName('Command palette');
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Command palette' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('action:diagnostics')).toBeVisible();
    await expect(dialog.getByTestId('action:about')).toBeVisible();
    for (const a of ['import', 'new-package', 'new-group'])
      await expect(dialog.getByTestId(`action:${a}`)).toHaveCount(0);
    await expect(dialog.locator('[data-right]')).toHaveCount(0);
    await expect(dialog.getByTestId('screen:/computers')).toBeVisible();
    for (const s of ['/operators', '/import', '/backup', '/server-info'])
      await expect(dialog.getByTestId(`screen:${s}`)).toHaveCount(0);
    // The shared saved search is offered to every operator; the User finds computers too.
    await expect(dialog.getByTestId(`saved:${savedId}`)).toBeVisible();
    await page.keyboard.type('PALETTE');
    await expect(dialog.getByTestId(`computer:${pcId}`)).toBeVisible();
    await expectAccessible(page, 'command palette for a User, narrow window');
    await screenshot(page, 'palette-user-narrow');
  });
});
