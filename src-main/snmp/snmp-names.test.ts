import { describe, expect, it } from 'vitest';
import { cleanName, conditionMatches, labelColumnFor, tableNameFor } from './snmp-names';
import { mibModules, parseVarbinds, snmpConf } from './net-snmp';

describe('SNMP names (ocsreports cleanString, plus spaces)', () => {
  it('folds accents and separators like ocsreports, spaces to _', () => {
    expect(cleanName("Imprimantes d'étage – Bâtiment-A")).toBe('Imprimantes_d_etage___Batiment_A');
    expect(tableNameFor('Lab Printers')).toEqual({ table: 'snmp_lab_printers' });
    expect(tableNameFor('Switchs')).toEqual({ table: 'snmp_switchs' });
  });
  it('refuses what is not a plain identifier, OCS tables and reserved columns', () => {
    expect(tableNameFor('a`b')).toHaveProperty('error');
    expect(tableNameFor('types')).toHaveProperty('error');
    expect(tableNameFor('Accountinfo')).toHaveProperty('error');
    expect(tableNameFor('x'.repeat(60))).toHaveProperty('error');
    expect(labelColumnFor('Serial-Number')).toEqual({ column: 'Serial_Number' });
    for (const bad of ['ID', 'lastdate', 'name', 'KEY', '1abc', 'a.b', 'a;b'])
      expect(labelColumnFor(bad)).toHaveProperty('error');
  });
  it('matches conditions as the agent does', () => {
    expect(conditionMatches('HP*', 'HP LaserJet')).toBe(true);
    expect(conditionMatches('HP*', 'Brother HP')).toBe(false);
    expect(conditionMatches('*Jet', 'HP LaserJet')).toBe(true);
    expect(conditionMatches('*Laser*', 'HP LaserJet')).toBe(true);
    expect(conditionMatches('Cisco', 'Cisco IOS')).toBe(false);
    expect(conditionMatches('Cisco', null)).toBe(false);
  });
});

describe('net-snmp helpers', () => {
  it('writes credentials to a configuration file, quoted', () => {
    expect(snmpConf({ version: '2c', secret: 'a "b" \\c' })).toBe(
      'defVersion 2c\ndefCommunity "a \\"b\\" \\\\c"\n',
    );
    const v3 = snmpConf({
      version: '3',
      username: 'u',
      level: 'authPriv',
      authProto: 'sha',
      authPassword: 'p1 x',
      privProto: 'aes',
      privPassword: 'p2',
    });
    expect(v3).toContain('defSecurityLevel authPriv');
    expect(v3).toContain('defAuthType SHA');
    expect(v3).toContain('defAuthPassphrase "p1 x"');
    expect(v3).toContain('defPrivType AES');
  });
  it('parses -On -OQ output, continuation lines and missing objects', () => {
    const out =
      '.1.3.6.1.2.1.1.5.0 = "printer"\n.1.3.6.1.2.1.1.1.0 = "line1\nline2"\n.1.3.6.1.2.1.99.0 = No Such Object available on this agent at this OID\n';
    expect(parseVarbinds(out)).toEqual([
      { oid: '1.3.6.1.2.1.1.5.0', value: 'printer', error: null },
      { oid: '1.3.6.1.2.1.1.1.0', value: 'line1\nline2', error: null },
      { oid: '1.3.6.1.2.1.99.0', value: null, error: 'No Such Object available on this agent at this OID' },
    ]);
  });
  it('finds the module names of a MIB file', () => {
    expect(
      mibModules('-- x\nTEST-MIB DEFINITIONS ::= BEGIN\nEND\nOTHER-MIB DEFINITIONS ::= BEGIN\nEND'),
    ).toEqual(['TEST-MIB', 'OTHER-MIB']);
  });
});
