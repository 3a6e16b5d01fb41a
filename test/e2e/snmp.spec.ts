import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { Page } from '@playwright/test';
import { createPool } from '../../src-main/platform/db/connect';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { snmpdUnavailableReason, startSnmpd, type TestSnmpd } from '../helpers/snmpd';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAs, loginAsAdmin, navLink } from './pages/session';
import { plantedPassword } from '../helpers/planted-passwords';

/**
 * SNMP screens: a type configured through the configuration screen (its table and columns are what
 * the comm server stores into; snmp.test.ts posts through the real comm server), devices written into
 * that table as the comm server writes them, the list (search, CSV), the detail and its admin data,
 * write-only community secrets, the preview against this test's own snmpd on 127.0.0.1, the home
 * counts, a read-only operator; axe in light and dark, English and French, with screenshots.
 */

const COMMUNITY = 'e2e-Snmp-C0mm-5f3a';
const VIEWER = { login: 'snmpview', password: plantedPassword('e2eSnmpViewer') };
const noSnmpd = snmpdUnavailableReason();

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

async function scheme(page: Page, name: string): Promise<void> {
  await page
    .getByRole('radio', { name })
    .check({ force: true })
    .catch(async () => page.getByText(name, { exact: true }).click());
}

/** Picks an option of a Mantine Select by its label. */
async function pick(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('SNMP devices and configuration', () => {
  let db = '';
  let k: Knex;
  let agent: TestSnmpd | null = null;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    await k('operators').insert({
      ID: VIEWER.login,
      FIRSTNAME: 'Snmp',
      LASTNAME: 'Viewer',
      PASSWD: createHash('sha256').update(VIEWER.password).digest('hex'),
      PASSWORD_VERSION: 2,
      ACCESSLVL: 1,
      NEW_ACCESSLVL: 'read-only',
    });
    if (!noSnmpd)
      agent = await startSnmpd({
        community: COMMUNITY,
        sysName: 'e2e-printer',
        sysDescr: 'HP LaserJet e2e',
        values: [['.1.3.6.1.2.1.43.5.1.1.17.1', 'octet_str', 'SN-E2E-PREVIEW']],
      });
  });
  test.afterAll(async () => {
    await agent?.stop();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  test('admin configures a type, a community, previews it, then browses and edits devices', async ({
    page,
    shell,
  }) => {
    test.setTimeout(300_000);
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'SNMP configuration').click();
    await expect(page.getByRole('heading', { level: 2, name: 'SNMP configuration' })).toBeVisible();

    // Labels first (they are the columns), then the type, its condition and its OIDs.
    await page.getByTestId('snmp-tab-labels').click();
    for (const name of ['Serial_Number', 'PrinterName', 'Toner']) {
      await page.getByTestId('snmp-new-label').fill(name);
      await page.getByRole('button', { name: 'Create the label' }).click();
      await expect(
        page.getByTestId('snmp-labels-table').getByRole('cell', { name, exact: true }),
      ).toBeVisible();
    }
    await page.getByTestId('snmp-tab-types').click();
    await page.getByTestId('snmp-new-type').fill('Lab Printers');
    await page.getByRole('button', { name: 'Create the type' }).click();
    const card = page.getByTestId('snmp-type-Lab Printers');
    await expect(card).toBeVisible();
    await card.getByRole('textbox', { name: 'OID', exact: true }).first().fill('1.3.6.1.2.1.1.1.0');
    await card.getByRole('textbox', { name: /^Value/ }).fill('HP*');
    await card.getByRole('button', { name: 'Add the condition' }).click();
    await expect(card.getByRole('table', { name: 'Conditions of Lab Printers' })).toContainText('HP*');
    const oids: Array<[string, string, boolean]> = [
      ['Serial_Number', '1.3.6.1.2.1.43.5.1.1.17.1', true],
      ['PrinterName', '1.3.6.1.2.1.1.5.0', false],
      ['Toner', '1.3.6.1.4.1.99999.1', false],
    ];
    const configs = card.getByRole('table', { name: 'OIDs collected for Lab Printers' });
    for (const [label, oid, rec] of oids) {
      await pick(page, card, 'Label', label);
      await card.getByRole('textbox', { name: 'OID', exact: true }).last().fill(oid);
      if (rec) await card.getByRole('checkbox', { name: 'reconciliation' }).check();
      await card.getByRole('button', { name: 'Add the OID' }).click();
      await expect(configs.getByRole('cell', { name: label, exact: true })).toBeVisible();
    }
    // What ocsreports would have created, so the comm server stores into it.
    const cols = (await k('information_schema.COLUMNS')
      .where({ TABLE_SCHEMA: db, TABLE_NAME: 'snmp_lab_printers' })
      .orderBy('ORDINAL_POSITION')
      .pluck('COLUMN_NAME')) as string[];
    expect(cols).toEqual(['ID', 'LASTDATE', 'Serial_Number', 'PrinterName', 'Toner']);
    expect(await k('snmp_types').where('TYPE_NAME', 'Lab Printers').first()).toMatchObject({
      CONDITION_OID: '1.3.6.1.2.1.1.1.0',
      CONDITION_VALUE: 'HP*',
    });
    await expectAccessible(page, 'SNMP configuration, types');

    // A v2c community: once saved its string is never shown again, only "set"; editing offers "replace".
    await page.getByTestId('snmp-tab-communities').click();
    await page.getByTestId('snmp-community-add').click();
    await page.getByTestId('snmp-community-secret').fill(COMMUNITY);
    await page.getByTestId('snmp-community-save').click();
    const row = page.getByTestId('snmp-community-row');
    await expect(row).toHaveCount(1);
    await expect(row.locator('[data-secret="set"]')).toHaveText('set');
    await expect(page.locator('body')).not.toContainText(COMMUNITY);
    await row.getByRole('button', { name: /^Edit the community/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the SNMP community' });
    await expect(dialog.getByTestId('snmp-community-secret')).toHaveValue('');
    await expect(dialog.getByTestId('snmp-community-secret')).toHaveAttribute('placeholder', /^Replace/);
    await expectAccessible(page, 'SNMP community edit');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await page.content()).not.toContain(COMMUNITY);
    expect((await k('snmp_communities').first()) as Record<string, string>).toMatchObject({
      VERSION: '2c',
      NAME: COMMUNITY,
    });

    // Preview from this machine, against this test's snmpd only.
    if (agent) {
      await page.getByTestId('snmp-tab-preview').click();
      await page.getByTestId('snmp-preview-address').fill('127.0.0.1');
      await page.getByTestId('snmp-preview-port').fill(String(agent.port));
      await pick(page, page, 'Type to preview', 'Lab Printers');
      await page.getByText('A saved community', { exact: true }).click();
      await pick(
        page,
        page,
        'Community',
        `#${String(((await k('snmp_communities').first()) as { ID: number }).ID)} v2c`,
      );
      await page.getByTestId('snmp-preview-run').click();
      const result = page.getByTestId('snmp-preview-result');
      await expect(result.locator('[data-reachable="true"]')).toContainText('e2e-printer');
      await expect(page.getByTestId('snmp-preview-values')).toContainText('SN-E2E-PREVIEW');
      await expect(result.getByRole('table', { name: 'Conditions of the type' })).toContainText('Yes');
      await expectAccessible(page, 'SNMP preview');
      await screenshot(page, 'snmp-preview');
    }

    // Devices as the comm server writes them (snmp.test.ts posts them through the real server).
    await k('snmp_lab_printers').insert([
      { Serial_Number: 'SN-0001', PrinterName: 'lab-printer-1', Toner: '42' },
      { Serial_Number: 'SN-0002', PrinterName: 'lab-printer-2', Toner: '7' },
      { Serial_Number: 'SN-0003', PrinterName: 'Imprimante-é', Toner: '90' },
    ]);

    // Home: counts per type, click-through to the list.
    await page.getByTestId('logo-home').click();
    const item = page.getByTestId('dash-snmp-list').getByRole('listitem').filter({ hasText: 'Lab Printers' });
    await expect(item.locator('[data-count]')).toHaveAttribute('data-count', '3');
    await item.getByRole('link', { name: 'Lab Printers' }).click();

    const grid = page.getByRole('grid', { name: 'SNMP devices of type Lab Printers' });
    await expect(grid.locator('tbody tr[data-id]')).toHaveCount(3);
    await expect(page.getByTestId('grid-range')).toContainText('of 3');
    await expect(grid.getByRole('columnheader', { name: 'Last inventory' })).toBeVisible();

    // CSV of the list: UTF-8 with a byte order mark, a header and one line per device.
    const download = page.waitForEvent('download');
    await page.getByTestId('snmp-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('snmp_lab_printers.csv');
    const csv = await readFile(await file.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('LASTDATE,Serial_Number,PrinterName,Toner,TAG');
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toContain('Imprimante-é');

    // Search in every column.
    await page.getByTestId('snmp-search').fill('printer-2');
    await expect(grid.locator('tbody tr[data-id]')).toHaveCount(1);
    await expect(grid).toContainText('SN-0002');

    // Detail and admin data (the TAG), saved into snmp_accountinfo.
    await grid.locator('tbody tr[data-id]').first().click();
    await expect(page.getByTestId('snmp-device-name')).toHaveText('SN-0002');
    await expect(page.getByTestId('snmp-device-values')).toContainText('lab-printer-2');
    const form = page.getByTestId('snmp-admin-form');
    await form.getByRole('textbox', { name: 'TAG' }).fill('DATACENTER');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Admin data saved')).toBeVisible();
    await expect
      .poll(async () =>
        k('snmp_accountinfo').select(
          'SNMP_TYPE',
          'SNMP_RECONCILIATION_FIELD',
          'SNMP_RECONCILIATION_VALUE',
          'TAG',
        ),
      )
      .toEqual([
        {
          SNMP_TYPE: 'snmp_lab_printers',
          SNMP_RECONCILIATION_FIELD: 'Serial_Number',
          SNMP_RECONCILIATION_VALUE: 'SN-0002',
          TAG: 'DATACENTER',
        },
      ]);
    await expectAccessible(page, 'SNMP device detail');
    await page.getByRole('button', { name: 'Back to the SNMP devices' }).click();
    await expect(grid.locator('tbody tr[data-id]')).toHaveCount(1);
    await expect(grid).toContainText('DATACENTER');
  });

  test('MIB files: read on this machine, their OIDs added to a type under labels named after them', async ({
    page,
    shell,
  }) => {
    test.setTimeout(120_000);
    await loginAsAdmin(page, shell, db);
    await navLink(page, 'SNMP configuration').click();
    await page.getByTestId('snmp-tab-mib').click();
    // Two modules, one importing the other: snmptranslate must resolve the import among the uploaded files.
    const base =
      'DESK-BASE-MIB DEFINITIONS ::= BEGIN\ndeskRoot OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99999 }\nEND\n';
    const printer =
      'DESK-PRINTER-MIB DEFINITIONS ::= BEGIN\nIMPORTS deskRoot FROM DESK-BASE-MIB;\n' +
      'deskPrinter OBJECT IDENTIFIER ::= { deskRoot 7 }\ndeskTrays OBJECT IDENTIFIER ::= { deskPrinter 1 }\nEND\n';
    await page.locator('input[type="file"]').setInputFiles([
      { name: 'DESK-BASE-MIB.txt', mimeType: 'text/plain', buffer: Buffer.from(base) },
      { name: 'DESK-PRINTER-MIB.txt', mimeType: 'text/plain', buffer: Buffer.from(printer) },
    ]);
    await page.getByRole('button', { name: 'Read the files' }).click();
    await expect(page.getByTestId('snmp-mib-summary')).toContainText(
      'Modules DESK-BASE-MIB, DESK-PRINTER-MIB',
    );
    const oids = page.getByTestId('snmp-mib-oids');
    await expect(oids.getByRole('row').filter({ hasText: 'deskTrays' })).toContainText(
      '1.3.6.1.4.1.99999.7.1',
    );
    await page.getByRole('textbox', { name: 'Filter' }).fill('trays');
    await expect(oids.locator('tbody tr')).toHaveCount(1);
    await oids.getByRole('checkbox', { name: 'Pick deskTrays' }).check();
    await pick(page, page, 'Add to the type', 'Lab Printers');
    await expectAccessible(page, 'SNMP MIB files');
    await screenshot(page, 'snmp-mib');
    await page.getByRole('button', { name: 'Add 1 OID' }).click();
    await expect(page.getByText('1 OID added to Lab Printers')).toBeVisible();

    // A label named after the MIB object, its OID configured for the type, a column in the type's table.
    const label = (await k('snmp_labels').where('LABEL_NAME', 'deskTrays').first()) as
      { ID: number } | undefined;
    expect(label).toBeDefined();
    const type = (await k('snmp_types').where('TYPE_NAME', 'Lab Printers').first()) as { ID: number };
    expect(await k('snmp_configs').where({ TYPE_ID: type.ID, LABEL_ID: label!.ID }).select('OID')).toEqual([
      { OID: '1.3.6.1.4.1.99999.7.1' },
    ]);
    const cols = (await k('information_schema.COLUMNS')
      .where({ TABLE_SCHEMA: db, TABLE_NAME: 'snmp_lab_printers' })
      .pluck('COLUMN_NAME')) as string[];
    expect(cols).toContain('deskTrays');
  });

  test('light and dark, English and French, accessible; screenshots', async ({ page, shell }) => {
    test.setTimeout(480_000);
    await loginAsAdmin(page, shell, db);
    const typeId = Number((await k('snmp_types').where('TYPE_NAME', 'Lab Printers').first()).ID);
    const device = Number((await k('snmp_lab_printers').where('Serial_Number', 'SN-0002').first()).ID);
    const screens: Array<[string, string, (lang: 'EN' | 'FR') => Promise<void>]> = [
      [
        'snmp-devices',
        `/snmp?type=${typeId}`,
        async (lang) => {
          const name =
            lang === 'EN' ? 'SNMP devices of type Lab Printers' : 'Équipements SNMP du type Lab Printers';
          await expect(page.getByRole('grid', { name }).locator('tbody tr[data-id]')).toHaveCount(3);
        },
      ],
      [
        'snmp-device',
        `/snmp/${typeId}/${device}`,
        async () => {
          await expect(page.getByTestId('snmp-device-name')).toHaveText('SN-0002');
        },
      ],
      [
        'snmp-config',
        '/snmp-config',
        async () => {
          await expect(page.getByTestId('snmp-type-Lab Printers')).toBeVisible();
        },
      ],
    ];
    for (const lang of ['EN', 'FR'] as const) {
      await page.getByText(lang, { exact: true }).click();
      for (const [name, hash, ready] of screens) {
        // In-app navigation (react-router follows popstate), keeping the session of this tab.
        await page.evaluate((h) => {
          const w = globalThis as unknown as {
            history: { pushState(s: unknown, t: string, u: string): void };
            dispatchEvent(e: unknown): void;
            PopStateEvent: new (type: string) => unknown;
          };
          w.history.pushState({}, '', h);
          w.dispatchEvent(new w.PopStateEvent('popstate'));
        }, hash);
        await ready(lang);
        for (const s of ['Light', 'Dark'] as const) {
          await scheme(page, lang === 'EN' ? s : s === 'Light' ? 'Clair' : 'Sombre');
          await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', s.toLowerCase());
          await expectAccessible(page, `${name} ${lang} ${s}`);
          await screenshot(page, `${name}-${lang.toLowerCase()}-${s.toLowerCase()}`);
        }
      }
    }
    await scheme(page, 'Clair');
    await page.getByText('EN', { exact: true }).click();
  });

  test('a read-only operator sees devices and admin data, changes nothing', async ({ page, shell }) => {
    test.setTimeout(120_000);
    await loginAs(page, shell, db, VIEWER.login, VIEWER.password);
    await expect(navLink(page, 'SNMP configuration')).toHaveCount(0);
    await navLink(page, 'SNMP devices').click();
    // One tab per type (the fresh database's Default type first), each with its count.
    await page.getByRole('tab', { name: 'Lab Printers (3)' }).click();
    const grid = page.getByRole('grid', { name: 'SNMP devices of type Lab Printers' });
    await expect(grid.locator('tbody tr[data-id]')).toHaveCount(3);
    await grid.locator('tbody tr[data-id]').filter({ hasText: 'SN-0002' }).click();
    await expect(page.getByTestId('snmp-admin-readonly')).toContainText('DATACENTER');
    await expect(page.getByTestId('snmp-admin-readonly-reason')).toBeVisible();
    await expect(page.getByTestId('snmp-admin-form')).toHaveCount(0);
    await expectAccessible(page, 'SNMP device, read-only');
  });
});
