import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Right } from '../../shared/contract/route';
import { PROFILE_RIGHTS } from '../../shared/contract/rights';
import { READONLY_ACCOUNT_WRITES } from '../../src-main/platform/ocs/console-tables';
import { createAccount, dropAccount, grantReadOnly } from '../../src-main/database/database.repo';
import { createPool } from '../../src-main/platform/db/connect';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createOcsDb, dropDb, ROOT, rootParams } from '../helpers/db';
import { expect, screenshot, test, type Shell } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { ConnectionScreen } from './pages/connection-page';
import { ADMIN_PASSWORD, loginAs, loginAsAdmin, rpcFromPage } from './pages/session';
import type { Page } from '@playwright/test';
import { plantedPassword } from '../helpers/planted-passwords';

/**
 * Issue 19 item 5: screens offer only what the operator may do. Every screen is walked as a User
 * (read-only profile), as a TAG-restricted admin-profile operator (ladmin), as an admin on a read-only DB
 * account, and as the Super administrator. On every screen state:
 * - each write control (marked `data-right` by the shared right gate) is enabled exactly when the operator
 *   holds its right; a refused one carries the reason (which right, which profiles, or the DB account);
 * - no other enabled control reads like a change (New, Save, Delete, Assign, …): an unmarked write action
 *   would slip through the gate;
 * - for every right seen on screen, a direct call of a route needing it is refused exactly when the control
 *   was disabled (the main process stays the authority; the screens agree with it).
 */

const VIEWER = { login: 'viewer', password: plantedPassword('e2eViewer') };
const LYON = { login: 'lyon', password: plantedPassword('e2eLyon') };
const RO_ACCOUNT = { user: `ocsdesk_e2e_ro_${process.pid}`, password: plantedPassword('e2eReadOnlyAccount') };

/** A route that needs each right (called with an empty input: refused by right before any validation). */
const SAMPLE_ROUTE: Record<Right, string> = {
  browse: 'search.savedSave',
  editAdminData: 'computers.setAdminData',
  deleteComputers: 'computers.delete',
  mergeDuplicates: 'duplicates.merge',
  identifyDevices: 'ipdiscover.register',
  manageIpdiscover: 'ipdiscover.saveSubnet',
  assignPackages: 'packages.validate',
  activatePackages: 'packages.deactivate',
  buildPackages: 'packages.delete',
  importInventory: 'import.run',
  configure: 'options.set',
  manageOperators: 'operators.create',
  manageGroups: 'groups.create',
};

/** Enabled controls whose name reads like a change; each must be a gated (data-right) control. */
const WRITE_WORDS =
  /^(new|create|save|delete|remove|assign|activate|deactivate|build|merge|add|import|upload|upgrade|validate|unassign|exclude|include|back to global|move|rename|register|forget|identify|sign|refresh from|restore|discard|reset password|set )/i;

/** Controls that read like a change but change nothing in OCS (the search being built, a column list, a form's own rows). */
const BROWSE_OK = /^(add a criterion|remove this criterion)$/i;

interface El {
  disabled?: boolean;
  textContent: string | null;
  getAttribute(n: string): string | null;
  hasAttribute(n: string): boolean;
  closest(s: string): unknown;
  getClientRects(): { length: number };
}

interface Seen {
  rights: Set<Right>;
}

/** Checks the controls of the current screen state against the operator's rights. */
async function checkScreen(page: Page, held: readonly Right[], where: string, seen: Seen): Promise<void> {
  // Let the lazy page and its first queries settle (spinners gone).
  await expect(page.locator('main .mantine-Loader-root')).toHaveCount(0, { timeout: 15_000 });
  const controls = await page.locator('main').evaluate((main) => {
    const out: Array<{
      right: string | null;
      enabled: boolean;
      denied: boolean;
      local: boolean;
      name: string;
      reason: string;
    }> = [];
    // The test project has no DOM types: the few members used here, typed by hand.
    const root = main as unknown as { querySelectorAll(s: string): ArrayLike<El> };
    const win = globalThis as unknown as {
      getComputedStyle(e: El): { visibility: string; display: string };
      document: { getElementById(id: string): { textContent: string | null } | null };
    };
    for (const b of Array.from(
      root.querySelectorAll('button:not([role="tab"]), [role="menuitem"], a[role="button"]'),
    )) {
      const style = win.getComputedStyle(b);
      if (style.visibility === 'hidden' || style.display === 'none' || b.closest('[hidden]')) continue;
      if (!b.getClientRects().length) continue;
      const describedBy = b.getAttribute('aria-describedby');
      out.push({
        right: b.getAttribute('data-right'),
        enabled: !b.disabled && b.getAttribute('aria-disabled') !== 'true',
        denied: b.hasAttribute('data-denied'),
        // Marked by the app as changing only this computer's settings (never the OCS database).
        local: b.hasAttribute('data-local'),
        name: (b.getAttribute('aria-label') ?? b.textContent ?? '').trim().replace(/\s+/g, ' '),
        reason: describedBy ? (win.document.getElementById(describedBy)?.textContent ?? '') : '',
      });
    }
    return out;
  });
  // An operator holding every right may meet unmarked controls (shown only with their right); anyone else
  // must meet none.
  const holdsAll = PROFILE_RIGHTS.sadmin.every((r) => held.includes(r));
  for (const c of controls) {
    if (c.right) {
      const right = c.right as Right;
      seen.rights.add(right);
      const may = held.includes(right);
      if (!may) {
        expect.soft(c.enabled, `${where}: "${c.name}" needs ${right} and must be disabled`).toBe(false);
        expect.soft(c.denied, `${where}: "${c.name}" is marked refused`).toBe(true);
        if (c.reason) expect(c.reason, `${where}: "${c.name}" says why`).toMatch(/right|database account/);
      } else {
        expect.soft(c.denied, `${where}: "${c.name}" is allowed (${right})`).toBe(false);
      }
    } else if (c.enabled && !c.local && !BROWSE_OK.test(c.name) && !holdsAll) {
      expect
        .soft(c.name, `${where}: enabled control "${c.name}" reads like a change but has no right`)
        .not.toMatch(WRITE_WORDS);
    }
  }
}

async function go(page: Page, path: string): Promise<void> {
  await page.locator(`[aria-label="Main navigation"] a[href="${path}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${path === '/' ? '/$' : path}`));
  // The URL changes before a lazy page replaces the old one: wait for the new page itself.
  await expect(page.locator(`main [data-route="${path}"]`)).toBeAttached();
}

async function tab(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Every screen and the states that hold write actions. */
async function walk(page: Page, held: readonly Right[], who: string): Promise<Seen> {
  const seen: Seen = { rights: new Set() };
  const check = (where: string) => checkScreen(page, held, `${who} ${where}`, seen);

  await go(page, '/');
  await check('home');

  await go(page, '/computers');
  const first = page.locator('tbody tr[data-id]').first();
  await expect(first).toBeVisible();
  await first.locator('input[type="checkbox"]').check();
  await check('computers (one selected)');
  const actions = page.getByRole('button', { name: /^Actions/ });
  if (await actions.isEnabled()) {
    await actions.click();
    await expect(page.getByRole('menuitem').first()).toBeVisible();
    const items = page.getByRole('menu');
    for (const [name, right] of [
      [/Set TAG or an admin field/i, 'editAdminData'],
      [/Assign a package/i, 'assignPackages'],
      [/Delete computers/i, 'deleteComputers'],
    ] as const) {
      const item = items.getByRole('menuitem', { name });
      await expect(item).toHaveAttribute('data-right', right);
      if (held.includes(right)) await expect(item).not.toHaveAttribute('aria-disabled', 'true');
      else await expect(item).toHaveAttribute('aria-disabled', 'true');
      seen.rights.add(right);
    }
    await page.keyboard.press('Escape');
  } else {
    // Export only needs browse: the menu opens for every operator.
    expect(held.includes('browse')).toBe(false);
  }
  await first.click();
  await expect(page.getByRole('tab', { name: 'Settings' })).toBeVisible();
  for (const t of ['Admin data', 'Settings', /^Packages/]) {
    await tab(page, t);
    await check(`computer detail, ${String(t)}`);
  }
  if (!held.includes('configure')) {
    await tab(page, 'Settings');
    await expect(page.getByTestId('right-hint').first()).toBeVisible();
    await screenshot(page, `rights-${who}-computer-settings`);
  }

  await go(page, '/search');
  await check('search');
  await go(page, '/tags');
  await check('tags');

  await go(page, '/groups');
  await check('groups');
  const group = page.getByText('Rights e2e group').first();
  if (await group.isVisible()) {
    await group.click();
    await expect(page.getByTestId('group-deploy')).toBeVisible();
    await check('group panel');
  }

  await go(page, '/registry');
  await check('registry');

  await go(page, '/packages');
  await page.locator('tr[data-fileid]').first().click();
  await check('packages (selected, activation)');
  await page.getByTestId('tab-stats').click();
  await expect(page.getByTestId('stats-panel')).toBeVisible();
  await check('packages statistics');
  await screenshot(page, `rights-${who}-packages`);

  await go(page, '/ipdiscover');
  for (const t of ['tab-networks', 'tab-types', 'tab-analysis', 'tab-vendors']) {
    await page.getByTestId(t).click();
    await check(`ipdiscover ${t}`);
  }

  await go(page, '/duplicates');
  await check('duplicates');
  await page.getByTestId('tab-blacklists').click();
  await check('duplicates blacklists');

  for (const p of [
    '/snmp',
    '/software',
    '/cve',
    '/software-categories',
    '/asset-categories',
    '/dictionary',
    '/diagnostics',
    '/database',
    '/certificates',
    '/options',
    '/agentfiles',
  ]) {
    await go(page, p);
    await check(p);
  }
  // Screens behind a right are not in the navigation without it.
  for (const [p, right] of [
    ['/operators', 'manageOperators'],
    ['/adminfields', 'configure'],
    ['/import', 'importInventory'],
    ['/snmp-config', 'configure'],
  ] as const) {
    const link = page.locator(`[aria-label="Main navigation"] a[href="${p}"]`);
    if (held.includes(right)) {
      await go(page, p);
      await check(p);
    } else await expect(link).toHaveCount(0);
  }
  return seen;
}

/** For every right seen on screen: a direct call is refused exactly when the operator lacks it. */
async function directCallsAgree(
  page: Page,
  held: readonly Right[],
  seen: Seen,
  refusal: string,
): Promise<void> {
  for (const right of seen.rights) {
    const r = await rpcFromPage(page, SAMPLE_ROUTE[right], {});
    expect(r.ok, `${SAMPLE_ROUTE[right]} with {}`).toBe(false);
    if (held.includes(right)) expect([refusal, 'FORBIDDEN'], right).not.toContain(r.error?.code);
    else expect(r.error?.code, `${SAMPLE_ROUTE[right]} (${right})`).toBe(refusal);
  }
}

test.describe.configure({ mode: 'serial' });

test.describe('actions by rights on every screen (issue 19 item 5)', () => {
  let db = '';
  let k: Knex;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: 30, seed: 7, batch: 30, concurrency: 1, baseDate: new Date() });
    await k('download_available').insert({
      FILEID: '1700000200',
      NAME: 'Rights package',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: 10,
      OSNAME: 'WINDOWS',
    });
    const [enableId] = await k('download_enable').insert({
      FILEID: '1700000200',
      INFO_LOC: 'l/d',
      PACK_LOC: 'l/d',
    });
    const ids = (await k('hardware').pluck('ID')) as number[];
    await k('devices').insert(
      ids
        .slice(0, 6)
        .map((id) => ({ HARDWARE_ID: id, NAME: 'DOWNLOAD', IVALUE: enableId, TVALUE: 'SUCCESS' })),
    );
    const sha = (p: string) => createHash('sha256').update(p).digest('hex');
    await k('operators').insert([
      {
        ID: VIEWER.login,
        PASSWD: sha(VIEWER.password),
        PASSWORD_VERSION: 2,
        ACCESSLVL: 1,
        NEW_ACCESSLVL: 'read-only',
      },
      {
        ID: LYON.login,
        PASSWD: sha(LYON.password),
        PASSWORD_VERSION: 2,
        ACCESSLVL: 1,
        NEW_ACCESSLVL: 'ladmin',
      },
    ]);
    await k('tags').insert({ Login: LYON.login, Tag: 'LYON-*' });
    // A read-only DB account as `db init --readonly-user` makes it (SELECT + the console's own tables).
    const server = await createPool(ROOT, { database: null, max: 1 });
    try {
      for (const host of ['localhost', '127.0.0.1']) {
        await dropAccount(server, RO_ACCOUNT.user, host);
        await createAccount(server, RO_ACCOUNT.user, host, RO_ACCOUNT.password);
        await grantReadOnly(server, db, RO_ACCOUNT.user, host, READONLY_ACCOUNT_WRITES);
      }
    } finally {
      await server.destroy();
    }
  });
  test.afterAll(async () => {
    await k?.destroy();
    const server = await createPool(ROOT, { database: null, max: 1 });
    for (const host of ['localhost', '127.0.0.1']) await dropAccount(server, RO_ACCOUNT.user, host);
    await server.destroy();
    if (db) await dropDb(db);
  });

  test('Super administrator: every write control is offered', async ({ page, shell }) => {
    test.setTimeout(420_000);
    await loginAsAdmin(page, shell, db);
    // A group to walk its panel (deploy, settings) in every test.
    const g = await rpcFromPage(page, 'groups.create', {
      kind: 'static',
      name: 'Rights e2e group',
      description: 'walked by rights.spec',
      visible: true,
    });
    expect(g.ok).toBe(true);
    const held = PROFILE_RIGHTS.sadmin;
    const seen = await walk(page, held, 'sadmin');
    await expect(page.locator('main [data-denied]')).toHaveCount(0);
    // The walk met the write controls of every right but browse-only ones.
    for (const r of held.filter(
      (x) => !['browse', 'manageOperators', 'importInventory', 'identifyDevices'].includes(x),
    ))
      expect([...seen.rights], r).toContain(r);
    await directCallsAgree(page, held, seen, 'FORBIDDEN');
  });

  test('User (read-only profile): nothing a direct call would refuse is enabled', async ({ page, shell }) => {
    test.setTimeout(420_000);
    await loginAs(page, shell, db, VIEWER.login, VIEWER.password);
    const held = PROFILE_RIGHTS['read-only'];
    const seen = await walk(page, held, 'user');
    expect(seen.rights.size).toBeGreaterThan(5);
    await directCallsAgree(page, held, seen, 'FORBIDDEN');
    // The refused control says which right it needs, on hover and to a screen reader.
    await page.locator('[aria-label="Main navigation"] a[href="/packages"]').click();
    const build = page.getByTestId('new-package');
    await expect(build).toHaveAttribute('aria-disabled', 'true');
    await build.hover();
    await expect(page.getByRole('tooltip')).toContainText('build packages');
    await expect(build).toHaveAccessibleDescription(/build packages.*sadmin/);
    await build.click({ force: true });
    await expect(page.getByRole('textbox', { name: 'Command line' })).toHaveCount(0);
    await expectAccessible(page, 'packages as User');
    await screenshot(page, 'rights-user-tooltip');
    await page.locator('label', { hasText: /^Dark$/ }).click();
    await page.locator('label', { hasText: /^FR$/ }).click();
    await expect(build).toHaveAccessibleDescription(/Demande le droit/);
    await expectAccessible(page, 'packages as User (dark, FR)');
    await screenshot(page, 'rights-user-dark');
  });

  test('TAG-restricted admin (ladmin): its own rights on, the others off with the reason', async ({
    page,
    shell,
  }) => {
    test.setTimeout(420_000);
    await loginAs(page, shell, db, LYON.login, LYON.password);
    const held = PROFILE_RIGHTS.ladmin;
    const seen = await walk(page, held, 'ladmin');
    for (const r of ['editAdminData', 'assignPackages', 'configure', 'buildPackages'] as const)
      expect([...seen.rights]).toContain(r);
    await directCallsAgree(page, held, seen, 'FORBIDDEN');
  });

  test('read-only DB account: an administrator sees the writes off, with the account as the reason', async ({
    page,
    shell,
  }) => {
    test.setTimeout(420_000);
    await connectReadOnly(page, shell, db);
    await expect(page.getByTestId('db-read-only')).toBeVisible();
    const seen = await walk(page, ['browse'], 'readonly-db');
    await directCallsAgree(page, ['browse'], seen, 'DB_ACCOUNT_READ_ONLY');
    await page.locator('[aria-label="Main navigation"] a[href="/packages"]').click();
    await expect(page.getByTestId('new-package')).toHaveAccessibleDescription(/database account/);
    await expectAccessible(page, 'packages on a read-only account');
  });
});

async function connectReadOnly(page: Page, shell: Shell, db: string): Promise<void> {
  await page.goto(shell.url);
  const screen = new ConnectionScreen(page);
  await screen.fill({ database: db, user: RO_ACCOUNT.user, password: RO_ACCOUNT.password });
  await screen.connect();
  await page.getByRole('textbox', { name: 'Login' }).fill('admin');
  await page
    .getByLabel(/^Password/)
    .first()
    .fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
}
