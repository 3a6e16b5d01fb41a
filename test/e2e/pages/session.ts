import { expect, type Page } from '@playwright/test';
import type { Shell } from '../fixtures';
import { ConnectionScreen } from './connection-page';
import { plantedPassword } from '../../helpers/planted-passwords';

/** What loginAsAdmin sets when the database still has the default admin/admin. */
export const ADMIN_PASSWORD = plantedPassword('e2eAdmin');

/** Opens the web shell and connects it to `db` (root on the test MariaDB). */
export async function connectTo(page: Page, shell: Shell, db: string): Promise<void> {
  // dist/renderer is shared: while someone rebuilds it the shell briefly has no index.html to send.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(shell.url);
      break;
    } catch (e) {
      if (attempt >= 8 || !/ERR_EMPTY_RESPONSE|ERR_CONNECTION/.test(String(e))) throw e;
      await page.waitForTimeout(2000);
    }
  }
  const screen = new ConnectionScreen(page);
  await screen.fill({ database: db });
  await screen.connect();
  await expect(page.getByRole('textbox', { name: 'Login' })).toBeVisible();
}

export async function submitLogin(page: Page, login: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Login' }).fill(login);
  await page
    .getByLabel(/^Password/)
    .first()
    .fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Waits for the console (the layout's navigation) after a login. */
async function expectConsole(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
}

/** The forced first change on the change-password screen: admin/admin becomes ADMIN_PASSWORD. */
export async function changeDefaultAdminPassword(page: Page): Promise<void> {
  await page
    .getByLabel(/^Current password/)
    .first()
    .fill('admin');
  await page
    .getByLabel(/^New password/)
    .first()
    .fill(ADMIN_PASSWORD);
  await page
    .getByLabel(/^Repeat the new password/)
    .first()
    .fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
}

/** Connects and logs in as any operator whose password is not a default one. */
export async function loginAs(
  page: Page,
  shell: Shell,
  db: string,
  login: string,
  password: string,
): Promise<void> {
  await connectTo(page, shell, db);
  await submitLogin(page, login, password);
  await expectConsole(page);
}

/**
 * Connect + log in as admin. A fresh OCS database has admin/admin, which forces a password change: the
 * helper changes it to ADMIN_PASSWORD; on a database where that already happened it logs in with it.
 */
export async function loginAsAdmin(page: Page, shell: Shell, db: string): Promise<void> {
  await connectTo(page, shell, db);
  await submitLogin(page, 'admin', 'admin');
  const change = page.getByRole('button', { name: 'Change password' });
  const refused = page.locator('[data-error-code="AUTH_BAD_CREDENTIALS"]');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(change.or(refused).or(nav).first()).toBeVisible();
  if (await change.isVisible()) {
    await changeDefaultAdminPassword(page);
  } else if (await refused.isVisible()) {
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
  }
  await expectConsole(page);
}

/** Calls a route from the page with the tab's own token, as the renderer does (for "a direct call is refused"). */
export async function rpcFromPage(
  page: Page,
  route: string,
  input: unknown,
): Promise<{ ok: boolean; error?: { code: string } }> {
  return page.evaluate(
    async ([r, i]) => {
      const token = (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
      ).sessionStorage.getItem('ocs-desk-token');
      const res = await fetch('/api/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ route: r, input: i }),
      });
      return (await res.json()) as { ok: boolean; error?: { code: string } };
    },
    [route, input] as const,
  );
}

/** A link of the main navigation by its exact name (Home's tiles carry names such as "Computers: 30"). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name, exact: true });
}
