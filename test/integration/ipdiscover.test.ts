import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, NetworkRow } from '../../shared/contract/ipdiscover';
import type { JobInfo } from '../../shared/contract/jobs';
import type { Session } from '../../src-main/platform/rpc/session';
import { ADMIN, USER, testApp, failure, unchecked } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';
import { SEED, seedIpdiscover } from '../helpers/ipdiscover-seed';
import { CLASS_HOSTS, createTestHosts, netnsUnavailableReason, type TestHosts } from '../helpers/netns';

// The analysis cache goes to a throw-away config folder.
const configDir = mkdtempSync(path.join(os.tmpdir(), 'ocsdesk-ipd-'));
process.env.OCS_DESK_CONFIG_DIR = configDir;
const { app, call, session, connect } = testApp();

async function runJob(s: Session, input: unknown, onEvent?: (j: JobInfo) => void): Promise<JobInfo> {
  const off = app.bus.subscribe((e) => {
    if (e.topic === 'job' && onEvent) onEvent(e.payload);
  });
  try {
    const { jobId } = await call(s, 'ipdiscover.analyse', unchecked(input));
    return await app.jobs.wait(jobId);
  } finally {
    off();
  }
}

const byNet = (rows: NetworkRow[], netId: string) => rows.find((r) => r.netId === netId)!;

describe('ipdiscover on a seeded OCS database', () => {
  let db = '';
  let admin: Session;
  let user: Session;
  beforeAll(async () => {
    db = await createOcsDb();
    await seedIpdiscover(db);
    admin = await connect(session(ADMIN), db);
    user = await connect(session(USER), db);
  });
  afterAll(async () => {
    await admin?.dispose();
    await user?.dispose();
    if (db) await dropDb(db);
  });

  it('counts inventoried, non-inventoried, agents and identified per network, with names and percentages', async () => {
    const rows = await call(user, 'ipdiscover.networks');
    expect(byNet(rows, SEED.lab)).toMatchObject({
      name: 'Lab',
      groupLabel: 'Paris',
      mask: '255.255.255.0',
      inventoried: 2,
      nonInventoried: 3,
      ipdiscoverAgents: 1,
      identified: 1,
      percentInventoried: 40,
      percentKnown: 50,
      blacklisted: false,
    });
    expect(byNet(rows, SEED.other)).toMatchObject({
      name: null,
      inventoried: 0,
      nonInventoried: 1,
      ipdiscoverAgents: 0,
      identified: 0,
    });
    expect(byNet(rows, SEED.named)).toMatchObject({
      name: 'Empty',
      inventoried: 0,
      nonInventoried: 0,
      percentInventoried: null,
    });
  });

  it('lists what is behind each count', async () => {
    const non = await call(user, 'ipdiscover.listDevices', {
      netId: SEED.lab,
      kind: 'nonInventoried',
    });
    expect(non.total).toBe(3);
    expect(non.rows.map((r) => r.mac)).toEqual(SEED.nonInventoried);
    const ident = await call(user, 'ipdiscover.listDevices', {
      netId: SEED.lab,
      kind: 'identified',
    });
    expect(ident.rows).toEqual([
      expect.objectContaining({
        mac: SEED.identifiedMac,
        type: 'Printer',
        description: 'Hall printer',
        registeredBy: 'admin',
      }),
    ]);
    const inv = await call(user, 'ipdiscover.listComputers', {
      netId: SEED.lab,
      kind: 'inventoried',
    });
    expect(inv.rows.map((r) => [r.name, r.ip])).toEqual([
      ['PC1', '127.213.7.1'],
      ['PC2', '127.213.7.2'],
    ]);
    const agents = await call(user, 'ipdiscover.listComputers', {
      netId: SEED.lab,
      kind: 'agents',
      pageSize: 1,
    });
    expect(agents).toEqual({
      total: 1,
      rows: [expect.objectContaining({ hardwareId: SEED.pc1, ipdiscover: 1 })],
    });
  });

  it('registering moves a device from non-inventoried to identified; un-registering moves it back', async () => {
    const mac = SEED.nonInventoried[0]!;
    const dev = await call(admin, 'ipdiscover.register', {
      mac,
      type: 'Switch',
      description: 'Core switch',
    });
    expect(dev).toMatchObject({ mac, type: 'Switch', description: 'Core switch', registeredBy: ADMIN.id });
    let lab = byNet(await call(user, 'ipdiscover.networks'), SEED.lab);
    expect([lab.nonInventoried, lab.identified]).toEqual([2, 2]);
    // editing keeps one row
    await call(admin, 'ipdiscover.register', { mac, type: 'Switch', description: 'Core switch 2' });
    lab = byNet(await call(user, 'ipdiscover.networks'), SEED.lab);
    expect(lab.identified).toBe(2);
    await call(admin, 'ipdiscover.unregister', { mac });
    lab = byNet(await call(user, 'ipdiscover.networks'), SEED.lab);
    expect([lab.nonInventoried, lab.identified]).toEqual([3, 1]);
    expect((await failure(call(admin, 'ipdiscover.register', { mac, type: 'No such type' }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await failure(call(admin, 'ipdiscover.register', { mac: '02:99:99:99:99:99', type: 'Switch' }))).code,
    ).toBe('NOT_FOUND');
  });

  it('the router refuses changes to a user and anonymous sessions', async () => {
    const mac = SEED.nonInventoried[1]!;
    expect((await failure(call(user, 'ipdiscover.register', { mac, type: 'Switch' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(call(user, 'ipdiscover.createDeviceType', { name: 'X' }))).code).toBe('FORBIDDEN');
    expect(
      (await failure(call(user, 'ipdiscover.setIpdiscover', { hardwareId: SEED.pc2, mode: 'never' }))).code,
    ).toBe('FORBIDDEN');
    expect((await failure(call(user, 'ipdiscover.analyse', { targets: '127.0.0.1' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(call(session(null), 'ipdiscover.networks'))).code).toBe('AUTH_REQUIRED');
  });

  it('device types: create, rename (registrations follow), refuse deleting a used one', async () => {
    const t = await call(admin, 'ipdiscover.createDeviceType', { name: 'Camera' });
    expect((await failure(call(admin, 'ipdiscover.createDeviceType', { name: 'Camera' }))).code).toBe(
      'CONFLICT',
    );
    const printer = (await call(user, 'ipdiscover.deviceTypes')).find((d) => d.name === 'Printer')!;
    expect(printer.used).toBe(1);
    await call(admin, 'ipdiscover.renameDeviceType', { id: printer.id, name: 'Printer (laser)' });
    const ident = await call(user, 'ipdiscover.listDevices', {
      netId: SEED.lab,
      kind: 'identified',
    });
    expect(ident.rows[0]!.type).toBe('Printer (laser)');
    const e = await failure(call(admin, 'ipdiscover.deleteDeviceType', { id: printer.id }));
    expect(e.code).toBe('CONFLICT');
    await call(admin, 'ipdiscover.deleteDeviceType', { id: t.id });
    expect((await call(user, 'ipdiscover.deviceTypes')).some((d) => d.name === 'Camera')).toBe(false);
  });

  it('subnets: create, rename, delete', async () => {
    await call(admin, 'ipdiscover.saveSubnet', {
      netId: SEED.other,
      mask: '255.255.255.0',
      name: 'Office',
      groupLabel: 'Lyon',
    });
    expect(byNet(await call(user, 'ipdiscover.networks'), SEED.other)).toMatchObject({
      name: 'Office',
      groupLabel: 'Lyon',
    });
    await call(admin, 'ipdiscover.saveSubnet', {
      netId: SEED.other,
      mask: '255.255.255.0',
      name: 'Office 2',
    });
    expect(byNet(await call(user, 'ipdiscover.networks'), SEED.other).name).toBe('Office 2');
    await call(admin, 'ipdiscover.deleteSubnet', { netId: SEED.other });
    expect(byNet(await call(user, 'ipdiscover.networks'), SEED.other).name).toBeNull();
    expect((await failure(call(admin, 'ipdiscover.deleteSubnet', { netId: SEED.other }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (
        await failure(
          call(admin, 'ipdiscover.saveSubnet', { netId: '10.1', mask: '255.255.255.0', name: 'x' }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('per-computer IPDISCOVER: forced, never, automatic, one devices row at most', async () => {
    const get = () => call(user, 'ipdiscover.getIpdiscover', { hardwareId: SEED.pc2 });
    expect(await get()).toMatchObject({ state: 'auto', netId: null, subnets: [SEED.lab, SEED.other] });
    await call(admin, 'ipdiscover.setIpdiscover', { hardwareId: SEED.pc2, mode: 'forced', netId: SEED.lab });
    expect(await get()).toMatchObject({ state: 'forced', netId: SEED.lab });
    expect(byNet(await call(user, 'ipdiscover.networks'), SEED.lab).ipdiscoverAgents).toBe(2);
    await call(admin, 'ipdiscover.setIpdiscover', { hardwareId: SEED.pc2, mode: 'never' });
    expect(await get()).toMatchObject({ state: 'never', netId: null });
    await call(admin, 'ipdiscover.setIpdiscover', { hardwareId: SEED.pc2, mode: 'auto' });
    expect(await get()).toMatchObject({ state: 'auto' });
    const k = admin.db!.knex;
    const [{ n }] = (await k('devices')
      .where({ HARDWARE_ID: SEED.pc2, NAME: 'IPDISCOVER' })
      .count({ n: '*' })) as [{ n: unknown }];
    expect(Number(n)).toBe(0);
    const bad = await failure(
      call(admin, 'ipdiscover.setIpdiscover', {
        hardwareId: SEED.pc2,
        mode: 'forced',
        netId: '127.213.99.0',
      }),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(
      (await failure(call(admin, 'ipdiscover.setIpdiscover', { hardwareId: SEED.group, mode: 'never' })))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('lookup tells what the DB knows about an address or MAC', async () => {
    const r = await call(user, 'ipdiscover.lookup', {
      ips: ['127.213.7.1', '127.213.7.13', '127.213.7.200'],
      macs: [SEED.pc1Mac.toLowerCase()],
    });
    expect(r['127.213.7.1']!.computers.map((c) => c.hardwareId)).toContain(SEED.pc1);
    expect(r['127.213.7.13']).toMatchObject({ computers: [], identified: { description: 'Hall printer' } });
    expect(r['127.213.7.200']).toEqual({ computers: [], discovered: null, identified: null });
    expect(r[SEED.pc1Mac.toLowerCase()]!.computers[0]).toMatchObject({
      hardwareId: SEED.pc1,
      matchedOn: 'mac',
    });
  });

  it('deleting a device removes it from the discovery tables', async () => {
    const mac = SEED.nonInventoried[2]!;
    await call(admin, 'ipdiscover.deleteDevice', { mac });
    expect(byNet(await call(user, 'ipdiscover.networks'), SEED.lab).nonInventoried).toBe(2);
    expect((await failure(call(admin, 'ipdiscover.deleteDevice', { mac }))).code).toBe('NOT_FOUND');
  });
});

const skipNetns = netnsUnavailableReason();

describe.skipIf(!!skipNetns)(
  `analysis of hosts in test network namespaces${skipNetns ? ` (skipped: ${skipNetns})` : ''}`,
  () => {
    let t: TestHosts;
    let db = '';
    let admin: Session;
    beforeAll(async () => {
      t = await createTestHosts(CLASS_HOSTS);
      db = await createOcsDb();
      const h = t.hosts;
      // the SMB host's MAC is an inventoried interface; the SSH host was seen by an agent
      await seedIpdiscover(db, [{ ip: h.ssh!.ip, mac: h.ssh!.mac, netId: h.ssh!.cidr.split('/')[0]! }]);
      const k = (await import('../../src-main/platform/db/connect')).createPool(rootParams(db), { max: 1 });
      const kk = await k;
      await kk('hardware').insert({ ID: 9200, DEVICEID: 'WINBOX-2024', NAME: 'WINBOX' });
      await kk('networks').insert({
        HARDWARE_ID: 9200,
        MACADDR: h.smb!.mac.toLowerCase(),
        IPADDRESS: '127.213.250.250',
        IPSUBNET: '127.213.250.0',
        STATUS: 'Up',
      });
      await kk.destroy();
      admin = await connect(session(ADMIN), db);
    });
    afterAll(async () => {
      await t?.cleanup();
      await admin?.dispose();
      if (db) await dropDb(db);
      rmSync(configDir, { recursive: true, force: true });
    });

    const classes = (r: AnalysisResult) => Object.fromEntries(r.hosts.map((h) => [h.ip, h.class]));

    it('classifies SSH, SMB/NetBIOS, printer and empty hosts (privileged), with evidence, progress and inventory match', async () => {
      const h = t.hosts;
      const targets = [h.ssh!.ip, h.smb!.ip, h.printer!.ip, h.empty!.ip, h.empty!.absentIp].join(', ');
      const events: JobInfo[] = [];
      const job = await runJob(admin, { targets, hostTimeoutSec: 60 }, (j) => events.push(j));
      expect(job.error).toBeUndefined();
      expect(job.state).toBe('succeeded');
      const r = job.result as AnalysisResult;
      expect(r.mode).toBe('privileged');
      expect(r.modeReason).toMatch(/root/);
      expect(classes(r)).toEqual({
        [h.ssh!.ip]: 'unix',
        [h.smb!.ip]: 'windows',
        [h.printer!.ip]: 'network',
        [h.empty!.ip]: 'phantom',
        [h.empty!.absentIp]: 'phantom',
      });
      expect(r.counts).toEqual({ windows: 1, unix: 1, network: 1, phantom: 2 });
      const smb = r.hosts.find((x) => x.ip === h.smb!.ip)!;
      expect(smb.netbios).toMatchObject({ name: 'WINBOX', workgroup: 'WORKGROUP' });
      expect(smb.ports.filter((p) => p.state === 'open').map((p) => p.port)).toEqual([135, 139, 445]);
      expect(smb.mac).toBe(h.smb!.mac);
      expect(smb.known!.computers).toEqual([{ hardwareId: 9200, name: 'WINBOX', matchedOn: 'mac' }]);
      const ssh = r.hosts.find((x) => x.ip === h.ssh!.ip)!;
      expect(ssh.why.join(' ')).toMatch(/port 22/);
      expect(ssh.os?.family).toBe('Linux');
      expect(ssh.known!.discovered).toMatchObject({ netId: h.ssh!.cidr.split('/')[0] });
      expect(r.hosts.find((x) => x.ip === h.empty!.absentIp)!.up).toBe(false);
      // progress: a total, increasing counts, the end
      const running = events.filter((e) => e.jobId === job.jobId && e.state === 'running' && e.total === 5);
      expect(running.length).toBeGreaterThan(0);
      expect(job.done).toBe(5);
      // cached with its date
      const cached = await call(admin, 'ipdiscover.cachedAnalysis', {
        scope: r.scope,
      });
      expect(cached?.finishedAt).toBe(r.finishedAt);
    });

    it('works unprivileged (connect scan, no OS guess) and says so', async () => {
      const h = t.hosts;
      const job = await runJob(admin, {
        targets: `${h.ssh!.ip} ${h.smb!.ip} ${h.empty!.ip}`,
        privileges: 'unprivileged',
      });
      const r = job.result as AnalysisResult;
      expect(r.mode).toBe('unprivileged');
      expect(classes(r)).toEqual({ [h.ssh!.ip]: 'unix', [h.smb!.ip]: 'windows', [h.empty!.ip]: 'phantom' });
      expect(r.hosts.every((x) => x.os === null)).toBe(true);
    });

    it('scans a CIDR of the namespace link', async () => {
      const job = await runJob(admin, { targets: t.hosts.printer!.cidr, netbios: false });
      const r = job.result as AnalysisResult;
      expect(r.hosts).toHaveLength(6);
      expect(classes(r)[t.hosts.printer!.ip]).toBe('network');
    });

    it('cancel kills the scan', async () => {
      const h = t.hosts;
      const { jobId } = await call(admin, 'ipdiscover.analyse', {
        targets: `${h.ssh!.ip} ${h.smb!.ip} ${h.printer!.ip}`,
        concurrency: 1,
      });
      await new Promise((res) => setTimeout(res, 1500));
      const started = Date.now();
      await call(admin, 'jobs.cancel', { jobId });
      const end = await app.jobs.wait(jobId);
      expect(end.state).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(5000);
      // no nmap / nmblookup left running on these hosts
      await new Promise((res) => setTimeout(res, 2000));
      const ps = await new Promise<string>((resolve) =>
        execFile('ps', ['-eo', 'args'], (_e, out) => resolve(out)),
      );
      const left = ps
        .split('\n')
        .filter(
          (l) =>
            /nmap|nmblookup/.test(l) && [h.ssh!.ip, h.smb!.ip, h.printer!.ip].some((ip) => l.includes(ip)),
        );
      expect(left).toEqual([]);
    });

    it('CLI: ocs-desk scan <addresses> --json, and a refused range', async () => {
      const h = t.hosts;
      const cli = (args: string[]) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          execFile(
            'node',
            ['scripts/run-ts.mjs', 'src-main/cli/index.ts', 'scan', ...args],
            {
              cwd: path.resolve(import.meta.dirname, '../..'),
              env: { ...process.env, OCS_DESK_CONFIG_DIR: configDir },
            },
            (err, stdout, stderr) =>
              resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
          );
        });
      const ok = await cli([h.ssh!.ip, h.empty!.absentIp, '--json', '--no-db', '--unprivileged']);
      expect(ok.code).toBe(0);
      const r = JSON.parse(ok.stdout) as AnalysisResult;
      expect(classes(r)).toEqual({ [h.ssh!.ip]: 'unix', [h.empty!.absentIp]: 'phantom' });
      const text = await cli([h.smb!.ip, '--no-db']);
      expect(text.stdout).toMatch(/Windows .*WINBOX/);
      expect(text.stdout).toMatch(/netbios: WINBOX workgroup WORKGROUP/);
      const refused = await cli(['127.213.0.0/16', '--no-db']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/65534 addresses, more than 1024/);
    });

    it('refuses invalid and too large ranges, names a missing nmap', async () => {
      let job = await runJob(admin, { targets: '127.213.0.0/20' });
      expect(job.error).toMatchObject({ code: 'RANGE_TOO_LARGE', params: { count: 4094, max: 1024 } });
      job = await runJob(admin, { targets: 'example.com' });
      expect(job.error?.code).toBe('VALIDATION_FAILED');
      expect((await failure(call(admin, 'ipdiscover.analyse', {}))).code).toBe('VALIDATION_FAILED');
      process.env.OCS_DESK_NMAP = '/nonexistent/ocsdesk-nmap';
      try {
        job = await runJob(admin, { targets: '127.0.0.1' });
        expect(job.error?.code).toBe('TOOL_MISSING');
        expect(String(job.error?.params.install)).toMatch(/apt install nmap/);
      } finally {
        delete process.env.OCS_DESK_NMAP;
      }
    });
  },
);
