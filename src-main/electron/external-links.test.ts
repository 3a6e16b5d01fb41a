import { describe, expect, it } from 'vitest';
import { nvdLink } from '../../shared/net/nvd-link';
import { isAllowedExternal } from './external-links';

describe('external links', () => {
  it('opens OCS pages and NVD CVE records over https', () => {
    expect(isAllowedExternal('https://wiki.ocsinventory-ng.org/')).toBe(true);
    expect(isAllowedExternal('https://ocsinventory-ng.org/en/')).toBe(true);
    expect(isAllowedExternal('https://github.com/OCSInventory-NG/OCSInventory-ocsreports')).toBe(true);
    expect(isAllowedExternal('https://nvd.nist.gov/vuln/detail/CVE-2024-3094')).toBe(true);
  });

  it('refuses look-alike hosts, credentials, other schemes, ports and paths', () => {
    for (const url of [
      'http://wiki.ocsinventory-ng.org/',
      'https://ocsinventory-ng.org.evil.example/',
      'https://ocsinventory-ng.org@evil.example/',
      'https://user:pw@ocsinventory-ng.org/',
      'https://ocsinventory-ng.org:8443/',
      'https://github.com/OCSInventory-NG-evil/x',
      'https://github.com/someone/else',
      'https://nvd.nist.gov/other',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false);
    }
  });

  it('links a CVE id to its NVD record, and nothing else', () => {
    expect(nvdLink('CVE-2021-44228')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2021-44228');
    expect(nvdLink('CVE-2021-44228/../../x')).toBeNull();
    expect(nvdLink('https://evil.example')).toBeNull();
    // What the CVE screen links to is what the window may open.
    expect(isAllowedExternal(nvdLink('CVE-2021-44228')!)).toBe(true);
  });
});
