import { describe, expect, it } from 'vitest';
import { compactOuiList, lookupVendor, macHex, parseOuiList } from './mac-vendors';

describe('OUI lists', () => {
  it('reads nmap-mac-prefixes, the IEEE oui.txt and CSV forms, and its own compact form', () => {
    const nmap = '# comment\n005056 VMware\n001C42 Parallels\n';
    const txt =
      '00-50-56   (hex)\t\tVMware, Inc.\n005056     (base 16)\t\tVMware, Inc.\n\t\t\t\t3401 Hillview\n';
    const csv =
      'Registry,Assignment,Organization Name,Organization Address\nMA-L,005056,"VMware, Inc.",3401 Hillview\nMA-S,70B3D5001,Tiny Maker,Somewhere\n';
    expect(parseOuiList(nmap)).toEqual([
      ['001C42', 'Parallels'],
      ['005056', 'VMware'],
    ]);
    expect(parseOuiList(txt)).toEqual([['005056', 'VMware, Inc.']]);
    expect(parseOuiList(csv)).toEqual([
      ['005056', 'VMware, Inc.'],
      ['70B3D5001', 'Tiny Maker'],
    ]);
    expect(parseOuiList(compactOuiList(parseOuiList(csv)))).toEqual(parseOuiList(csv));
    expect(parseOuiList('hello\nworld')).toEqual([]);
  });

  it('finds the longest prefix of a MAC in any notation, never for 00:00:00:00:00:00', () => {
    const t = new Map(
      parseOuiList('70B3D5 IEEE Registration Authority\n70B3D5001\tTiny Maker\n005056 VMware'),
    );
    expect(lookupVendor(t, '00:50:56:aa:bb:cc')).toBe('VMware');
    expect(lookupVendor(t, '0050.56aa.bbcc')).toBe('VMware');
    expect(lookupVendor(t, '70-B3-D5-00-11-22')).toBe('Tiny Maker');
    expect(lookupVendor(t, '70:B3:D5:99:11:22')).toBe('IEEE Registration Authority');
    expect(lookupVendor(t, '00:00:00:00:00:00')).toBeNull();
    expect(lookupVendor(t, 'not a mac')).toBeNull();
    expect(macHex('00:50:56:AA:BB')).toBeNull();
  });

  it('keeps vendor names printable and bounded', () => {
    const [[, v]] = parseOuiList(`005056 Evil\u0007Name${'x'.repeat(300)}`) as [[string, string]];
    expect(v.includes('\u0007')).toBe(false);
    expect(v.length).toBeLessThanOrEqual(120);
  });
});
