import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { cidrOf, expandTargets } from './targets';

function err(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('target validation and expansion', () => {
  it('expands IPv4 CIDR without network and broadcast, keeps /31 and /32', () => {
    expect(expandTargets('10.213.1.0/30').ipv4).toEqual(['10.213.1.1', '10.213.1.2']);
    expect(expandTargets('10.213.1.0/31').ipv4).toEqual(['10.213.1.0', '10.213.1.1']);
    expect(expandTargets('127.0.0.1').ipv4).toEqual(['127.0.0.1']);
    expect(expandTargets('10.213.1.5/24').count).toBe(254);
  });
  it('accepts lists with commas, spaces and new lines, de-duplicated, and IPv6', () => {
    const t = expandTargets('127.0.0.1, 127.0.0.2\n127.0.0.1 ::1 fe80::0/127');
    expect(t.ipv4).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(t.ipv6).toEqual(['::1', 'fe80::', 'fe80::1']);
    expect(expandTargets('::ffff:127.0.0.1').ipv4).toEqual(['127.0.0.1']);
  });
  it('refuses what is not an address, shorthand forms, multicast and broadcast', () => {
    for (const bad of [
      '10.1',
      '10.0.0.256',
      'host.example',
      '10.0.0.0/33',
      '10.0.0.1/2/3',
      '-sS',
      '224.0.0.1',
      '255.255.255.255',
      '0.0.0.0',
      '::/0x',
      'fe80::1%eth0',
      '',
    ]) {
      expect(err(() => expandTargets(bad)).code, bad).toBe('VALIDATION_FAILED');
    }
  });
  it('asks for a confirmation above the limit and refuses above the hard cap', () => {
    const e = err(() => expandTargets('10.213.0.0/21'));
    expect(e.code).toBe('RANGE_TOO_LARGE');
    expect(e.params).toMatchObject({ count: 2046, max: 1024, confirmable: true });
    expect(expandTargets('10.213.0.0/21', { confirmLarge: true }).count).toBe(2046);
    const huge = err(() => expandTargets('10.0.0.0/8', { confirmLarge: true }));
    expect(huge.code).toBe('RANGE_TOO_LARGE');
    expect(huge.params.confirmable).toBe(false);
    expect(err(() => expandTargets('2001:db8::/64')).code).toBe('RANGE_TOO_LARGE');
  });
  it('turns NETID + MASK into CIDR', () => {
    expect(cidrOf('10.213.1.0', '255.255.255.0')).toBe('10.213.1.0/24');
    expect(cidrOf('10.213.1.0', '255.0.255.0')).toBeNull();
    expect(cidrOf('x', '255.255.255.0')).toBeNull();
  });
});
