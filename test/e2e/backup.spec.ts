import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, grantApp, rootParams, uniqueDbName } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin, navLink, rpcFromPage } from './pages/session';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

async function scheme(page: Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

async function openBackup(page: Page): Promise<void> {
  await navLink(page, 'Backup and restore').click();
  await expect(page.getByRole('heading', { name: 'Backup and restore', level: 2 })).toBeVisible();
}

async function count(k: Knex, db: string, table: string): Promise<number> {
  const [[r]] = (await k.raw('SELECT COUNT(*) AS c FROM ??.??', [db, table])) as [[{ c: number }]];
  return Number(r.c);
}

test.describe('backup and restore screen', () => {
  let db = '';
  let target = '';
  let file = '';
  let root: Knex;
  const work = mkdtempSync(path.join(tmpdir(), 'ocsdesk-e2e-backup-'));
  const dbs: string[] = [];

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    db = await createOcsDb();
    dbs.push(db);
    root = await createPool(rootParams(db), { max: 2 });
    await seedFleet(root, { computers: 40, seed: 7, batch: 40, concurrency: 1 });
    target = uniqueDbName('ocsdesk_e2e_rs');
    dbs.push(target);
    await grantApp(target);
  });
  test.afterAll(async () => {
    await root?.destroy();
    for (const d of dbs) await dropDb(d).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  });

  test('back up a seeded database, restore it into a new one: verification equal; axe', async ({
    page,
    shell,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await openBackup(page);
    await expect(page.getByRole('heading', { name: `Back up ${db}` })).toBeVisible();
    await expectAccessible(page, 'backup page');

    await page.getByTestId('backup-folder').fill(work);
    await page.getByTestId('backup-name').fill('e2e.sql.gz');
    await expect(page.getByRole('radio', { name: 'Built-in dumper' })).toBeChecked();
    await page.getByTestId('backup-start').click();
    const summary = page.getByTestId('backup-summary');
    await expect(summary).toBeVisible({ timeout: 120_000 });
    file = path.join(work, 'e2e.sql.gz');
    await expect(page.getByTestId('backup-file')).toHaveText(file);
    await expect(page.getByTestId('backup-tool')).toHaveText('Written by the built-in dumper.');
    expect(readdirSync(work)).toEqual(['e2e.sql.gz']);
    const hw = await count(root, db, 'hardware');
    expect(Number((await page.getByTestId('sum-rows').innerText()).replace(/\D/g, ''))).toBeGreaterThan(hw);
    await expect(page.getByTestId('sum-tables')).not.toHaveText('0');

    await page.getByTestId('restore-file').fill(file);
    await page.getByTestId('restore-database').fill(target);
    await expect(page.getByTestId('restore-target-state')).toHaveText(
      `${target} does not exist: it will be created.`,
    );
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('verify-equal')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('verify-equal')).toContainText(
      'row counts and checksums against the manifest: all equal',
    );
    expect(await count(root, target, 'hardware')).toBe(hw);
    await expectAccessible(page, 'backup page after a restore');
    await screenshot(page, 'backup-restore-done');
  });

  test('a non-empty target is refused without the typed name; replaced with it', async ({ page, shell }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(page, shell, db);
    await openBackup(page);
    await page.getByTestId('restore-file').fill(file);
    await page.getByTestId('restore-database').fill(target);
    const warn = page.getByTestId('restore-nonempty');
    await expect(warn).toBeVisible();
    await expect(warn).toContainText(`${target} already holds`);
    const startBtn = page.getByTestId('restore-start');
    await expect(startBtn).toHaveText(`Replace ${target}`);
    await expect(startBtn).toBeDisabled();
    await page.getByTestId('restore-confirm').fill(`${target}x`);
    await expect(startBtn).toBeDisabled();
    // The main process refuses it too, whatever the screen does.
    const direct = await rpcFromPage(page, 'backup.restore', { file, database: target });
    expect(direct.ok).toBe(true); // a job: it starts, then fails before any write
    const refused = await rpcFromPage(page, 'backup.restore', {
      file,
      database: target,
      confirmOverwrite: 'wrong',
    });
    expect(refused.ok).toBe(true);
    await expect
      .poll(async () => {
        const jobs = (await rpcFromPage(page, 'jobs.list', {})) as unknown as {
          data?: Array<{ state: string; error?: { code: string } }>;
        };
        return (jobs.data ?? []).map((j) => `${j.state}:${j.error?.code ?? ''}`).sort();
      })
      .toEqual(['failed:VALIDATION_FAILED', 'failed:VALIDATION_FAILED']);
    await screenshot(page, 'backup-restore-confirm');

    await page.getByTestId('restore-confirm').fill(target);
    await expect(startBtn).toBeEnabled();
    await startBtn.click();
    await expect(page.getByTestId('verify-equal')).toBeVisible({ timeout: 120_000 });
  });

  test('light and dark, English and French: accessible; screenshots', async ({ page, shell }) => {
    test.setTimeout(300_000);
    await loginAsAdmin(page, shell, db);
    await openBackup(page);
    await page.getByTestId('restore-file').fill(file);
    await page.getByTestId('restore-database').fill(target);
    await expect(page.getByTestId('restore-nonempty')).toBeVisible();
    for (const lang of ['EN', 'FR'] as const) {
      await page.getByText(lang, { exact: true }).click();
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(
        lang === 'EN' ? 'Backup and restore' : 'Sauvegarde et restauration',
      );
      for (const s of ['Light', 'Dark'] as const) {
        await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
        await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
        await expectAccessible(page, `backup ${lang} ${s}`);
        await screenshot(page, `backup-${lang.toLowerCase()}-${s.toLowerCase()}`);
      }
    }
    await scheme(page, 'Clair');
    await page.getByText('EN', { exact: true }).click();
  });
});
