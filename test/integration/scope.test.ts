import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenContract } from '../../shared/contract';
import { createPool } from '../../src-main/platform/db/connect';
import type { Operator, Session } from '../../src-main/platform/rpc/session';
import { ADMIN, operatorOf, testApp } from '../helpers/app';
import { createOcsDb, dropDb, rootParams } from '../helpers/db';

/**
 * The scope matrix, beside the role matrix (roles.test.ts): every route of the contract has a decision
 * about computer data, and every route that returns or changes computer data is called by operators
 * restricted to TAG `DATACENTER` (exactly, and through the wildcard `DATA*`) with inputs aimed at
 * computers outside that perimeter. No output may name an outside computer (name, IP, MAC, serial,
 * device id, TAG, id) and no outside computer's rows may change. A new route without a decision fails.
 */

/** `spareEnableId`: an activation assigned to no computer yet (what packages.assign would add). */
type Fx = {
  inside: number[];
  outside: number[];
  enableId: number;
  spareEnableId: number;
  fileId: string;
  regId: number;
  /** Groups made by an unrestricted administrator: a static one holding every computer, a dynamic one over all. */
  groupAll: number;
  groupDyn: number;
  /** Static groups holding only computers inside the perimeter (one to edit, one to delete). */
  groupIn: number;
  groupDel: number;
  /** A dynamic group over "all computers" saved by the restricted administrator: its definition keeps its perimeter. */
  groupDynIn: number;
};
type Decision =
  | { kind: 'none'; why: string }
  /** Returns computer data: each input is called; outputs never show an outside computer. */
  | { kind: 'read'; inputs: (f: Fx) => unknown[]; showsInside?: boolean }
  /** Changes computer data: outside computers' rows stay as they were. */
  | { kind: 'write'; inputs: (f: Fx) => unknown[] }
  /** Changes every computer at once: refused to a restricted operator. */
  | { kind: 'whole-fleet'; input: (f: Fx) => unknown };

const none = (why: string): Decision => ({ kind: 'none', why });
const read = (inputs: (f: Fx) => unknown[], showsInside = false): Decision => ({
  kind: 'read',
  inputs,
  showsInside,
});
const write = (inputs: (f: Fx) => unknown[]): Decision => ({ kind: 'write', inputs });
const fleet = (input: (f: Fx) => unknown): Decision => ({ kind: 'whole-fleet', input });

const NET = '127.77.0.0';
const ALL = { kind: 'filter', filter: { criteria: [], match: 'all' } } as const;
const outIds = (f: Fx) => ({ kind: 'ids', ids: f.outside }) as const;
/** "All matching except a few": the exclusions name one computer inside and one outside. */
const allExcept = (f: Fx) => ({ ...ALL, except: [f.inside[0]!, f.outside[0]!] }) as const;
const mixIds = (f: Fx) => ({ kind: 'ids', ids: [...f.outside, f.inside[0]!] }) as const;
const csvDir = mkdtempSync(path.join(tmpdir(), 'ocsdesk-scope-'));
let csvN = 0;
let groupN = 0;

const DECISIONS: Record<string, Decision> = {
  'system.info': none('application and server versions'),
  'system.about': none('application and server versions'),
  'system.openLogs': none('the log folder of this computer'),
  'connection.test': none('DB connection'),
  'connection.open': none('DB connection'),
  'connection.close': none('DB connection'),
  'connection.status': none('DB connection'),
  'jobs.get': none("the session's own jobs (their results are checked on the job's route)"),
  'jobs.list': none("the session's own jobs"),
  'jobs.cancel': none("the session's own jobs"),
  'database.inspect': none('schema'),
  'database.init': none('schema'),
  'database.upgrade': none('schema'),
  'certificates.selfSigned': none('certificate files'),
  'certificates.csr': none('certificate files'),
  'certificates.importSigned': none('certificate files'),
  'certificates.createCa': none('certificate files'),
  'certificates.sign': none('certificate files'),
  'certificates.check': none('TLS check of a server'),
  'certificates.inspect': none('certificate files'),
  'auth.login': none('operators'),
  'auth.logout': none('operators'),
  'auth.me': none('operators'),
  'auth.changePassword': none('operators'),
  'operators.list': none('operators'),
  'operators.create': none('operators'),
  'operators.update': none('operators'),
  'operators.resetPassword': none('operators'),
  'operators.delete': none('operators'),
  'operators.setTags': none('operators (their perimeter, Administrators only)'),
  'operators.weakHashes': none('operators'),
  'operators.profiles': none('operator profiles and their rights'),
  'operators.mapProfile': none('operator profiles (OCS Desk mapping table)'),
  'profiles.list': none('connection profiles'),
  'profiles.save': none('connection profiles'),
  'profiles.delete': none('connection profiles'),
  'profiles.connect': none('connection profiles'),
  'profiles.current': none('connection profiles'),
  'computers.columns': none('column definitions'),
  'computers.list': read(
    () => [
      { limit: 500 },
      { limit: 500, filter: { quick: 'OUTSIDE' } },
      // A block of the virtual grid: rows without the count, same perimeter.
      { limit: 200, withTotal: false },
      { limit: 200, offset: 1, withTotal: false, filter: { quick: 'OUTSIDE' } },
    ],
    true,
  ),
  'computers.count': read((f) => [{ selection: ALL }, { selection: outIds(f) }, { selection: allExcept(f) }]),
  'computers.total': read(() => [
    { filter: { criteria: [], match: 'all' } },
    { filter: { quick: 'OUTSIDE', criteria: [], match: 'all' } },
  ]),
  'computers.detail': read((f) => [...f.outside, f.inside[0]!].map((id) => ({ id }))),
  'computers.setAdminData': write((f) =>
    [...f.outside, f.inside[0]!].map((id) => ({ id, values: { TAG: 'DATACENTER' } })),
  ),
  'computers.setSettings': write((f) => [
    { selection: outIds(f), settings: { FREQUENCY: { ivalue: 3, tvalue: null } } },
    { selection: ALL, settings: { FREQUENCY: { ivalue: 4, tvalue: null } } },
    { selection: allExcept(f), settings: { FREQUENCY: { ivalue: 5, tvalue: null } } },
  ]),
  'computers.exportCsv': read(() => [{ columns: ['hardware.NAME', 'hardware.IPADDR', 'bios.SSN'] }], true),
  'computers.exportCsvFile': read(() => [
    { columns: ['hardware.NAME', 'hardware.IPADDR'], path: path.join(csvDir, `out-${csvN++}.csv`) },
  ]),
  'computers.massSetAdminData': write((f) => [
    { selection: outIds(f), values: { TAG: 'DATACENTER' } },
    { selection: mixIds(f), values: { TAG: 'DATACENTER' } },
    { selection: allExcept(f), values: { TAG: 'DATACENTER' } },
  ]),
  'computers.delete': write((f) => [{ selection: outIds(f) }]),
  'computers.getGridPrefs': none("the operator's own grid layout"),
  'computers.setGridPrefs': none("the operator's own grid layout"),
  'computers.perfIndexes': none('indexes'),
  'computers.createPerfIndexes': none('indexes'),
  'computers.dropPerfIndexes': none('indexes'),
  'search.fields': none('field definitions'),
  'search.run': read(
    () => [
      { limit: 500 },
      { limit: 500, filter: { criteria: [{ field: 'hardware.NAME', op: 'LIKE', value: 'OUTSIDE*' }] } },
      {
        limit: 200,
        withTotal: false,
        filter: { criteria: [{ field: 'hardware.NAME', op: 'LIKE', value: 'OUTSIDE*' }] },
      },
    ],
    true,
  ),
  // The palette's quick find: names, IP and MAC prefixes of outside computers, and prefixes that reach both.
  'search.quick': read(
    () => [
      { text: 'OUTSIDE' },
      { text: '127.77.0.2' },
      { text: '02:77:00:00:02' },
      { text: '02-77-00-00-02-01' },
      { text: 'INSIDE' },
      { text: '127.77.0.', limit: 20 },
      { text: '02:77', limit: 20 },
    ],
    true,
  ),
  'search.savedList': none("the operator's own saved searches"),
  'search.savedSave': none("the operator's own saved searches"),
  'search.savedDelete': none("the operator's own saved searches"),
  'tags.repartition': read(() => [{ column: 'TAG' }], true),
  'duplicates.summary': read(() => [{}]),
  'duplicates.groups': read(() =>
    ['hostname_serial', 'hostname_mac', 'mac_serial', 'hostname', 'serial', 'mac'].map((criterion) => ({
      criterion,
      pageSize: 200,
    })),
  ),
  'duplicates.merge': write((f) => [{ groups: [f.outside] }, { groups: [[f.inside[0]!, f.outside[0]!]] }]),
  'duplicates.blacklist': none('blacklisted MAC addresses and serials'),
  'duplicates.addBlacklist': none('blacklisted MAC addresses and serials'),
  'duplicates.removeBlacklist': none('blacklisted MAC addresses and serials'),
  'dictionary.list': read(() => [{ tab: 'NEW' }]),
  'dictionary.categories': none('software categories'),
  'dictionary.move': none('software categories'),
  // Software names with counts of the operator's computers only (software.test.ts checks the counts).
  'software.list': read(() => [{ limit: 500 }, { sort: { column: 'computers', dir: 'desc' } }]),
  'software.versions': read(() => [{ nameId: 1 }]),
  'software.exportCsv': read(() => [{}]),
  'software.categories': none('software categories and their rules'),
  'software.createCategory': none('software categories and their rules'),
  'software.updateCategory': none('software categories and their rules'),
  'software.deleteCategory': none('software categories and their rules'),
  'software.addRule': none('software categories and their rules'),
  'software.deleteRule': none('software categories and their rules'),
  'software.setDefaultCategory': none('config DEFAULT_CATEGORY'),
  // Built from every computer's software into a table shared by every operator.
  'software.recompute': fleet(() => ({})),
  'registry.list': read(() => [{}]),
  'registry.save': none('registry query definitions'),
  'registry.delete': none('registry query definitions'),
  'registry.values': read((f) => [{ id: f.regId }], true),
  'adminfields.list': none('field definitions'),
  'adminfields.create': none('adds an empty column'),
  'adminfields.update': none('field definitions'),
  'adminfields.move': none('field definitions'),
  'adminfields.delete': fleet(() => ({ fieldId: 1 })),
  'adminfields.getLabel': none('label text'),
  'adminfields.setLabel': none('label text'),
  // Groups: whole-group changes (definition, delete, recompute, packages, settings) reach every member,
  // so a restricted operator makes them only on groups with no member outside its perimeter
  // (OUTSIDE_PERIMETER; groups.test.ts checks the refusals one by one). Each write below is tried on a
  // group with outside members (refused) and on one inside the perimeter (done).
  'groups.list': read(() => [{}]),
  'groups.get': read((f) => [f.groupAll, f.groupDyn, f.groupIn].map((id) => ({ id }))),
  'groups.members': read(
    (f) => [
      { id: f.groupAll, states: ['dynamic', 'included', 'excluded'] },
      { id: f.groupDyn, limit: 500 },
      { id: f.groupAll, quick: 'OUTSIDE' },
    ],
    true,
  ),
  'groups.preview': read(() => [{ filter: ALL.filter, limit: 200 }], true),
  'groups.create': write((f) => [
    { kind: 'static', name: `scope-new-${groupN++}`, description: 'scope', members: outIds(f) },
    { kind: 'static', name: `scope-new-${groupN++}`, description: 'scope', members: mixIds(f) },
    {
      kind: 'dynamic',
      name: `scope-new-${groupN++}`,
      description: 'scope',
      definition: { filter: ALL.filter },
    },
  ]),
  'groups.update': write((f) => [
    { id: f.groupAll, name: 'scope-all-renamed' },
    { id: f.groupDyn, definition: { filter: ALL.filter } },
    { id: f.groupIn, description: 'inside only' },
    { id: f.groupDynIn, definition: { filter: ALL.filter } },
  ]),
  'groups.delete': write((f) => [
    { id: f.groupAll, confirm: true },
    { id: f.groupDyn, confirm: true },
    { id: f.groupDel, confirm: true },
  ]),
  'groups.addMembers': write((f) => [
    { id: f.groupIn, target: outIds(f) },
    { id: f.groupIn, target: mixIds(f) },
  ]),
  'groups.removeMembers': write((f) => [
    { id: f.groupAll, target: outIds(f) },
    { id: f.groupIn, target: mixIds(f) },
  ]),
  'groups.setMemberState': write((f) => [
    { id: f.groupDyn, ids: f.outside, state: 'excluded' },
    { id: f.groupDyn, ids: [...f.outside, f.inside[0]!], state: 'included' },
    { id: f.groupDyn, ids: [...f.outside, f.inside[0]!], state: 'reset' },
  ]),
  'groups.refresh': write((f) => [{ id: f.groupDyn }, { id: f.groupDynIn }]),
  'groups.compare': read((f) => [{ a: f.groupAll, b: f.groupDyn, limit: 500 }]),
  'groups.exportCsv': read((f) => [{ id: f.groupAll, states: ['dynamic', 'included', 'excluded'] }]),
  'groups.assignPackage': write((f) => [
    { id: f.groupAll, enableId: f.spareEnableId },
    { id: f.groupIn, enableId: f.spareEnableId },
  ]),
  'groups.unassignPackage': write((f) => [
    { id: f.groupAll, enableId: f.enableId, cancelPending: true },
    { id: f.groupIn, enableId: f.spareEnableId, cancelPending: true },
  ]),
  'groups.packageStats': read((f) => [
    { id: f.groupAll, enableId: f.enableId },
    { id: f.groupDyn, enableId: f.enableId },
  ]),
  'groups.setSettings': write((f) => [
    { id: f.groupAll, settings: { FREQUENCY: { ivalue: 3, tvalue: null } } },
    { id: f.groupIn, settings: { FREQUENCY: { ivalue: 3, tvalue: null } } },
  ]),
  'groups.effectiveSettings': read((f) => [...f.outside, f.inside[0]!].map((id) => ({ id }))),
  'groups.ofComputer': read((f) => [...f.outside, f.inside[0]!].map((id) => ({ id }))),
  'backup.tools': none('local dump tools'),
  'backup.plan': none('table names and sizes of the database, no computer row'),
  // A backup holds every computer: refused to a TAG-restricted operator (backup.test.ts proves it).
  'backup.create': none('whole database, refused to a restricted operator in backup.test.ts'),
  'backup.restore': none('whole database, refused to a restricted operator in backup.test.ts'),
  'backup.target': none('a database name, refused to a restricted operator in backup.test.ts'),
  'agentfiles.list': none('agent files'),
  'agentfiles.add': none('agent files'),
  'agentfiles.delete': none('agent files'),
  'packages.previewFragments': none('package files'),
  'packages.downloadDir': none('package files'),
  'packages.build': none('package files'),
  'packages.list': read(() => [{}]),
  'packages.activate': none('package activation (no computer row)'),
  'packages.activations': read((f) => [{ fileId: f.fileId }]),
  'packages.deactivate': fleet((f) => ({ enableId: f.enableId })),
  'packages.assign': write((f) => [
    { enableId: f.spareEnableId, hardwareIds: f.outside, force: true },
    { enableId: f.spareEnableId, hardwareIds: [...f.outside, f.inside[0]!] },
    { enableId: f.enableId, hardwareIds: [...f.outside, f.inside[0]!], reset: true },
  ]),
  'packages.assignSelection': write((f) => [
    { enableId: f.spareEnableId, selection: outIds(f) },
    { enableId: f.spareEnableId, selection: ALL },
    { enableId: f.enableId, selection: ALL, reset: true },
    { enableId: f.spareEnableId, selection: allExcept(f), reset: true },
  ]),
  'packages.unassign': write((f) => [{ enableId: f.enableId, hardwareIds: [...f.outside, f.inside[1]!] }]),
  'packages.delete': fleet((f) => ({ fileId: f.fileId, confirm: true })),
  'packages.forComputer': read((f) => [...f.outside, f.inside[0]!].map((hardwareId) => ({ hardwareId }))),
  'packages.stats': read((f) => [{ fileId: f.fileId }]),
  'packages.statusComputers': read(
    (f) => [
      { fileId: f.fileId },
      { fileId: f.fileId, status: null },
      { fileId: f.fileId, category: 'error' },
    ],
    true,
  ),
  'packages.validate': write((f) => [
    { fileId: f.fileId, action: 'success' },
    { fileId: f.fileId, action: 'all' },
  ]),
  'ipdiscover.networks': read(() => [{}]),
  'ipdiscover.listDevices': read(() => [
    { netId: NET, kind: 'nonInventoried' },
    { netId: NET, kind: 'identified' },
  ]),
  'ipdiscover.listComputers': read(
    () => [
      { netId: NET, kind: 'inventoried' },
      { netId: NET, kind: 'agents' },
    ],
    true,
  ),
  'ipdiscover.saveSubnet': none('subnet names'),
  'ipdiscover.deleteSubnet': none('subnet names'),
  'ipdiscover.deviceTypes': none('device types'),
  'ipdiscover.createDeviceType': none('device types'),
  'ipdiscover.renameDeviceType': none('device types'),
  'ipdiscover.deleteDeviceType': none('device types'),
  'ipdiscover.register': none('non-inventoried network devices'),
  'ipdiscover.unregister': none('non-inventoried network devices'),
  'ipdiscover.deleteDevice': none('non-inventoried network devices'),
  'ipdiscover.getIpdiscover': read((f) => [...f.outside, f.inside[0]!].map((hardwareId) => ({ hardwareId }))),
  'ipdiscover.setIpdiscover': write((f) =>
    [...f.outside, f.inside[0]!].map((hardwareId) => ({ hardwareId, mode: 'never' })),
  ),
  'ipdiscover.lookup': read(() => [{ ips: OUT.map((o) => o.ip), macs: OUT.map((o) => o.mac) }]),
  'ipdiscover.tools': none('local scanner tools'),
  'ipdiscover.macVendorStatus': none('the MAC vendor list (no computer data)'),
  'ipdiscover.refreshMacVendors': none('the MAC vendor list file in the settings folder'),
  'ipdiscover.analyse': none('scans addresses (its inventory match is the one of ipdiscover.lookup)'),
  // The cache is empty here; ipdiscover-cache-scope.test.ts reads a real cached analysis back.
  'ipdiscover.cachedAnalysis': read(() => [{ scope: 'targets:127.0.0.1' }]),
  'ipdiscover.cachedScopes': none('cache keys and host counts'),
  'import.run': fleet(() => ({ paths: [csvDir] })),
  'import.report': none('import reports (Administrator jobs)'),
  'import.uploadBegin': none('uploaded files'),
  'import.uploadChunk': none('uploaded files'),
  'import.uploadDiscard': none('uploaded files'),
  // SNMP devices are not computers: their own TAG perimeter (snmp_accountinfo.TAG) is proven in snmp.test.ts.
  'snmp.types': none('SNMP devices (own TAG perimeter, snmp.test.ts)'),
  'snmp.devices': none('SNMP devices (own TAG perimeter, snmp.test.ts)'),
  'snmp.device': none('SNMP devices (own TAG perimeter, snmp.test.ts)'),
  'snmp.exportCsv': none('SNMP devices (own TAG perimeter, snmp.test.ts)'),
  'snmp.setAdminData': none('SNMP devices (own TAG perimeter, snmp.test.ts)'),
  'snmp.config': none('SNMP configuration'),
  'snmp.createType': none('SNMP configuration'),
  'snmp.deleteType': none('SNMP configuration'),
  'snmp.addCondition': none('SNMP configuration'),
  'snmp.deleteCondition': none('SNMP configuration'),
  'snmp.createLabel': none('SNMP configuration'),
  'snmp.deleteLabel': none('SNMP configuration'),
  'snmp.addConfigs': none('SNMP configuration'),
  'snmp.deleteConfig': none('SNMP configuration'),
  'snmp.mibOids': none('MIB files read locally'),
  'snmp.communities': none('SNMP communities'),
  'snmp.saveCommunity': none('SNMP communities'),
  'snmp.deleteCommunity': none('SNMP communities'),
  'snmp.preview': none('reads one network device, no computer row'),
  'options.list': none('configuration'),
  'options.set': none('configuration'),
  'dashboard.summary': read(() => [{}]),
  'dashboard.topSoftware': read(() => [{ limit: 50 }]),
  'diagnostics.run': none(
    'DB server, comm server, certificate, deployment and folder checks: no computer row',
  ),
  'diagnostics.serverInfo': read(() => [{}]),
  // CVE: affected computers are counted and listed from software inside the perimeter (cve.test.ts
  // checks the counts); the CVE rows themselves and the lookup history name no computer.
  'cve.status': none('config VULN_* options and row counts of the cve_search tables'),
  'cve.software': read(() => [{ limit: 500 }, { sort: { column: 'computers', dir: 'desc' } }]),
  'cve.cves': read(() => [{ nameId: 1, publisherId: 1, versionId: 1 }]),
  'cve.computers': read(
    () => [{ nameId: 1, publisherId: 1, versionId: 1, limit: 500 }, { cve: 'CVE-SCOPE-0001' }],
    true,
  ),
  'cve.computer': read((f) => [...f.outside, f.inside[0]!].map((id) => ({ id }))),
  'cve.byComputer': read(() => [{ limit: 500 }, { sort: { column: 'name', dir: 'asc' } }, { filter: '*' }]),
  'cve.exportCsv': read(() => [{ list: 'software' }, { list: 'computers' }]),
  'cve.history': none('lookups per publisher (cve_search_history): no computer row'),
  // The file's text is what the operator gets: decoded in view(), files read in callRoute().
  'export.computer': read((f) => [...f.outside, f.inside[0]!].map((id) => ({ id, format: 'xml' })), true),
  'export.run': read(
    (f) =>
      [ALL, outIds(f), mixIds(f), allExcept(f)].flatMap((selection) => [
        { selection, format: 'xml', path: path.join(csvDir, `export-${csvN++}`) },
        { selection, format: 'jsonl', path: path.join(csvDir, `export-${csvN++}.jsonl`) },
      ]),
    true,
  ),
  // Counts of hardware.CATEGORY_ID within the perimeter (asset-categories.test.ts checks them against SQL).
  'assetCategories.list': read(() => [{}]),
  // Named stored searches: no computer row changes (the comm server sets CATEGORY_ID at inventory); a
  // restricted creator's search keeps its perimeter (asset-categories.test.ts).
  'assetCategories.create': none('asset category definitions (assets_categories), no computer row'),
  'assetCategories.update': none('asset category definitions (assets_categories), no computer row'),
  'assetCategories.delete': none('asset category definitions (assets_categories), no computer row'),
};

const IN = [
  { name: 'INSIDE-A', tag: 'DATACENTER', ip: '127.77.0.101', mac: '02:77:00:00:01:01', ssn: 'INSERIAL-A' },
  { name: 'INSIDE-B', tag: 'DATACENTER', ip: '127.77.0.102', mac: '02:77:00:00:01:02', ssn: 'INSERIAL-B' },
];
// Outside: two other TAGs, one TAG that the wildcard DATA* must not reach, one without accountinfo.
const OUT = [
  { name: 'OUTSIDE-P', tag: 'OUTTAG-PARIS', ip: '127.77.0.201', mac: '02:77:00:00:02:01', ssn: 'OUTSERIAL' },
  { name: 'OUTSIDE-L', tag: 'OUTTAG-LYON', ip: '127.77.0.202', mac: '02:77:00:00:02:02', ssn: 'OUTSERIAL' },
  {
    name: 'OUTSIDE-D',
    tag: 'OUTTAG-XDATA',
    ip: '127.77.0.203',
    mac: '02:77:00:00:02:03',
    ssn: 'OUTSERIAL-D',
  },
  { name: 'OUTSIDE-N', tag: null, ip: '127.77.0.204', mac: '02:77:00:00:02:04', ssn: 'OUTSERIAL-N' },
];
/** A package status only outside computers report: statistics must not count it. */
const OUT_STATUS = 'ERR_OUTSIDE_ONLY';
const MARKERS = [
  OUT_STATUS,
  ...OUT.flatMap((o) => [o.name, o.ip, o.mac, o.ssn, `DEV-${o.name}`, o.tag ?? 'no-tag']),
].map((m) => m.toUpperCase());

const RESTRICTED: Operator[] = [
  // Every right, restricted (a custom profile mapped to sadmin, with tag rows), and a ladmin.
  { ...ADMIN, id: 'dc-admin', tags: ['DATACENTER'] },
  operatorOf('ladmin', 'dc-user', ['DATA*']),
];

const { app, session, connect } = testApp();

async function seed(k: Knex): Promise<Omit<Fx, keyof GroupFx>> {
  const fileId = '1700000000';
  await k('download_available').insert({
    FILEID: fileId,
    NAME: 'scope-pkg',
    PRIORITY: 5,
    FRAGMENTS: 1,
    SIZE: 10,
    OSNAME: 'LINUX',
  });
  const [enableId] = await k('download_enable').insert({
    FILEID: fileId,
    INFO_LOC: 'localhost/download',
    PACK_LOC: 'localhost/download',
  });
  const [spareEnableId] = await k('download_enable').insert({
    FILEID: fileId,
    INFO_LOC: 'localhost/download2',
    PACK_LOC: 'localhost/download2',
  });
  await k('software_name').insert({ ID: 1, NAME: 'scope-tool' });
  // A CVE ocsreports' cron stored for the software every computer has (cve.* routes).
  await k('cve_search').insert({
    PUBLISHER_ID: 1,
    NAME_ID: 1,
    VERSION_ID: 1,
    CVSS: 9.1,
    CVE: 'CVE-SCOPE-0001',
    LINK: 'https://cve.example.invalid/CVE-SCOPE-0001',
  });
  const [regId] = await k('regconfig').insert({ NAME: 'scope-reg', REGTREE: 2, REGKEY: 'K', REGVALUE: 'V' });
  const add = async (
    c: (typeof IN)[number] | (typeof OUT)[number],
    status: string | null,
  ): Promise<number> => {
    const [id] = await k('hardware').insert({
      DEVICEID: `DEV-${c.name}`,
      NAME: c.name,
      IPADDR: c.ip,
      USERID: `user-${c.name}`,
      LASTDATE: '2026-11-01 10:00:00',
      LASTCOME: '2026-11-01 10:00:00',
    });
    const hid = Number(id);
    await k('bios').insert({ HARDWARE_ID: hid, SSN: c.ssn, SMODEL: 'M', SMANUFACTURER: 'ACME' });
    await k('networks').insert({
      HARDWARE_ID: hid,
      DESCRIPTION: 'eth0',
      MACADDR: c.mac,
      IPADDRESS: c.ip,
      IPSUBNET: NET,
      IPMASK: '255.255.255.0',
      STATUS: 'Up',
    });
    if (c.tag !== null) await k('accountinfo').insert({ HARDWARE_ID: hid, TAG: c.tag });
    await k('devices').insert([
      { HARDWARE_ID: hid, NAME: 'DOWNLOAD', IVALUE: Number(enableId), TVALUE: status },
      { HARDWARE_ID: hid, NAME: 'IPDISCOVER', IVALUE: 2, TVALUE: NET },
    ]);
    await k('registry').insert({ HARDWARE_ID: hid, NAME: 'scope-reg', REGVALUE: `reg-${c.name}` });
    await k('software').insert({ HARDWARE_ID: hid, NAME_ID: 1, PUBLISHER_ID: 1, VERSION_ID: 1 });
    await k('netmap').insert({ IP: c.ip, MAC: c.mac, MASK: '255.255.255.0', NETID: NET });
    return hid;
  };
  const inside: number[] = [];
  for (const c of IN) inside.push(await add(c, 'SUCCESS'));
  const outside: number[] = [];
  for (const c of OUT) outside.push(await add(c, c.tag === null ? null : OUT_STATUS));
  return {
    inside,
    outside,
    enableId: Number(enableId),
    spareEnableId: Number(spareEnableId),
    fileId,
    regId: Number(regId),
  };
}

type GroupFx = Pick<Fx, 'groupAll' | 'groupDyn' | 'groupIn' | 'groupDel' | 'groupDynIn'>;

/** The groups, made through the routes as an administrator would (and one by the restricted administrator). */
async function seedGroups(f: Omit<Fx, keyof GroupFx>, admin: Session, restricted: Session): Promise<GroupFx> {
  const make = async (s: Session, input: unknown) =>
    ((await app.router.invoke('groups.create', input, s, 'test')) as { id: number }).id;
  const all = { kind: 'ids', ids: [...f.inside, ...f.outside] };
  const inside = { kind: 'ids', ids: f.inside };
  const out: GroupFx = {
    groupAll: await make(admin, {
      kind: 'static',
      name: 'scope-all',
      description: 'scope',
      visible: true,
      members: all,
    }),
    groupDyn: await make(admin, {
      kind: 'dynamic',
      name: 'scope-dyn',
      description: 'scope',
      definition: { filter: ALL.filter },
    }),
    groupIn: await make(admin, {
      kind: 'static',
      name: 'scope-in',
      description: 'scope',
      visible: true,
      members: inside,
    }),
    groupDel: await make(admin, { kind: 'static', name: 'scope-del', description: 'scope', members: inside }),
    groupDynIn: await make(restricted, {
      kind: 'dynamic',
      name: 'scope-dyn-in',
      description: 'scope',
      definition: { filter: ALL.filter },
    }),
  };
  await app.router.invoke('groups.assignPackage', { id: out.groupAll, enableId: f.enableId }, admin, 'test');
  await admin.dispose();
  return out;
}

/** Every row of the outside computers, in every table that has a HARDWARE_ID (and hardware itself). */
async function snapshot(k: Knex, f: Fx): Promise<string> {
  const tables = (
    (await k('information_schema.COLUMNS')
      .select('TABLE_NAME as t')
      .where({ TABLE_SCHEMA: k.raw('DATABASE()'), COLUMN_NAME: 'HARDWARE_ID' })
      .orderBy('TABLE_NAME')) as Array<{ t: string }>
  ).map((r) => r.t);
  const out: Record<string, unknown> = {
    hardware: await k('hardware').whereIn('ID', f.outside).orderBy('ID'),
  };
  for (const t of tables) out[t] = await k(t).whereIn('HARDWARE_ID', f.outside).orderByRaw('1');
  return JSON.stringify(out);
}

/** Outside computers named in a value: a marker string, or an outside id in an id field. */
function leaks(value: unknown, f: Fx, checkIds = true): string[] {
  const found = new Set<string>();
  const text = JSON.stringify(value ?? null).toUpperCase();
  for (const m of MARKERS) if (text.includes(m)) found.add(m);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [key, x] of Object.entries(v)) {
        if (/^(id|hardwareId|HARDWARE_ID|ID)$/.test(key) && typeof x === 'number' && f.outside.includes(x))
          found.add(`${key}=${x}`);
        walk(x);
      }
    }
  };
  if (checkIds) walk(value);
  return [...found];
}

/** The part of an output that is about computers (lookup answers are keyed by the caller's own input). */
function view(route: string, out: unknown): unknown {
  if (route === 'export.computer')
    return Buffer.from((out as { base64: string }).base64, 'base64').toString('utf8');
  if (route === 'ipdiscover.lookup')
    return Object.values(out as Record<string, { computers: unknown }>).map((h) => h.computers);
  return out;
}

/** Calls a route (waiting for a job's result) and returns what the caller learnt. */
async function callRoute(s: Session, route: string, input: unknown): Promise<{ ok: boolean; out: unknown }> {
  const r = await app.router.call(route, input, s, 'test');
  if (!r.ok) return { ok: false, out: r.error };
  const def = flattenContract().get(route)!;
  if (def.kind !== 'job') return { ok: true, out: r.data };
  const info = await app.jobs.wait((r.data as { jobId: string }).jobId);
  const written = info.state === 'succeeded' ? (info.result as { path: string }).path : null;
  const file = !written
    ? null
    : route === 'computers.exportCsvFile' || (route === 'export.run' && !statSync(written).isDirectory())
      ? readFileSync(written, 'utf8')
      : route === 'export.run'
        ? readdirSync(written)
            .map((n) => readFileSync(path.join(written, n), 'utf8'))
            .join('\n')
        : null;
  return { ok: info.state === 'succeeded', out: { result: info.result, error: info.error, file } };
}

describe('scope matrix over every route in the contract', () => {
  let db = '';
  let k: Knex;
  let fx: Fx;
  let sessions: Session[] = [];

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    const base = await seed(k);
    sessions = await Promise.all(RESTRICTED.map((op) => connect(session(op), db)));
    fx = { ...base, ...(await seedGroups(base, await connect(session(ADMIN), db), sessions[0]!)) };
  });

  afterAll(async () => {
    app.jobs.cancelAll();
    for (const s of sessions) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it('has a decision for every route of the contract (a new route must take one)', () => {
    const names = [...flattenContract().keys()];
    expect(names.filter((n) => !(n in DECISIONS))).toEqual([]);
    expect(Object.keys(DECISIONS).filter((n) => !names.includes(n))).toEqual([]);
  });

  const routes = Object.entries(DECISIONS).filter(([, d]) => d.kind !== 'none');

  describe.each(routes)('%s', (route, decision) => {
    it.each(RESTRICTED.map((op, i) => [op.id, op.tags!.join(','), i] as const))(
      'as %s (TAG %s) touches no computer outside the perimeter',
      async (_id, _tags, i) => {
        const s = sessions[i]!;
        const op = RESTRICTED[i]!;
        let showedInside = false;
        let answered = false;
        let last = '';
        const before = await snapshot(k, fx);
        const inputs =
          decision.kind === 'whole-fleet'
            ? [decision.input(fx)]
            : decision.kind === 'none'
              ? []
              : decision.inputs(fx);
        for (const input of inputs) {
          const { ok, out } = await callRoute(s, route, input);
          last = JSON.stringify(out).slice(0, 300);
          // A refusal may echo the caller's own input (ids), never another computer's data.
          expect(leaks(ok ? view(route, out) : out, fx, ok), `${route} ${JSON.stringify(input)}`).toEqual([]);
          if (decision.kind === 'whole-fleet') {
            expect(ok).toBe(false);
            const o = out as { code?: string; error?: { code: string } };
            expect(o.code ?? o.error?.code).toBe('FORBIDDEN');
          }
          if (ok) {
            const text = JSON.stringify(out).toUpperCase();
            if (IN.some((c) => text.includes(c.name) || text.includes(c.tag))) showedInside = true;
            if (op.rights.includes('configure')) answered = true;
          }
        }
        // Not vacuous: the route answers, and the readers marked so show the computers inside the perimeter.
        if (decision.kind !== 'whole-fleet' && op.rights.includes('configure'))
          expect(answered, `${route}: ${last}`).toBe(true);
        if (decision.kind === 'read' && decision.showsInside && answered)
          expect(showedInside, route).toBe(true);
        expect(await snapshot(k, fx)).toBe(before);
      },
    );
  });
});

describe('"all matching except a few" (a filter selection with exclusions)', () => {
  let db = '';
  let k: Knex;
  let fx: Omit<Fx, keyof GroupFx>;
  let sessions: Session[] = [];
  const frequency = async (ids: number[]) =>
    (
      (await k('devices')
        .select('HARDWARE_ID as id', 'IVALUE as v')
        .where('NAME', 'FREQUENCY')
        .whereIn('HARDWARE_ID', ids)
        .orderBy('HARDWARE_ID')) as Array<{ id: number; v: number }>
    ).map((r) => [Number(r.id), Number(r.v)]);

  beforeAll(async () => {
    db = await createOcsDb();
    k = await createPool(rootParams(db), { max: 2 });
    fx = await seed(k);
    // A third computer inside the perimeter: excluding one of three leaves two, so "every match" and
    // "every match but the exclusions" differ on both sides of the exclusion.
    const [id] = await k('hardware').insert({ DEVICEID: 'DEV-INSIDE-C', NAME: 'INSIDE-C' });
    await k('accountinfo').insert({ HARDWARE_ID: Number(id), TAG: 'DATACENTER' });
    fx.inside.push(Number(id));
    sessions = await Promise.all([ADMIN, ...RESTRICTED].map((op) => connect(session(op), db)));
  });

  afterAll(async () => {
    app.jobs.cancelAll();
    for (const s of sessions) await s.dispose();
    await k?.destroy();
    if (db) await dropDb(db);
  });

  it.each([0, 1, 2].map((i) => [[ADMIN, ...RESTRICTED][i]!.id, i] as const))(
    'as %s, counts and changes exactly the matches less the exclusions (inside the perimeter)',
    async (_id, i) => {
      const s = sessions[i]!;
      const op = [ADMIN, ...RESTRICTED][i]!;
      const everyone = [...fx.inside, ...fx.outside];
      const perimeter = op.tags ? fx.inside : everyone;
      const except = [fx.inside[0]!, fx.outside[0]!];
      const selection = { ...ALL, except };
      const expected = perimeter.filter((id) => !except.includes(id)).sort((a, b) => a - b);
      await k('devices').where('NAME', 'FREQUENCY').delete();

      const counted = (await app.router.invoke('computers.count', { selection }, s, 'test')) as {
        count: number;
      };
      expect(counted.count).toBe(expected.length);
      const r = await app.router.call(
        'computers.setSettings',
        { selection, settings: { FREQUENCY: { ivalue: 7, tvalue: null } } },
        s,
        'test',
      );
      if (!op.rights.includes('configure')) {
        expect(r.ok).toBe(false);
        return;
      }
      expect(r.ok && r.data).toEqual({ computers: expected.length });
      expect(await frequency(everyone)).toEqual(expected.map((id) => [id, 7]));
      // Groups take the same selection (members of a new static group).
      const g = (await app.router.invoke(
        'groups.create',
        { kind: 'static', name: `except-${op.id}`, description: 'except', members: selection },
        s,
        'test',
      )) as { id: number };
      const members = (await k('groups_cache').where('GROUP_ID', g.id).pluck('HARDWARE_ID')).map(Number);
      expect(members.sort((a, b) => a - b)).toEqual(expected);
    },
  );
});
