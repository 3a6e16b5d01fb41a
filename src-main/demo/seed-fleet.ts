import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { getSchemaInfo, invalidateSchemaInfo } from '../computers/schema-info';
import { invalidateGroupIds } from '../platform/ocs/scope';
import { invalidateTotals } from '../computers/totals-cache';
import {
  CPUS,
  DATACENTER,
  FIRST,
  HARDWARE_KINDS,
  LAST,
  LINUX_OS,
  LINUX_PACKAGES,
  MAC_OS,
  MONITORS,
  SITES,
  VIDEOS,
  WINDOWS_OS,
  WINDOWS_PRODUCTS,
  WINDOWS_SERVER_OS,
} from './fleet-data';
import { linuxTail, pickHead, pickTail, softwareCount, windowsTail, type ShapeEntry } from './software-shape';

/**
 * Fleet generator (benchmarks, tests, `computers seed` and the demo database): N realistic computers
 * written with multi-row INSERTs. Linux machines carry the real rows of
 * ../shared/fixtures/ocs/expected-rows.json (controllers, repositories, a subset of its 884 packages), or,
 * with `fixturesDir: null` (the demo: a packaged app has no fixtures), common Debian packages; every machine is varied the way make-fleet.py varies its fleet (OS mix, sites/TAGs, names
 * with the index, DEVICEID with an install date, unique MACs/serials, software subsets, dates).
 * Software dictionary rows are shared. Each batch is one transaction on one connection with
 * unique/foreign-key checks off for that session only (nothing changes on the server).
 */

export interface SeedOptions {
  computers: number;
  seed?: number;
  /** Where expected-rows.json is (default: defaultFixturesDir()); null: built-in pools only. */
  fixturesDir?: string | null;
  /** Computers per batch (one multi-row INSERT per table and batch, chunked). */
  batch?: number;
  /** Batches written at the same time (one connection each). */
  concurrency?: number;
  baseDate?: Date;
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Software table shape. `compact` (default): 30-200 software per computer from ~1,300 names.
   * `real`: a real fleet's shape (software-shape.ts: 50-300 per computer, ~60,000 names, long tail).
   */
  shape?: 'compact' | 'real';
}

/**
 * The real agent rows beside the repository (`../shared/fixtures/ocs`), or where OCS_FIXTURES_DIR /
 * OCS_SHARED_DIR say. Found from the working directory (npm runs from the repository root) or from the
 * built code (`dist/main/*.cjs`, two levels below the root), never from one machine's absolute path.
 */
export function defaultFixturesDir(): string {
  if (process.env.OCS_FIXTURES_DIR) return process.env.OCS_FIXTURES_DIR;
  const candidates = [
    process.env.OCS_SHARED_DIR && path.join(process.env.OCS_SHARED_DIR, 'fixtures/ocs'),
    path.resolve(process.cwd(), '../shared/fixtures/ocs'),
    typeof __dirname === 'string' && path.resolve(__dirname, '../../../shared/fixtures/ocs'),
  ].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(path.join(p, 'expected-rows.json'))) ?? candidates[0]!;
}

type Row = Record<string, unknown>;

function mulberry32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function sqlDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function hex2(n: number): string {
  return (n & 0xff).toString(16).toUpperCase().padStart(2, '0');
}

interface SoftEntry {
  name: string;
  publisher: string;
  version: string;
  comments: string;
  filesize: number;
  installDate: string | null;
}

interface Dict {
  names: Map<string, number>;
  publishers: Map<string, number>;
  versions: Map<string, number>;
}

/** Dictionary values per INSERT IGNORE / SELECT (the real shape has ~60,000 names). */
const DICT_CHUNK = 5000;

/** Inserts missing dictionary rows (INSERT IGNORE on the unique key) and reads their IDs back. */
async function ensureDictionary(
  k: Knex,
  table: string,
  col: string,
  values: string[],
): Promise<Map<string, number>> {
  const uniq = [...new Set(values.filter((v) => v !== ''))];
  for (let i = 0; i < uniq.length; i += DICT_CHUNK) {
    await k(table)
      .insert(uniq.slice(i, i + DICT_CHUNK).map((v) => ({ [col]: v })))
      .onConflict()
      .ignore();
  }
  const out = new Map<string, number>();
  for (let i = 0; i < uniq.length; i += DICT_CHUNK) {
    const rows = (await k(table)
      .select('ID', col)
      .whereIn(col, uniq.slice(i, i + DICT_CHUNK))) as Array<Record<string, unknown>>;
    for (const r of rows) out.set(String(r[col]).toLowerCase(), Number(r.ID));
  }
  return out;
}

function weighted<T extends { w: number }>(list: T[], r: number): T {
  const sum = list.reduce((a, x) => a + x.w, 0);
  let x = r * sum;
  for (const e of list) {
    x -= e.w;
    if (x < 0) return e;
  }
  return list[list.length - 1]!;
}

/** Picks about n distinct entries, popular ones (low index) far more often. */
function pickSubset<T>(pool: T[], n: number, rnd: () => number): T[] {
  const chosen = new Set<number>();
  let guard = 0;
  while (chosen.size < Math.min(n, pool.length) && guard++ < n * 6)
    chosen.add(Math.floor(pool.length * Math.pow(rnd(), 2.2)));
  return [...chosen].sort((a, b) => a - b).map((i) => pool[i]!);
}

/** Values per multi-row INSERT (a few MB of SQL, well under the default 16 MB max_allowed_packet). */
const VALUES_PER_INSERT = 60_000;

async function insertRows(k: Knex, table: string, rows: Row[], allowed: Set<string>): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!).filter((c) => allowed.has(c));
  const per = Math.max(1, Math.floor(VALUES_PER_INSERT / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const tuple = `(${cols.map(() => '?').join(',')})`;
    const sql = `INSERT INTO ?? (${cols.map(() => '??').join(',')}) VALUES ${chunk.map(() => tuple).join(',')}`;
    const bindings: unknown[] = [table, ...cols];
    for (const r of chunk) for (const c of cols) bindings.push(r[c] ?? null);
    await k.raw(sql, bindings as Knex.RawBinding[]);
  }
}

export async function seedFleet(
  k: Knex,
  opts: SeedOptions,
): Promise<{ computers: number; firstId: number; lastId: number; softwareRows: number; ms: number }> {
  const t0 = Date.now();
  const fixture = (
    opts.fixturesDir === null
      ? { tables: {} }
      : JSON.parse(
          readFileSync(path.join(opts.fixturesDir ?? defaultFixturesDir(), 'expected-rows.json'), 'utf8'),
        )
  ) as {
    tables: Record<string, Row[]>;
  };
  const s = await getSchemaInfo(k);
  const allowed = (t: string) => new Set(s.columns.get(t) ?? []);
  const rnd = mulberry32(opts.seed ?? 1);
  const base = opts.baseDate ?? new Date();
  const fxHw = fixture.tables.hardware?.[0] ?? {};
  const fxControllers = fixture.tables.controllers ?? [];
  const fxRepos = fixture.tables.repository ?? [];
  const fxDrive = fixture.tables.drives?.[0] ?? {};

  const linuxPool: SoftEntry[] = fixture.tables.software
    ? fixture.tables.software.map((r) => ({
        name: String(r._NAME ?? ''),
        publisher: String(r._PUBLISHER ?? ''),
        version: String(r._VERSION ?? ''),
        comments: String(r.COMMENTS ?? ''),
        filesize: Number(r.FILESIZE ?? 0),
        installDate: (r.INSTALLDATE as string | null) ?? null,
      }))
    : LINUX_PACKAGES.map(([name, version]) => ({
        name,
        publisher: 'Debian',
        version,
        comments: '',
        filesize: 0,
        installDate: null,
      }));
  const winPool: SoftEntry[] = [];
  for (const [name, publisher, versions] of WINDOWS_PRODUCTS) {
    versions.forEach((version) =>
      winPool.push({ name, publisher, version, comments: '', filesize: 0, installDate: null }),
    );
  }
  for (let i = 1; i <= 400; i++) {
    const pub = ['Contoso Ltd', 'Fabrikam, Inc.', 'Northwind Traders', 'Adventure Works'][i % 4]!;
    winPool.push({
      name: `${pub.split(/[ ,]/)[0]} App ${String(i).padStart(3, '0')}`,
      publisher: pub,
      version: `${1 + (i % 7)}.${i % 10}.${i % 3}`,
      comments: '',
      filesize: 0,
      installDate: null,
    });
  }
  const osEntries = [...WINDOWS_OS, ...WINDOWS_SERVER_OS].map((o) => ({
    name: o.name,
    publisher: 'Microsoft Corporation',
    version: o.version,
    comments: '',
    filesize: 0,
    installDate: null,
  }));
  // Real shape: real rows at the head, a generated long tail (software-shape.ts).
  const real = opts.shape === 'real';
  const asEntry = (e: ShapeEntry): SoftEntry => ({ ...e, comments: '', filesize: 0, installDate: null });
  const winTail = real ? windowsTail().map(asEntry) : [];
  const linTail = real ? linuxTail().map(asEntry) : [];
  const winHead = WINDOWS_PRODUCTS.map(([name, publisher, versions]) =>
    versions.map((version) => asEntry({ name, publisher, version })),
  );
  const all = [...linuxPool, ...winPool, ...osEntries, ...winTail, ...linTail];
  const dict: Dict = {
    names: await ensureDictionary(
      k,
      'software_name',
      'NAME',
      all.map((e) => e.name),
    ),
    publishers: await ensureDictionary(
      k,
      'software_publisher',
      'PUBLISHER',
      all.map((e) => e.publisher),
    ),
    versions: await ensureDictionary(
      k,
      'software_version',
      'VERSION',
      all.map((e) => e.version),
    ),
  };
  const sid = (e: SoftEntry) => ({
    NAME_ID: dict.names.get(e.name.toLowerCase()) ?? 1,
    PUBLISHER_ID: dict.publishers.get(e.publisher.toLowerCase()) ?? 1,
    VERSION_ID: dict.versions.get(e.version.toLowerCase()) ?? 1,
  });

  const maxRow = (await k('hardware').max({ m: 'ID' }).first()) as { m: number | null } | undefined;
  const firstId = Number(maxRow?.m ?? 0) + 1;
  const total = opts.computers;
  const batch = opts.batch ?? 500;
  let softwareRows = 0;
  let done = 0;

  const makeBatch = (from: number, count: number): Record<string, Row[]> => {
    const t: Record<string, Row[]> = {
      hardware: [],
      bios: [],
      accountinfo: [],
      networks: [],
      drives: [],
      storages: [],
      cpus: [],
      memories: [],
      monitors: [],
      videos: [],
      controllers: [],
      repository: [],
      software: [],
      devices: [],
      registry: [],
    };
    for (let n = 0; n < count; n++) {
      const id = from + n;
      const idx = id;
      const r = rnd();
      const family = r < 0.8 ? 'win' : r < 0.98 ? 'linux' : 'mac';
      let hwKind = HARDWARE_KINDS[Math.floor(rnd() * HARDWARE_KINDS.length)]!;
      const server =
        family !== 'mac' &&
        (hwKind.kind === 'SRV' ||
          (hwKind.kind === 'VM' && rnd() < 0.5) ||
          (family === 'linux' && rnd() < 0.6));
      if (family === 'mac')
        hwKind = {
          kind: 'MAC',
          smanufacturer: 'Apple Inc.',
          smodel: 'MacBookPro18,3',
          type: 'Notebook',
          bman: 'Apple Inc.',
          bver: '10151.140.19',
        };
      const site = server ? DATACENTER : SITES[Math.floor(rnd() * SITES.length)]!;
      const os =
        family === 'win'
          ? weighted(server ? WINDOWS_SERVER_OS : WINDOWS_OS, rnd())
          : family === 'linux'
            ? weighted(LINUX_OS, rnd())
            : MAC_OS[0]!;
      const prefix = server
        ? family === 'win'
          ? 'SRV'
          : 'web'
        : family === 'mac'
          ? 'mac'
          : hwKind.kind === 'LT'
            ? 'LT'
            : hwKind.kind === 'VM'
              ? 'VM'
              : 'PC';
      const hostname =
        family === 'win'
          ? `${site.code}-${prefix}${pad(idx, 5)}`
          : `${site.code.toLowerCase()}-${prefix.toLowerCase()}${pad(idx, 5)}`;
      const install = new Date(
        base.getTime() - (30 + Math.floor(rnd() * 900)) * 86_400_000 - Math.floor(rnd() * 86_400_000),
      );
      const deviceId = `${hostname}-${sqlDate(install).replace(/[ :]/g, '-')}`;
      const ageDays = Math.floor(Math.pow(rnd(), 3) * 120);
      const last = new Date(base.getTime() - ageDays * 86_400_000 - Math.floor(rnd() * 86_400_000));
      const lastCome = new Date(Math.min(base.getTime(), last.getTime() + Math.floor(rnd() * 86_400_000)));
      const user = server
        ? family === 'win'
          ? 'Administrateur'
          : 'root'
        : `${FIRST[idx % FIRST.length]!.toLowerCase()}.${LAST[(idx * 7) % LAST.length]!.toLowerCase()}`;
      const cpu = server ? CPUS[3 + (idx % 2)]! : CPUS[idx % 3]!;
      const memory = server ? [16384, 32768, 65536, 131072][idx % 4]! : [8192, 16384, 16384, 32768][idx % 4]!;
      const sub = site.net[1]! + (idx % 4);
      const ip = `${site.net[0]}.${sub}.${Math.floor(idx / 250) % 4}.${1 + (idx % 250)}`;
      const gw = `${site.net[0]}.${sub}.${Math.floor(idx / 250) % 4}.254`;
      const subnet = `${site.net[0]}.${sub}.${Math.floor(idx / 250) % 4}.0`;
      const macPrefix =
        hwKind.kind === 'VM'
          ? hwKind.smanufacturer.startsWith('VMware')
            ? '00:0C:29'
            : '00:15:5D'
          : '3C:52:82';
      const mac = `${macPrefix}:${hex2(idx >> 16)}:${hex2(idx >> 8)}:${hex2(idx)}`;
      const serial =
        hwKind.kind === 'VM'
          ? `VMware-56 4d ${hex2(idx >> 8)} ${hex2(idx)}`
          : `${hwKind.smanufacturer.slice(0, 2).toUpperCase()}${((idx * 2654435761) >>> 0).toString(36).toUpperCase()}`;
      t.hardware!.push({
        ...fxHw,
        ID: id,
        DEVICEID: deviceId,
        NAME: hostname,
        WORKGROUP: family === 'win' ? 'CORP' : 'WORKGROUP',
        USERDOMAIN: family === 'win' ? 'CORP' : null,
        OSNAME: os.name,
        OSVERSION: os.version,
        OSCOMMENTS:
          family === 'linux'
            ? String(fxHw.OSCOMMENTS ?? '')
            : family === 'win'
              ? 'Service Pack 0'
              : 'Darwin 23.6.0',
        PROCESSORT: cpu.t,
        PROCESSORS: cpu.s,
        PROCESSORN: 1,
        MEMORY: memory,
        SWAP: family === 'win' ? memory + 2048 : 2048,
        IPADDR: ip,
        DNS: `${site.net[0]}.${site.net[1]}.0.53`,
        DEFAULTGATEWAY: gw,
        LASTDATE: sqlDate(last),
        LASTCOME: sqlDate(lastCome),
        QUALITY: 0,
        FIDELITY: 1 + Math.floor(rnd() * 400),
        USERID: user,
        TYPE: 0,
        DESCRIPTION:
          family === 'linux' ? String(fxHw.DESCRIPTION ?? '') : family === 'win' ? 'Poste de travail' : null,
        WINCOMPANY: family === 'win' ? (idx % 9 === 0 ? 'Müller & Söhne GmbH' : 'Exemple SA') : null,
        WINOWNER: family === 'win' ? user : null,
        WINPRODID: family === 'win' ? `00330-80000-${pad(idx % 100000, 5)}-AA${pad(idx % 1000, 3)}` : null,
        WINPRODKEY: family === 'win' ? 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX' : null,
        USERAGENT: family === 'win' ? 'OCS-NG_WINDOWS_AGENT_v2.11.0.1' : 'OCS-NG_unified_unix_agent_v2.10.0',
        CHECKSUM: 262143,
        IPSRC: ip,
        UUID: `${hex2(idx >> 24)}${hex2(idx >> 16)}${hex2(idx >> 8)}${hex2(idx)}-0000-4000-8000-${pad(idx, 12)}`,
        ARCH: family === 'win' ? 'x86 64 bit' : null,
      });
      t.bios!.push({
        HARDWARE_ID: id,
        SMANUFACTURER: hwKind.smanufacturer,
        SMODEL: hwKind.smodel,
        SSN: serial,
        TYPE: hwKind.type,
        BMANUFACTURER: hwKind.bman,
        BVERSION: hwKind.bver,
        BDATE: '05/22/2024',
        ASSETTAG: '',
        MMANUFACTURER: hwKind.smanufacturer,
        MMODEL: hwKind.smodel,
        MSN: `MB${serial}`,
      });
      t.accountinfo!.push({ HARDWARE_ID: id, TAG: site.tag });
      t.networks!.push({
        HARDWARE_ID: id,
        DESCRIPTION: family === 'win' ? 'Intel(R) Ethernet Connection I219-LM' : 'eth0',
        TYPE: 'Ethernet',
        TYPEMIB: '',
        SPEED: '1 Gb/s',
        MTU: '1500',
        MACADDR: mac,
        STATUS: 'Up',
        IPADDRESS: ip,
        IPMASK: '255.255.255.0',
        IPGATEWAY: gw,
        IPSUBNET: subnet,
        IPDHCP: `${site.net[0]}.${sub}.0.10`,
        VIRTUALDEV: 0,
      });
      if (family === 'linux') {
        t.networks!.push({
          HARDWARE_ID: id,
          DESCRIPTION: 'lo',
          TYPE: 'loopback',
          TYPEMIB: '',
          SPEED: '',
          MTU: '65536',
          MACADDR: '00:00:00:00:00:00',
          STATUS: 'Up',
          IPADDRESS: '127.0.0.1',
          IPMASK: '255.0.0.0',
          IPGATEWAY: '',
          IPSUBNET: '127.0.0.0',
          IPDHCP: '',
          VIRTUALDEV: 1,
        });
      }
      const totalMb = [256000, 512000, 1024000][idx % 3]!;
      t.drives!.push({
        ...fxDrive,
        ID: undefined,
        HARDWARE_ID: id,
        LETTER: family === 'win' ? 'C:/' : '',
        TYPE: family === 'win' ? 'Hard Drive' : '/',
        FILESYSTEM: family === 'win' ? 'NTFS' : family === 'mac' ? 'apfs' : 'ext4',
        TOTAL: totalMb,
        FREE: Math.floor(totalMb * rnd()),
        VOLUMN: family === 'win' ? 'OS' : '/dev/sda1',
        NUMFILES: 0,
        CREATEDATE: family === 'win' ? '2024-01-10' : '0000-00-00',
      });
      t.storages!.push({
        HARDWARE_ID: id,
        MANUFACTURER: 'Samsung',
        NAME: family === 'win' ? '\\\\.\\PHYSICALDRIVE0' : 'sda',
        MODEL: 'SAMSUNG MZVL2512HCJQ',
        DESCRIPTION: 'Disk drive',
        TYPE: 'disk',
        DISKSIZE: totalMb,
        SERIALNUMBER: `S6${serial}`,
        FIRMWARE: 'GXA7801Q',
      });
      t.cpus!.push({
        HARDWARE_ID: id,
        MANUFACTURER: cpu.m,
        TYPE: cpu.t,
        SERIALNUMBER: '',
        SPEED: String(cpu.s),
        CORES: cpu.cores,
        L2CACHESIZE: '1280',
        CPUARCH: 'x86_64',
        DATA_WIDTH: 64,
        CURRENT_ADDRESS_WIDTH: 64,
        LOGICAL_CPUS: cpu.cores * 2,
        VOLTAGE: '',
        CURRENT_SPEED: String(cpu.s),
        SOCKET: 'U3E1',
      });
      for (let m = 0; m < 2; m++) {
        t.memories!.push({
          HARDWARE_ID: id,
          CAPACITY: String(memory / 2),
          SPEED: '3200',
          CAPTION: family === 'win' && idx % 3 ? 'Mémoire physique' : 'Physical Memory',
          DESCRIPTION: 'SODIMM',
          NUMSLOTS: m + 1,
          TYPE: 'DDR4',
          PURPOSE: '',
          SERIALNUMBER: `${hex2(idx)}${hex2(m)}00AB`,
        });
      }
      if (!server && hwKind.kind !== 'VM') {
        const mon = MONITORS[idx % MONITORS.length]!;
        t.monitors!.push({
          HARDWARE_ID: id,
          MANUFACTURER: mon.m,
          CAPTION: mon.c,
          DESCRIPTION: '',
          TYPE: '',
          SERIAL: `MON${pad(idx, 7)}`,
        });
      }
      t.videos!.push({
        HARDWARE_ID: id,
        NAME: VIDEOS[hwKind.kind === 'VM' ? 3 + (idx % 2) : idx % 3]!,
        CHIPSET: '',
        MEMORY: '1024',
        RESOLUTION: '1920 x 1080',
      });
      if (family === 'linux') {
        for (const c of fxControllers) t.controllers!.push({ ...c, ID: undefined, HARDWARE_ID: id });
        for (const c of fxRepos) t.repository!.push({ ...c, ID: undefined, HARDWARE_ID: id });
      }
      let soft: SoftEntry[];
      if (real) {
        const n = softwareCount(rnd);
        const head =
          family === 'linux'
            ? pickSubset(linuxPool, Math.floor(n * 0.7), rnd)
            : pickHead(winHead, rnd).map((v) => v[Math.floor(rnd() * v.length)]!);
        soft = [...head, ...pickTail(family === 'linux' ? linTail : winTail, n - head.length, rnd)];
      } else {
        const pool = family === 'linux' ? linuxPool : winPool;
        const softN = family === 'linux' ? 60 + Math.floor(rnd() * 140) : 30 + Math.floor(rnd() * 90);
        soft = pickSubset(pool, softN, rnd);
      }
      if (family === 'win') soft.push(osEntries.find((o) => o.name === os.name)!);
      const instDate = sqlDate(install).slice(0, 10) + ' 00:00:00';
      for (const e of soft) {
        t.software!.push({
          HARDWARE_ID: id,
          ...sid(e),
          FOLDER: '',
          COMMENTS: e.comments,
          FILENAME: '',
          FILESIZE: e.filesize,
          SOURCE: family === 'win' ? 1 : 0,
          GUID: '',
          LANGUAGE: '',
          INSTALLDATE: e.installDate ?? instDate,
          BITSWIDTH: family === 'win' ? 64 : 0,
        });
      }
      softwareRows += soft.length;
      const d = rnd();
      if (d < 0.03)
        t.devices!.push({ HARDWARE_ID: id, NAME: 'FREQUENCY', IVALUE: [-1, 0, 7][idx % 3], TVALUE: null });
      else if (d < 0.05)
        t.devices!.push({
          HARDWARE_ID: id,
          NAME: 'IPDISCOVER',
          IVALUE: idx % 2 ? 2 : 0,
          TVALUE: idx % 2 ? subnet : null,
        });
      if (family === 'win' && rnd() < 0.3)
        t.registry!.push({ HARDWARE_ID: id, NAME: 'Office version', REGVALUE: idx % 5 ? '16.0' : '15.0' });
    }
    return t;
  };

  // One transaction per batch (one redo flush instead of one per statement), on one connection whose
  // session skips unique/foreign-key checks while it seeds (generated IDs are unique by construction;
  // OCS tables have no foreign keys); the session values are restored before the connection goes back.
  const writeBatch = async (t: Record<string, Row[]>) => {
    await k.transaction(async (trx) => {
      await trx.raw('SET SESSION unique_checks = 0, foreign_key_checks = 0');
      try {
        for (const [table, rows] of Object.entries(t)) {
          if (!s.tables.has(table)) continue;
          const cols = allowed(table);
          cols.delete('ID');
          if (table === 'hardware') cols.add('ID');
          await insertRows(trx, table, rows, cols);
        }
      } finally {
        await trx.raw('SET SESSION unique_checks = 1, foreign_key_checks = 1');
      }
    });
  };

  const starts: number[] = [];
  for (let i = 0; i < total; i += batch) starts.push(i);
  const concurrency = opts.concurrency ?? 2;
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      opts.signal?.throwIfAborted();
      const i = starts[next++]!;
      const count = Math.min(batch, total - i);
      await writeBatch(makeBatch(firstId + i, count));
      done += count;
      opts.progress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  invalidateSchemaInfo(k);
  invalidateGroupIds(k);
  invalidateTotals();
  return { computers: total, firstId, lastId: firstId + total - 1, softwareRows, ms: Date.now() - t0 };
}
