import type { Knex } from 'knex';
import { seedFleet } from '../../src-main/demo/seed-fleet';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible, SearchScreen } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe.configure({ mode: 'serial' });

test.describe('Groups screen', () => {
  let db = '';
  let k: Knex;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 1 });
    await seedFleet(k, {
      computers: 40,
      seed: 18,
      batch: 40,
      concurrency: 1,
      baseDate: new Date('2026-11-20T12:00:00Z'),
    });
  });
  test.afterAll(async () => {
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('search → make a group → preview → save → drill down → compare → CSV; accessible', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    const [{ n }] = (await k('hardware').where('OSNAME', 'like', '%Windows%').count({ n: '*' })) as [
      { n: number },
    ];
    const windows = Number(n);
    expect(windows).toBeGreaterThan(0);
    await loginAsAdmin(page, shell, db);

    await page.getByRole('link', { name: 'Multi-criteria search' }).click();
    const search = new SearchScreen(page);
    await search.add('Operating system', 'matches', 'Windows');
    await page.getByRole('button', { name: 'Make a group' }).click();
    await expect(page).toHaveURL(/\/groups\?filter=/);
    const editor = page.getByTestId('dynamic-editor');
    await editor.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview-count')).toHaveText(`${windows} computers match now`);
    await expect(editor.locator('pre')).toContainText("and deviceid <> '_SYSTEMGROUP_'");
    await expectAccessible(page, 'group preview');
    await editor.getByRole('textbox', { name: 'Name' }).fill('Windows fleet');
    await editor.getByRole('textbox', { name: 'Description' }).fill('every Windows computer');
    await editor.getByRole('button', { name: 'Save the group' }).click();
    const panel = page.getByTestId('group-panel');
    await expect(panel.getByRole('heading', { name: 'Windows fleet' })).toBeVisible();
    await expect(panel.getByTestId('group-counts')).toContainText(`${windows} members, 0 excluded`);
    await expect(page.getByTestId('member-row')).toHaveCount(Math.min(windows, 50));
    await screenshot(page, 'groups-panel');

    // Drill down: a group inside this one, by TAG of the first member.
    const row = (await k('hardware as h')
      .join('accountinfo as a', 'a.HARDWARE_ID', 'h.ID')
      .where('h.OSNAME', 'like', '%Windows%')
      .first('a.TAG')) as { TAG: string };
    const [{ n: inTag }] = (await k('hardware as h')
      .join('accountinfo as a', 'a.HARDWARE_ID', 'h.ID')
      .where('h.OSNAME', 'like', '%Windows%')
      .andWhere('a.TAG', row.TAG)
      .count({ n: '*' })) as [{ n: number }];
    await panel.getByRole('link', { name: 'New group inside' }).click();
    const inner = new SearchScreen(page);
    await inner.add('TAG', 'equals', row.TAG);
    await editor.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('preview-count')).toContainText(String(inTag));
    await editor.getByRole('textbox', { name: 'Name' }).fill('Windows in one TAG');
    await editor.getByRole('textbox', { name: 'Description' }).fill('drill-down');
    await editor.getByRole('button', { name: 'Save the group' }).click();
    await expect(panel.getByRole('heading', { name: 'Windows in one TAG' })).toBeVisible();
    // the tree shows the child under its parent, with its count
    const child = page.locator('[data-testid="group-row"][data-group="Windows in one TAG"]');
    await expect(child.getByTestId('group-members')).toHaveText(String(inTag));
    await expect(child).toContainText('└');
    await expectAccessible(page, 'groups tree and panel');
    await screenshot(page, 'groups-tree');

    // Exclude the first member, see it under Excluded.
    await page.getByTestId('member-row').first().getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Exclude' }).click();
    await expect(panel.getByTestId('group-counts')).toContainText(`${Number(inTag) - 1} members, 1 excluded`);

    // CSV of the members
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toBe('Windows_in_one_TAG.csv');

    // Compare the two
    await page.getByRole('button', { name: 'Compare two groups' }).click();
    const cmp = page.getByTestId('compare-panel');
    await cmp.getByLabel('Group A', { exact: true }).click();
    await page.getByRole('option', { name: 'Windows fleet', exact: true }).click();
    await cmp.getByLabel('Group B', { exact: true }).click();
    await page.getByRole('option', { name: 'Windows in one TAG', exact: true }).click();
    await expect(cmp.getByTestId('compare-onlyA')).toContainText(`Only in A: ${windows - Number(inTag) + 1}`);
    await expect(cmp.getByTestId('compare-both')).toContainText(`In both: ${Number(inTag) - 1}`);
    await expect(cmp.getByTestId('compare-onlyB')).toContainText('Only in B: 0');
    await expectAccessible(page, 'groups compare');
    await screenshot(page, 'groups-compare');
  });

  test('assign a package to a group, set a group setting, see which setting wins on a member; accessible', async ({
    page,
    shell,
  }) => {
    test.setTimeout(180_000);
    await k('download_available').insert({
      FILEID: '1765000001',
      NAME: 'Browser update',
      PRIORITY: 5,
      FRAGMENTS: 1,
      SIZE: 10,
      OSNAME: 'WINDOWS',
    });
    await k('download_enable').insert({
      FILEID: '1765000001',
      INFO_LOC: '127.0.0.1/download',
      PACK_LOC: '127.0.0.1/download',
    });
    await k('config').where('NAME', 'FREQUENCY').update({ IVALUE: 10 });
    const gid = Number(
      (
        (await k('hardware').where({ DEVICEID: '_SYSTEMGROUP_', NAME: 'Windows fleet' }).first('ID')) as {
          ID: number;
        }
      ).ID,
    );
    const member = Number(
      (
        (await k('groups_cache').where({ GROUP_ID: gid, STATIC: 0 }).first('HARDWARE_ID')) as {
          HARDWARE_ID: number;
        }
      ).HARDWARE_ID,
    );
    await loginAsAdmin(page, shell, db);
    await page.goto(`${shell.origin}/groups?id=${gid}`);
    const deploy = page.getByTestId('group-deploy');
    await deploy.getByLabel('Activated package', { exact: true }).click();
    await page.getByRole('option', { name: 'Browser update', exact: true }).click();
    await deploy.getByLabel('Activation (download location)', { exact: true }).click();
    await page.getByRole('option').first().click();
    await deploy.getByRole('button', { name: 'Assign to the group' }).click();
    await expect(deploy.getByTestId('group-package-stats')).toContainText('not contacted yet');
    const [{ n: rows }] = (await k('devices')
      .where({ HARDWARE_ID: gid, NAME: 'DOWNLOAD' })
      .count({ n: '*' })) as [{ n: number }];
    expect(Number(rows)).toBe(1);

    const settings = page.getByTestId('group-settings');
    await settings.getByRole('textbox', { name: /Inventory frequency/ }).fill('3');
    await settings.getByRole('button', { name: 'Save the settings' }).click();
    await expect
      .poll(
        async () =>
          (await k('devices').where({ HARDWARE_ID: gid, NAME: 'FREQUENCY' }).first('IVALUE'))?.IVALUE,
      )
      .toBe(3);
    await expectAccessible(page, 'group deploy and settings');
    await screenshot(page, 'groups-deploy-settings');

    await page.goto(`${shell.origin}/computers/${member}`);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const row = page.getByTestId('effective-settings').locator('[data-effective-setting="FREQUENCY"]');
    await expect(row.getByTestId('effective-source')).toHaveText('group Windows fleet');
    await expect(row).toContainText('3');
    await expectAccessible(page, 'effective settings');
    await screenshot(page, 'computer-effective-settings');
  });
});
