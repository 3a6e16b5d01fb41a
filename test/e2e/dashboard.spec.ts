import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Page } from '@playwright/test';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { ComputersGrid, expectAccessible } from './pages/computers-pages';
import { loginAs, loginAsAdmin, navLink } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

const N = 60;
const LYON = { login: 'lyon', password: plantedPassword('e2eLyon') };
const IMAGES = path.resolve(import.meta.dirname, '../../docs/images');

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

/** Picks a colour scheme by its label in the header (it follows the language). */
async function scheme(page: Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

test.describe('home dashboard', () => {
  let db = '';
  let k: Knex;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await seedFleet(k, { computers: N, seed: 5, batch: N, concurrency: 1, baseDate: new Date() });
    // Contacts spread over 45 days (whole days + 6 h), so every contact tile has computers.
    await k.raw('UPDATE hardware SET LASTCOME = NOW() - INTERVAL (ID % 45) DAY - INTERVAL 6 HOUR');
    await k('download_available').insert({
      FILEID: '1700000100',
      NAME: 'Firefox ESR 128',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: 10,
      OSNAME: 'WINDOWS',
    });
    const [enableId] = await k('download_enable').insert({
      FILEID: '1700000100',
      INFO_LOC: 'l/d',
      PACK_LOC: 'l/d',
    });
    const ids = (await k('hardware').pluck('ID')) as number[];
    const states = ['NOTIFIED', 'SUCCESS', 'ERR_DOWNLOAD_INFO', null, 'SUCCESS'];
    await k('devices').insert(
      ids.map((id, i) => ({ HARDWARE_ID: id, NAME: 'DOWNLOAD', IVALUE: enableId, TVALUE: states[i % 5] })),
    );
    // Hosts an IP discovery agent saw and nobody inventoried.
    await k('netmap').insert(
      [1, 2, 3, 4, 5, 6, 7].map((n) => ({
        IP: `127.20.0.${200 + n}`,
        MAC: `02:00:00:00:99:0${n}`,
        MASK: '255.255.255.0',
        NETID: '127.20.0.0',
      })),
    );
    // A Local admin restricted to the Lyon sites (ocsreports' perimeter rows).
    await k('operators').insert({
      ID: LYON.login,
      FIRSTNAME: 'Ly',
      LASTNAME: 'On',
      PASSWD: createHash('sha256').update(LYON.password).digest('hex'),
      PASSWORD_VERSION: 2,
      ACCESSLVL: 1,
      NEW_ACCESSLVL: 'ladmin',
    });
    await k('tags').insert({ Login: LYON.login, Tag: 'LYON-*' });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('restricted operator: every figure is within the perimeter and opens the computers it counts', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    const [row] = (await k.raw(
      `SELECT COUNT(*) n, SUM(h.LASTCOME < NOW() - INTERVAL 30 DAY) old FROM hardware h
       JOIN accountinfo a ON a.HARDWARE_ID = h.ID WHERE a.TAG LIKE 'LYON-%'`,
    )) as [Array<{ n: number; old: number }>];
    const inside = Number(row[0]!.n);
    const old = Number(row[0]!.old);
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(N);

    await loginAs(page, shell, db, LYON.login, LYON.password);
    await expect(page.getByTestId('home-computers')).toHaveText(String(inside));
    await expect(page.getByTestId('tile-notSeen30').locator('[data-count]')).toHaveAttribute(
      'data-count',
      String(old),
    );
    // Only Lyon TAGs in the TAG card.
    const tagLinks = page.getByTestId('dash-tags-list').getByRole('link');
    await expect(tagLinks.first()).toBeVisible();
    for (const name of await tagLinks.allTextContents()) expect(name).toMatch(/^LYON-/);
    await expectAccessible(page, 'dashboard (restricted)');

    // Tile → the search of the computers it counted.
    await page.getByTestId('tile-notSeen30').click();
    const grid = new ComputersGrid(page);
    await grid.expectRows();
    expect(await grid.total()).toBe(old);

    // An OS value → as many computers as the dashboard said.
    await navLink(page, 'Home').click();
    const os = page.getByTestId('dash-os-list').getByRole('listitem').first();
    const osCount = Number(await os.locator('[data-count]').getAttribute('data-count'));
    await os.getByRole('link').click();
    await grid.expectRows();
    expect(await grid.total()).toBe(osCount);

    // Failing deployments, through the logo back home.
    await page.getByTestId('logo-home').click();
    const failing = page.getByTestId('dash-failing');
    const failCount = Number(await failing.locator('[data-count]').getAttribute('data-count'));
    expect(failCount).toBeGreaterThan(0);
    await failing.click();
    await grid.expectRows();
    expect(await grid.total()).toBe(failCount);
  });

  test('admin: light and dark, English and French, accessible; screenshots for the docs', async ({
    page,
    shell,
  }) => {
    // Four axe runs and full-page screenshots: minutes on a loaded machine.
    test.setTimeout(480_000);
    await loginAsAdmin(page, shell, db);
    await expect(page.getByTestId('home-computers')).toHaveText(String(N));
    await expect(page.getByTestId('dash-noninventoried').locator('[data-count]')).toHaveAttribute(
      'data-count',
      '7',
    );
    await expect(page.getByTestId('dash-software-list').getByRole('link').first()).toBeVisible();
    // The Diagnostics checks have answered.
    await expect(page.getByTestId('home-checking')).toHaveCount(0);
    for (const lang of ['EN', 'FR'] as const) {
      await page.getByText(lang, { exact: true }).click();
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(lang === 'EN' ? 'Home' : 'Accueil');
      for (const s of ['Light', 'Dark'] as const) {
        await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
        await expectAccessible(page, `dashboard ${lang} ${s}`);
        const name = `dashboard-${lang.toLowerCase()}-${s.toLowerCase()}`;
        await screenshot(page, name);
        await page.screenshot({ path: path.join(IMAGES, `${name}.png`), fullPage: true });
      }
    }
    await scheme(page, 'Clair');
    await page.getByText('EN', { exact: true }).click();
  });
});
