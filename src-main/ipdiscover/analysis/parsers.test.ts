import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyHost } from './classify';
import { parseNmapXml } from './nmap-xml';
import { isSambaLike, parseNmblookup } from './nmblookup';
import { NMAP_VERSION_RE, NMBLOOKUP_VERSION_RE, parseVersion } from './tools';

/** Outputs recorded on this machine: 127.0.0.1 and hosts inside test network namespaces (10.213.250.0/30). */
const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '../../../test/fixtures/ipdiscover', name), 'utf8');

describe('nmap XML parser (recorded outputs)', () => {
  it('reads a privileged port scan with OS guesses', () => {
    const run = parseNmapXml(fixture('nmap-smb-privileged.xml'));
    expect(run.complete).toBe(true);
    expect(run.version).toBe('7.93');
    expect(run.exit).toBe('success');
    expect(run.hosts).toHaveLength(1);
    const h = run.hosts[0]!;
    expect(h).toMatchObject({
      ip: '10.213.250.2',
      state: 'up',
      reason: 'arp-response',
      mac: 'E6:5B:D2:B4:CE:11',
      timedOut: false,
    });
    expect(h.ports.filter((p) => p.state === 'open').map((p) => [p.port, p.service])).toEqual([
      [135, 'msrpc'],
      [139, 'netbios-ssn'],
      [445, 'microsoft-ds'],
    ]);
    expect(h.os[0]).toEqual({
      name: 'Linux 5.3 - 5.4',
      accuracy: 96,
      family: 'Linux',
      vendor: 'Linux',
      type: 'general purpose',
    });
    expect(h.os.length).toBeGreaterThan(3);
  });

  it('ignores <hosthint> and reads an unprivileged connect scan', () => {
    const run = parseNmapXml(fixture('nmap-smb-unprivileged.xml'));
    expect(run.hosts).toHaveLength(1);
    expect(run.hosts[0]!.os).toEqual([]);
    expect(run.hosts[0]!.mac).toBeNull();
    expect(run.hosts[0]!.ports.filter((p) => p.state === 'open').map((p) => p.port)).toEqual([135, 139, 445]);
  });

  it('reads discovery runs: only hosts that answered are listed', () => {
    const priv = parseNmapXml(fixture('nmap-discovery-privileged.xml'));
    expect(priv.hosts.map((h) => [h.ip, h.state, h.reason])).toEqual([
      ['10.213.250.2', 'up', 'arp-response'],
      ['10.213.250.1', 'up', 'localhost-response'],
    ]);
    const unpriv = parseNmapXml(fixture('nmap-discovery-unprivileged.xml'));
    expect(unpriv.hosts.map((h) => [h.ip, h.reason])).toEqual([['10.213.250.2', 'conn-refused']]);
  });

  it('flags a host nmap gave up on (--host-timeout)', () => {
    const run = parseNmapXml(fixture('nmap-host-timeout.xml'));
    expect(run.hosts[0]).toMatchObject({ ip: '127.0.0.1', timedOut: true, ports: [] });
  });

  it('reads localhost', () => {
    const run = parseNmapXml(fixture('nmap-localhost-privileged.xml'));
    expect(run.hosts[0]!.ip).toBe('127.0.0.1');
    expect(run.hosts[0]!.os[0]!.family).toBe('Linux');
  });

  it('returns what it read from truncated output (cancelled run) and rejects garbage', () => {
    const xml = fixture('nmap-smb-privileged.xml');
    const cut = parseNmapXml(xml.slice(0, xml.indexOf('<runstats>')));
    expect(cut.complete).toBe(false);
    expect(cut.hosts).toHaveLength(1);
    expect(parseNmapXml('not xml').hosts).toEqual([]);
  });

  it('does not resolve entities or DTDs from the output', () => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><nmaprun version="7"><host><address addr="1.2.3.4" addrtype="ipv4"/><hostnames><hostname name="&e;"/></hostnames></host></nmaprun>';
    expect(() => parseNmapXml(evil)).toThrow();
  });
});

describe('nmblookup parser (recorded outputs)', () => {
  it('reads names, workgroup and MAC of a node status answer', () => {
    const nb = parseNmblookup(fixture('nmblookup-windows.txt'))!;
    expect(nb).toMatchObject({ name: 'WINBOX', workgroup: 'WORKGROUP', mac: '02:11:22:33:44:55' });
    expect(nb.names).toHaveLength(3);
    expect(isSambaLike(nb)).toBe(false);
  });
  it('returns null without a reply', () => {
    expect(parseNmblookup(fixture('nmblookup-no-reply.txt'))).toBeNull();
    expect(parseNmblookup('')).toBeNull();
  });
  it('recognises Samba by its all-zero MAC (synthetic sample in nmblookup format)', () => {
    const out =
      'Looking up status of 10.0.0.5\n\tFILESRV         <00> -         B <ACTIVE> \n\tMYGROUP         <00> - <GROUP> B <ACTIVE> \n\n\tMAC Address = 00-00-00-00-00-00\n';
    const nb = parseNmblookup(out)!;
    expect(nb.workgroup).toBe('MYGROUP');
    expect(isSambaLike(nb)).toBe(true);
  });
});

describe('tool versions', () => {
  it('reads nmap and nmblookup versions', () => {
    expect(parseVersion('Nmap version 7.93 ( https://nmap.org )\nPlatform: x86_64', NMAP_VERSION_RE)).toEqual(
      [7, 93, '7.93'],
    );
    expect(parseVersion('Version 4.17.12-Debian\n', NMBLOOKUP_VERSION_RE)).toEqual([4, 17, '4.17.12-Debian']);
    expect(parseVersion('something else', NMAP_VERSION_RE)).toBeNull();
  });
});

describe('classification', () => {
  const port = (p: number, state = 'open') => ({ port: p, protocol: 'tcp', state, service: null });
  const linux = {
    name: 'Linux 5.3 - 5.4',
    accuracy: 96,
    family: 'Linux',
    vendor: 'Linux',
    type: 'general purpose',
  };
  const base = { up: true, reason: 'syn-ack', ports: [], os: null, netbios: null, timedOut: false };

  it('phantom: no answer, or no open service and no NetBIOS', () => {
    expect(classifyHost({ ...base, up: false }).class).toBe('phantom');
    expect(classifyHost({ ...base, ports: [port(22, 'closed')] }).class).toBe('phantom');
    expect(classifyHost({ ...base, timedOut: true }).why[0]).toMatch(/timed out/);
  });
  it('windows from the recorded SMB host, even when the kernel fingerprint says Linux', () => {
    const nb = parseNmblookup(fixture('nmblookup-windows.txt'));
    const c = classifyHost({ ...base, ports: [port(135), port(139), port(445)], os: linux, netbios: nb });
    expect(c.class).toBe('windows');
    expect(c.why.join(' ')).toMatch(/WINBOX in workgroup WORKGROUP/);
  });
  it('unix from SSH and a Linux guess; Samba is unix', () => {
    expect(classifyHost({ ...base, ports: [port(22)], os: linux }).class).toBe('unix');
    expect(classifyHost({ ...base, ports: [port(22)] }).class).toBe('unix');
    const samba = { name: 'FS', workgroup: 'G', mac: '00:00:00:00:00:00', names: [] };
    expect(classifyHost({ ...base, ports: [port(139), port(445)], netbios: samba, os: linux }).class).toBe(
      'unix',
    );
  });
  it('network devices: telnet, printers, web-only, appliance OS types', () => {
    expect(classifyHost({ ...base, ports: [port(23), port(80), port(9100)], os: linux }).class).toBe(
      'network',
    );
    expect(classifyHost({ ...base, ports: [port(22), port(23)] }).class).toBe('network');
    expect(classifyHost({ ...base, ports: [port(80)] }).class).toBe('network');
    const sw = { name: 'Cisco IOS 15', accuracy: 95, family: 'IOS', vendor: 'Cisco', type: 'switch' };
    expect(classifyHost({ ...base, ports: [port(22)], os: sw }).class).toBe('network');
  });
  it('windows from RDP + a Windows guess; unknown open ports default to unix', () => {
    const win = {
      name: 'Microsoft Windows 10',
      accuracy: 98,
      family: 'Windows',
      vendor: 'Microsoft',
      type: 'general purpose',
    };
    expect(classifyHost({ ...base, ports: [port(3389)], os: win }).class).toBe('windows');
    expect(classifyHost({ ...base, ports: [port(25)] })).toMatchObject({ class: 'unix' });
  });
});
