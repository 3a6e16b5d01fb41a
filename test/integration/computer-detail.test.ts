import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactOuiList } from '../../shared/net/mac-vendors';
import { composeApp } from '../../src-main/app/compose';
import { createPool } from '../../src-main/platform/db/connect';
import { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, callerOf, failure, operatorOf } from '../helpers/app';
import { appParams, createOcsDb, dropDb, rootParams } from '../helpers/db';

/**
 * The computer detail against ocsreports 2.11's sections (virtual machines, local users and groups, SaaS,
 * batteries, SIM, repositories...), checked against plain SQL, as a TAG-restricted operator on the
 * application account; MAC vendors from the shipped list and from a list the admin refreshes.
 */
const configDir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-detail-'));
const app = composeApp({ checkOutputs: true, configDir });
const call = callerOf(app);

async function open(op: typeof ADMIN, db: string): Promise<Session> {
  const s = new Session();
  s.operator = op;
  await call(s, 'connection.open', appParams(db));
  s.operator = op;
  return s;
}

describe('computer detail sections and MAC vendors (real MariaDB)', () => {
  let db = '';
  let k: Knex;
  let inside = 0;
  let outside = 0;
  let restricted: Session;
  let admin: Session;

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    const add = async (name: string, tag: string) => {
      const [id] = await k('hardware').insert({
        DEVICEID: `${name}-2026-12-01-10-00-00`,
        NAME: name,
        LASTDATE: '2026-12-01 10:00:00',
        LASTCOME: '2026-12-01 10:00:00',
      });
      await k('accountinfo').insert({ HARDWARE_ID: id, TAG: tag });
      return Number(id);
    };
    inside = await add('vmhost-in', 'DATACENTER');
    outside = await add('vmhost-out', 'OTHER');
    for (const id of [inside, outside]) {
      await k('networks').insert({
        HARDWARE_ID: id,
        DESCRIPTION: 'eth0',
        TYPEMIB: 'ethernetCsmacd',
        MACADDR: id === inside ? '00:50:56:aa:bb:cc' : '00:1c:42:00:00:01',
        IPADDRESS: '127.1.2.3',
        IPSUBNET: '127.1.2.0',
        IPMASK: '255.255.255.0',
        STATUS: 'Up',
        VIRTUALDEV: 0,
      });
      await k('virtualmachines').insert({
        HARDWARE_ID: id,
        NAME: `vm-of-${id}`,
        STATUS: 'running',
        SUBSYSTEM: 'kvm',
        VMTYPE: 'kvm',
        UUID: `uuid-${id}`,
        VCPU: 2,
        MEMORY: 2048,
      });
      await k('local_users').insert({
        HARDWARE_ID: id,
        LOGIN: `user${id}`,
        ID_USER: '1000',
        HOME: '/home/u',
      });
      await k('local_groups').insert({ HARDWARE_ID: id, NAME: 'wheel', ID_GROUP: '10', MEMBER: `user${id}` });
      await k('batteries').insert({
        HARDWARE_ID: id,
        NAME: 'BAT0',
        CHEMISTRY: 'LION',
        MANUFACTUREDATE: '2024-01-02',
      });
      await k('sim').insert({ HARDWARE_ID: id, OPNAME: 'Orange', COUNTRY: 'fr' });
      await k('repository').insert({
        HARDWARE_ID: id,
        NAME: 'bookworm',
        BASEURL: 'http://deb.debian.org/debian',
      });
    }
    const [exp] = await k('saas_exp').insert({ NAME: 'Microsoft 365', DNS_EXP: 'outlook.office365.com' });
    await k('saas').insert({
      SAAS_EXP_ID: exp,
      HARDWARE_ID: inside,
      ENTRY: 'outlook.office365.com',
      DATA: '52.97.1.1',
      TTL: 30,
    });
    // its own setting: a devices row that overrides FREQUENCY
    await k('devices').insert({ HARDWARE_ID: inside, NAME: 'FREQUENCY', IVALUE: 3 });
    restricted = await open(operatorOf('admin', 'dc-admin', ['DATACENTER']), db);
    admin = await open(ADMIN, db);
  });
  afterAll(async () => {
    app.jobs.cancelAll();
    await restricted?.dispose();
    await admin?.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
    rmSync(configDir, { recursive: true, force: true });
  });

  it('returns every section of a computer inside the perimeter, as the tables hold them', async () => {
    const d = await call(restricted, 'computers.detail', { id: inside });
    for (const t of [
      'virtualmachines',
      'local_users',
      'local_groups',
      'batteries',
      'sim',
      'repository',
      'networks',
    ]) {
      const rows = await k(t).where('HARDWARE_ID', inside).orderBy('ID');
      expect(
        d.sections[t]?.map((r) => r.ID),
        t,
      ).toEqual(rows.map((r: { ID: number }) => r.ID));
    }
    expect(d.sections.virtualmachines![0]).toMatchObject({ NAME: `vm-of-${inside}`, VCPU: 2, MEMORY: 2048 });
    // SaaS rows carry the service's name from saas_exp
    expect(d.sections.saas).toEqual([
      expect.objectContaining({ SERVICE: 'Microsoft 365', ENTRY: 'outlook.office365.com', TTL: 30 }),
    ]);
    // the marker for "its own settings" reads the devices row
    expect(d.settings.find((s) => s.name === 'FREQUENCY')?.value).toEqual({ ivalue: 3, tvalue: null });
    expect(d.settings.filter((s) => s.value !== null)).toHaveLength(1);
    // MAC vendor from the list shipped with the app (generated from nmap-mac-prefixes)
    expect(d.macVendors).toEqual({ '00:50:56:aa:bb:cc': 'VMware' });
  });

  it('does not show a computer outside the perimeter', async () => {
    const e = await failure(call(restricted, 'computers.detail', { id: outside }));
    expect(e.code).toBe('NOT_FOUND');
  });

  it('refreshes the vendor list from a file the admin chose, and goes back to the shipped one', async () => {
    const shipped = await call(admin, 'ipdiscover.macVendorStatus');
    expect(shipped.source).toBe('shipped');
    expect(shipped.prefixes).toBeGreaterThan(30_000);

    const refused = await failure(
      call(restricted, 'ipdiscover.refreshMacVendors', { kind: 'file', name: 'x.txt', text: '005056\tX' }),
    );
    expect(refused.code).toBe('FORBIDDEN');

    const text = compactOuiList([['005056', 'Example Virtual NICs']]);
    const own = await call(admin, 'ipdiscover.refreshMacVendors', { kind: 'file', name: 'my-oui.txt', text });
    expect(own).toMatchObject({ source: 'own', prefixes: 1 });
    expect((await call(restricted, 'computers.detail', { id: inside })).macVendors).toEqual({
      '00:50:56:aa:bb:cc': 'Example Virtual NICs',
    });

    const bad = await failure(
      call(admin, 'ipdiscover.refreshMacVendors', { kind: 'file', name: 'x.txt', text: 'nothing here' }),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect((await call(admin, 'ipdiscover.macVendorStatus')).source).toBe('own');

    const back = await call(admin, 'ipdiscover.refreshMacVendors', { kind: 'reset' });
    expect(back.source).toBe('shipped');
    expect((await call(restricted, 'computers.detail', { id: inside })).macVendors).toEqual({
      '00:50:56:aa:bb:cc': 'VMware',
    });
  });

  it('names the maker of non-inventoried devices and of inventoried computers in IP discovery', async () => {
    await k('netmap').insert({
      IP: '127.1.2.50',
      MAC: '00:1C:42:12:34:56',
      MASK: '255.255.255.0',
      NETID: '127.1.2.0',
      NAME: '-',
    });
    const devices = await call(restricted, 'ipdiscover.listDevices', {
      netId: '127.1.2.0',
      kind: 'nonInventoried',
    });
    expect(devices.rows.find((r) => r.ip === '127.1.2.50')?.vendor).toBe('Parallels');
    const comps = await call(restricted, 'ipdiscover.listComputers', {
      netId: '127.1.2.0',
      kind: 'inventoried',
    });
    expect(comps.rows.map((r) => [r.hardwareId, r.vendor])).toEqual([[inside, 'VMware']]);
  });
});
