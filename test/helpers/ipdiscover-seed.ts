import { createPool } from '../../src-main/platform/db/connect';
import { rootParams } from './db';

/**
 * Seeds the IP discovery tables of a test database (addresses of the loopback test range 127.213.0.0/16
 * are only written to the DB here, never scanned). Expected counts:
 *   127.213.7.0  "Lab" (group Paris): inventoried 2, non-inventoried 3, agents 1, identified 1
 *   127.213.8.0  (no name):           inventoried 0, non-inventoried 1, agents 0, identified 0
 *   127.213.9.0  "Empty" subnet only:  all 0
 */
export const SEED = {
  lab: '127.213.7.0',
  other: '127.213.8.0',
  named: '127.213.9.0',
  pc1: 9101,
  pc2: 9102,
  group: 9103,
  nonInventoried: ['02:00:00:00:07:10', '02:00:00:00:07:11', '02:00:00:00:07:12'],
  identifiedMac: '02:00:00:00:07:13',
  pc1Mac: '02:00:00:00:07:01',
};

export async function seedIpdiscover(
  database: string,
  extra: Array<{ ip: string; mac: string; netId: string }> = [],
): Promise<void> {
  const k = await createPool(rootParams(database), { max: 1 });
  try {
    await k('hardware').insert([
      {
        ID: SEED.pc1,
        DEVICEID: 'PC1-2024-01-01-00-00-00',
        NAME: 'PC1',
        IPADDR: '127.213.7.1',
        LASTDATE: '2024-05-01 10:00:00',
      },
      {
        ID: SEED.pc2,
        DEVICEID: 'PC2-2024-01-01-00-00-00',
        NAME: 'PC2',
        IPADDR: '127.213.7.2',
        LASTDATE: '2024-05-02 10:00:00',
      },
      { ID: SEED.group, DEVICEID: '_SYSTEMGROUP_', NAME: 'A group' },
    ]);
    await k('networks').insert([
      {
        HARDWARE_ID: SEED.pc1,
        MACADDR: SEED.pc1Mac,
        IPADDRESS: '127.213.7.1',
        IPMASK: '255.255.255.0',
        IPSUBNET: SEED.lab,
        STATUS: 'Up',
      },
      {
        HARDWARE_ID: SEED.pc2,
        MACADDR: '02:00:00:00:07:02',
        IPADDRESS: '127.213.7.2',
        IPMASK: '255.255.255.0',
        IPSUBNET: SEED.lab,
        STATUS: 'Up',
      },
      {
        HARDWARE_ID: SEED.pc2,
        MACADDR: '02:00:00:00:08:02',
        IPADDRESS: '127.213.8.2',
        IPMASK: '255.255.255.0',
        IPSUBNET: SEED.other,
        STATUS: 'Down',
      },
    ]);
    const nm = (ip: string, mac: string, netId: string) => ({
      IP: ip,
      MAC: mac,
      MASK: '255.255.255.0',
      NETID: netId,
      NAME: '-',
    });
    await k('netmap').insert([
      // the MAC of an inventoried interface: counted as inventoried, never as non-inventoried
      nm('127.213.7.1', SEED.pc1Mac.toLowerCase(), SEED.lab),
      ...SEED.nonInventoried.map((m, i) => nm(`127.213.7.${10 + i}`, m, SEED.lab)),
      nm('127.213.7.13', SEED.identifiedMac, SEED.lab),
      nm('127.213.8.20', '02:00:00:00:08:20', SEED.other),
      ...extra.map((e) => nm(e.ip, e.mac, e.netId)),
    ]);
    await k('network_devices').insert({
      DESCRIPTION: 'Hall printer',
      TYPE: 'Printer',
      MACADDR: SEED.identifiedMac,
      USER: 'admin',
    });
    await k('devicetype').insert([{ NAME: 'Printer' }, { NAME: 'Switch' }]);
    await k('devices').insert({ HARDWARE_ID: SEED.pc1, NAME: 'IPDISCOVER', IVALUE: 1, TVALUE: SEED.lab });
    await k('subnet').insert([
      { NETID: SEED.lab, NAME: 'Lab', ID: 'Paris', MASK: '255.255.255.0' },
      { NETID: SEED.named, NAME: 'Empty', ID: 'Paris', MASK: '255.255.255.0' },
    ]);
  } finally {
    await k.destroy();
  }
}
