import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, failure, testApp, USER } from '../helpers/app';
import { createOcsDb, dropDb } from '../helpers/db';
import { snmpdUnavailableReason, startSnmpd, type TestSnmpd } from '../helpers/snmpd';

/**
 * The SNMP preview from the admin's machine (net-snmp tools) against an snmpd this test starts on
 * 127.0.0.1 and an unprivileged port, never anything else: a stored v2c community, typed v3
 * credentials, a wrong community, and a type's conditions and OIDs read as the agent would.
 */

const { call, session, connect } = testApp();
const skip = snmpdUnavailableReason();
const COMMUNITY = 'prev1ew-Comm-44aa';
const V3 = { user: 'deskprev', auth: 'auth-Prev1ew-55', priv: 'priv-Prev1ew-66' };

describe.skipIf(!!skip)('SNMP preview against a test snmpd on 127.0.0.1', () => {
  let db = '';
  let admin: Session;
  let user: Session;
  let agent: TestSnmpd;

  beforeAll(async () => {
    agent = await startSnmpd({
      community: COMMUNITY,
      v3: V3,
      sysName: 'preview-printer',
      sysDescr: 'HP LaserJet Preview',
      values: [
        ['.1.3.6.1.2.1.43.5.1.1.17.1', 'octet_str', 'SN-PREVIEW'],
        ['.1.3.6.1.4.1.99999.7.1', 'integer', '11'],
        ['.1.3.6.1.4.1.99999.7.2', 'integer', '12'],
      ],
    });
    db = await createOcsDb();
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
  });
  afterAll(async () => {
    await admin?.dispose();
    await user?.dispose();
    if (db) await dropDb(db);
    await agent?.stop();
  });

  it('tests a stored community and a wrong one', async () => {
    const c = await call(admin, 'snmp.saveCommunity', { version: '2c', secret: COMMUNITY });
    const ok = await call(admin, 'snmp.preview', {
      address: '127.0.0.1',
      port: agent.port,
      credentials: { communityId: c.id },
    });
    expect(ok).toMatchObject({
      reachable: true,
      sysName: 'preview-printer',
      sysDescr: 'HP LaserJet Preview',
    });
    const wrong = await call(admin, 'snmp.preview', {
      address: '127.0.0.1',
      port: agent.port,
      timeoutSeconds: 1,
      credentials: { community: { version: '2c', secret: 'not-the-community' } },
    });
    expect(wrong.reachable).toBe(false);
    expect(wrong.error).toMatch(/Timeout|No Response/i);
    expect(JSON.stringify(wrong)).not.toContain('not-the-community');
    expect(
      (
        await failure(
          call(user, 'snmp.preview', { address: '127.0.0.1', credentials: { communityId: c.id } }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('reads with typed v3 credentials (authPriv, SHA/AES)', async () => {
    const r = await call(admin, 'snmp.preview', {
      address: '127.0.0.1',
      port: agent.port,
      credentials: {
        community: {
          version: '3',
          username: V3.user,
          level: 'authPriv',
          authProto: 'sha',
          authPassword: V3.auth,
          privProto: 'aes',
          privPassword: V3.priv,
        },
      },
    });
    expect(r).toMatchObject({ reachable: true, sysName: 'preview-printer' });
  });

  it('previews a type: its conditions and each OID (a get, else a walk joined with " - ")', async () => {
    const t = await call(admin, 'snmp.createType', { name: 'Preview Printers' });
    const serial = await call(admin, 'snmp.createLabel', { name: 'PrevSerial' });
    const trays = await call(admin, 'snmp.createLabel', { name: 'PrevTrays' });
    const missing = await call(admin, 'snmp.createLabel', { name: 'PrevMissing' });
    await call(admin, 'snmp.addCondition', { typeId: t.id, oid: '1.3.6.1.2.1.1.1.0', value: 'HP*' });
    await call(admin, 'snmp.addCondition', { typeId: t.id, oid: '1.3.6.1.2.1.1.5.0', value: 'cisco*' });
    await call(admin, 'snmp.addConfigs', {
      typeId: t.id,
      items: [
        { labelId: serial.id, oid: '1.3.6.1.2.1.43.5.1.1.17.1', reconciliation: true },
        { labelId: trays.id, oid: '1.3.6.1.4.1.99999.7' },
        { labelId: missing.id, oid: '1.3.6.1.4.1.99999.8.1.0' },
      ],
    });
    const c = (await call(admin, 'snmp.communities')).communities[0]!;
    const r = await call(admin, 'snmp.preview', {
      address: '127.0.0.1',
      port: agent.port,
      credentials: { communityId: c.id },
      typeId: t.id,
    });
    expect(r.conditions).toEqual([
      { oid: '1.3.6.1.2.1.1.1.0', expected: 'HP*', value: 'HP LaserJet Preview', matches: true },
      { oid: '1.3.6.1.2.1.1.5.0', expected: 'cisco*', value: 'preview-printer', matches: false },
    ]);
    expect(r.values.map((v) => [v.label, v.value])).toEqual([
      ['PrevSerial', 'SN-PREVIEW'],
      ['PrevTrays', '11 - 12'],
      ['PrevMissing', null],
    ]);
    expect(r.values[2]!.error).toBeTruthy();
  });

  it('lists the OIDs of uploaded MIB files (one importing the other)', async () => {
    const base =
      'DESK-BASE-MIB DEFINITIONS ::= BEGIN\ndeskRoot OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99999 }\nEND\n';
    const printer =
      'DESK-PRINTER-MIB DEFINITIONS ::= BEGIN\nIMPORTS deskRoot FROM DESK-BASE-MIB;\n' +
      'deskPrinter OBJECT IDENTIFIER ::= { deskRoot 7 }\ndeskTrays OBJECT IDENTIFIER ::= { deskPrinter 1 }\nEND\n';
    const r = await call(admin, 'snmp.mibOids', {
      files: [
        { name: 'DESK-BASE-MIB.txt', text: base },
        { name: 'DESK-PRINTER-MIB.txt', text: printer },
      ],
    });
    expect(r.modules).toEqual(['DESK-BASE-MIB', 'DESK-PRINTER-MIB']);
    expect(r.oids).toEqual(
      expect.arrayContaining([
        { label: 'deskRoot', oid: '1.3.6.1.4.1.99999' },
        { label: 'deskPrinter', oid: '1.3.6.1.4.1.99999.7' },
        { label: 'deskTrays', oid: '1.3.6.1.4.1.99999.7.1' },
      ]),
    );
    expect(
      (await call(admin, 'snmp.mibOids', { files: [{ name: 'x.txt', text: 'not a MIB' }] })).oids,
    ).toEqual([]);
  });
});
