import type { Knex } from 'knex';

export interface DupSpec {
  deviceId: string;
  name: string;
  ssn: string;
  macs: string[];
  lastCome: string;
  tag: string;
  /** devices rows (package assignments, settings). */
  devices?: Array<{ NAME: string; IVALUE: number | null; TVALUE: string | null }>;
}

/** Writes one hand-made computer (hardware, bios, networks, drives, software, accountinfo, devices). */
export async function addComputer(k: Knex, c: DupSpec): Promise<number> {
  const [id] = await k('hardware').insert({
    DEVICEID: c.deviceId,
    NAME: c.name,
    WORKGROUP: 'WG',
    OSNAME: 'Debian GNU/Linux 12',
    LASTDATE: c.lastCome,
    LASTCOME: c.lastCome,
    QUALITY: 0,
    FIDELITY: c.lastCome < '2026-06-01' ? 7 : 1,
    CHECKSUM: c.lastCome < '2026-06-01' ? 4 : 1,
    USERID: 'user-' + c.deviceId,
  });
  const hid = Number(id);
  await k('bios').insert({
    HARDWARE_ID: hid,
    SSN: c.ssn,
    SMODEL: 'Model X',
    SMANUFACTURER: 'ACME',
    BVERSION: '1.0',
  });
  for (const m of c.macs) {
    await k('networks').insert({
      HARDWARE_ID: hid,
      DESCRIPTION: 'eth0',
      MACADDR: m,
      IPADDRESS: '127.9.0.' + (hid % 250),
      STATUS: 'Up',
    });
  }
  await k('drives').insert({ HARDWARE_ID: hid, LETTER: '/', TYPE: 'ext4', TOTAL: 1000, FREE: 500 });
  await k('accountinfo').insert({ HARDWARE_ID: hid, TAG: c.tag });
  for (const d of c.devices ?? []) await k('devices').insert({ HARDWARE_ID: hid, ...d });
  return hid;
}

export const OLD_PC: DupSpec = {
  deviceId: 'DUP-PC-2026-01-01-00-00-00',
  name: 'DUP-PC',
  ssn: 'DUPSERIAL1',
  macs: ['aa:bb:cc:00:00:01', '00:00:00:00:00:00'],
  lastCome: '2026-01-01 08:00:00',
  tag: 'OLD-TAG',
  devices: [
    { NAME: 'FREQUENCY', IVALUE: 7, TVALUE: null },
    { NAME: 'DOWNLOAD', IVALUE: 42, TVALUE: 'SUCCESS' },
  ],
};
export const NEW_PC: DupSpec = {
  deviceId: 'DUP-PC-2026-11-20-00-00-00',
  name: 'DUP-PC',
  ssn: 'DUPSERIAL1',
  macs: ['AA:BB:CC:00:00:01', '00:00:00:00:00:00'],
  lastCome: '2026-11-20 08:00:00',
  tag: 'NEW-TAG',
  devices: [{ NAME: 'FREQUENCY', IVALUE: 1, TVALUE: null }],
};

/** Hand-made duplicates: one pair (name+serial+MAC), one locked pair, one pair sharing only blacklisted values. */
export async function seedDuplicates(
  k: Knex,
): Promise<{ oldId: number; newId: number; lockedA: number; lockedB: number; blA: number; blB: number }> {
  const oldId = await addComputer(k, OLD_PC);
  const newId = await addComputer(k, NEW_PC);
  const lockedA = await addComputer(k, {
    ...OLD_PC,
    deviceId: 'LOCKED-A',
    name: 'LOCKED-PC',
    ssn: 'LOCKSER',
    macs: ['AA:BB:CC:00:00:02'],
    devices: [],
  });
  const lockedB = await addComputer(k, {
    ...NEW_PC,
    deviceId: 'LOCKED-B',
    name: 'LOCKED-PC',
    ssn: 'LOCKSER',
    macs: ['AA:BB:CC:00:00:02'],
    devices: [],
  });
  const blA = await addComputer(k, {
    ...OLD_PC,
    deviceId: 'BL-A',
    name: 'BL-PC-A',
    ssn: 'N/A',
    macs: ['FF:FF:FF:FF:FF:FF'],
    devices: [],
  });
  const blB = await addComputer(k, {
    ...NEW_PC,
    deviceId: 'BL-B',
    name: 'BL-PC-B',
    ssn: 'N/A',
    macs: ['FF:FF:FF:FF:FF:FF'],
    devices: [],
  });
  return { oldId, newId, lockedA, lockedB, blA, blB };
}
