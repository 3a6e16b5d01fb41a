import { describe, expect, it } from 'vitest';
import { ApplyOrder, conflictKeys, normaliseKey } from './apply-order';
import type { Inventory, Row } from './ocs-reader';

function inv(
  deviceId: string,
  sections: Record<string, Row[]>,
  oldDeviceId: string | null = null,
): Inventory {
  return {
    deviceId,
    query: 'INVENTORY',
    format: 'xml',
    fileBytes: 0,
    xmlBytes: 0,
    sections: new Map(Object.entries(sections)),
    packages: [],
    oldDeviceId,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ApplyOrder', () => {
  it('applies conflicting files in input order even when a later one claims first', async () => {
    const order = new ApplyOrder();
    const log: string[] = [];
    // File 1 (small, parsed first) and file 0 (big, parsed later) share a key.
    const later = (async () => {
      const done = await order.claim(1, ['d:a']);
      log.push('apply 1');
      done();
    })();
    await tick();
    expect(log).toEqual([]); // file 0 not even parsed yet: its key is unknown, 1 waits
    const first = (async () => {
      const done = await order.claim(0, ['d:a']);
      log.push('apply 0');
      await tick();
      log.push('end 0');
      done();
    })();
    await Promise.all([first, later]);
    expect(log).toEqual(['apply 0', 'end 0', 'apply 1']);
  });

  it('lets files without a common key run at once, and a failed file release its turn', async () => {
    const order = new ApplyOrder();
    const d0 = await order.claim(0, ['d:a']);
    const d1 = await order.claim(1, ['d:b']); // not blocked by 0
    const d2p = order.claim(2, []); // a file that failed to parse
    (await d2p)();
    let third = false;
    const p3 = order.claim(3, ['d:a', 'd:b']).then((d) => ((third = true), d));
    await tick();
    expect(third).toBe(false);
    d0();
    await tick();
    expect(third).toBe(false);
    d1();
    (await p3)();
    expect(third).toBe(true);
  });
});

describe('conflictKeys', () => {
  const hw = (NAME: string, UUID?: string) => ({ NAME, ...(UUID ? { UUID } : {}) });
  it('keys a file on its DEVICEID and OLD_DEVICEID, as MariaDB compares them', () => {
    expect(conflictKeys(inv('PC-1', {}, 'Old-PC'), 0)).toEqual(['d:pc-1', 'd:old-pc']);
    expect(normaliseKey('Hélène ')).toBe(normaliseKey('helene'));
  });
  it('adds the values of the most selective selected duplicate criterion', () => {
    const i = inv('x', {
      HARDWARE: [hw('Poste-1', 'U-1')],
      NETWORKS: [{ MACADDR: 'AA:BB' }, { MACADDR: 'CC:DD' }],
      BIOS: [{ SSN: 'S1', SMODEL: 'M' }],
    });
    expect(conflictKeys(i, 1)).toEqual(['d:x', '1:poste-1']);
    expect(conflictKeys(i, 4)).toEqual(['d:x', '4:aa:bb', '4:cc:dd']);
    expect(conflictKeys(i, 1 | 2 | 4 | 8)).toEqual(['d:x', '2:s1']);
    expect(conflictKeys(i, 8 | 16)).toEqual(['d:x', '16:u-1']);
  });
});
