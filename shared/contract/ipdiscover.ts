import { z } from 'zod';
import { defineJob, defineRoute, Empty, Ok, Page } from './route';

const DOTTED = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** A NETID or MASK as OCS stores them: dotted IPv4 (varchar(15)). */
export const DottedQuad = z.string().trim().regex(DOTTED, 'a dotted IPv4 address (a.b.c.d)');
/** A MAC as agents send it: six hex pairs separated by `:` (or `-`, normalised to `:`). */
export const MacAddress = z
  .string()
  .trim()
  .regex(/^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/, 'a MAC address (aa:bb:cc:dd:ee:ff)')
  .transform((m) => m.replace(/-/g, ':'));
/** Any netmap MAC key as stored (the console's direct scan mode may have stored an IP there). */
export const NetmapKey = z.string().trim().min(1).max(17);

export const NetworkRow = z.object({
  netId: z.string(),
  /** netmap / subnet MASK when known. */
  mask: z.string().nullable(),
  /** subnet.NAME (operator-given name), null when the network has no `subnet` row. */
  name: z.string().nullable(),
  /** subnet.ID: the group / department label (the console's tabs). */
  groupLabel: z.string().nullable(),
  tag: z.string().nullable(),
  blacklisted: z.boolean(),
  inventoried: z.number().int(),
  nonInventoried: z.number().int(),
  ipdiscoverAgents: z.number().int(),
  identified: z.number().int(),
  /** inventoried / (inventoried + nonInventoried), 0..100, null when both are 0. */
  percentInventoried: z.number().nullable(),
  /** (inventoried + identified) / (inventoried + identified + nonInventoried), 0..100. */
  percentKnown: z.number().nullable(),
  /** Newest netmap DATE on this network (last time an agent saw a device). */
  lastSeen: z.string().nullable(),
});
export type NetworkRow = z.infer<typeof NetworkRow>;

export const NetworkListKind = z.enum(['inventoried', 'nonInventoried', 'agents', 'identified']);
export type NetworkListKind = z.infer<typeof NetworkListKind>;

const Paging = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(100),
};

/** A device seen by an ipdiscover agent (netmap row) and, when registered, its network_devices data. */
export const DiscoveredDevice = z.object({
  mac: z.string(),
  ip: z.string(),
  mask: z.string().nullable(),
  netId: z.string(),
  date: z.string().nullable(),
  name: z.string().nullable(),
  tag: z.string().nullable(),
  /** network_devices fields when identified. */
  type: z.string().nullable(),
  description: z.string().nullable(),
  registeredBy: z.string().nullable(),
  /** Maker of the network card, from the MAC vendor list (null when unknown). */
  vendor: z.string().nullable().default(null),
});
export type DiscoveredDevice = z.infer<typeof DiscoveredDevice>;

/** A computer (inventoried, or an IP discovery agent) on a network. */
export const NetworkComputer = z.object({
  hardwareId: z.number().int(),
  name: z.string().nullable(),
  ip: z.string().nullable(),
  mac: z.string().nullable(),
  /** Maker of the network card, from the MAC vendor list (null when unknown). */
  vendor: z.string().nullable().default(null),
  lastDate: z.string().nullable(),
  /** devices IPDISCOVER IVALUE for agents: 0 never, 1 elected, 2 forced; null otherwise. */
  ipdiscover: z.number().int().nullable(),
});
export type NetworkComputer = z.infer<typeof NetworkComputer>;

export const DeviceType = z.object({ id: z.number().int(), name: z.string(), used: z.number().int() });
export type DeviceType = z.infer<typeof DeviceType>;

export const IpdiscoverMode = z.enum(['auto', 'never', 'forced']);
export type IpdiscoverMode = z.infer<typeof IpdiscoverMode>;
export const IpdiscoverSetting = z.object({
  hardwareId: z.number().int(),
  /** auto = no row (the server elects); never = IVALUE 0; forced = IVALUE 2 + subnet; elected = IVALUE 1. */
  state: z.enum(['auto', 'elected', 'never', 'forced']),
  netId: z.string().nullable(),
  /** Subnets of the computer's `networks` rows: the choices for `forced`. */
  subnets: z.array(z.string()),
});
export type IpdiscoverSetting = z.infer<typeof IpdiscoverSetting>;

export const MacVendorStatus = z.object({
  source: z.enum(['shipped', 'own', 'none']),
  prefixes: z.number().int().nonnegative(),
  note: z.string().nullable(),
});
export type MacVendorStatus = z.infer<typeof MacVendorStatus>;

// ---- analysis ----

export const HostClass = z.enum(['windows', 'unix', 'network', 'phantom']);
export type HostClass = z.infer<typeof HostClass>;

export const PortEvidence = z.object({
  port: z.number().int(),
  protocol: z.string(),
  state: z.string(),
  service: z.string().nullable(),
});
export type PortEvidence = z.infer<typeof PortEvidence>;

export const OsGuess = z.object({
  name: z.string(),
  accuracy: z.number(),
  family: z.string().nullable(),
  vendor: z.string().nullable(),
  type: z.string().nullable(),
});
export type OsGuess = z.infer<typeof OsGuess>;

export const NetbiosInfo = z.object({
  name: z.string().nullable(),
  workgroup: z.string().nullable(),
  mac: z.string().nullable(),
  names: z.array(z.object({ name: z.string(), suffix: z.string(), group: z.boolean() })),
});
export type NetbiosInfo = z.infer<typeof NetbiosInfo>;

/** What the OCS database already knows about an address. */
export const KnownHost = z.object({
  computers: z.array(
    z.object({ hardwareId: z.number().int(), name: z.string().nullable(), matchedOn: z.enum(['ip', 'mac']) }),
  ),
  /** netmap row (seen by an ipdiscover agent) for this IP or MAC. */
  discovered: z.object({ mac: z.string(), netId: z.string(), date: z.string().nullable() }).nullable(),
  /** network_devices registration. */
  identified: z.object({ type: z.string().nullable(), description: z.string().nullable() }).nullable(),
});
export type KnownHost = z.infer<typeof KnownHost>;

export const AnalysedHost = z.object({
  ip: z.string(),
  up: z.boolean(),
  /** How nmap decided it was up/down (`arp-response`, `syn-ack`, `conn-refused`, `no-response`…). */
  reason: z.string().nullable(),
  class: HostClass,
  /** Short sentences explaining the class (shown as evidence). */
  why: z.array(z.string()),
  mac: z.string().nullable(),
  macVendor: z.string().nullable(),
  hostname: z.string().nullable(),
  ports: z.array(PortEvidence),
  os: OsGuess.nullable(),
  netbios: NetbiosInfo.nullable(),
  timedOut: z.boolean(),
  known: KnownHost.nullable(),
  scannedAt: z.string(),
});
export type AnalysedHost = z.infer<typeof AnalysedHost>;

export const ScanMode = z.enum(['privileged', 'unprivileged']);
export type ScanMode = z.infer<typeof ScanMode>;

export const AnalysisResult = z.object({
  /** `net:<NETID>` or `targets:<text>`: the key of the cached result. */
  scope: z.string(),
  mode: ScanMode,
  /** Why this mode (e.g. "running as root", "no raw-socket capability"). */
  modeReason: z.string(),
  nmapVersion: z.string(),
  nmblookupVersion: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  hosts: z.array(AnalysedHost),
  counts: z.record(HostClass, z.number().int()),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

export const AnalyseInput = z
  .object({
    /** Addresses and CIDR ranges (IPv4/IPv6), separated by spaces, commas or new lines. */
    targets: z.string().max(20_000).optional(),
    /** Analyse the non-inventoried, non-identified devices an agent saw on this network (netmap NETID). */
    netId: DottedQuad.optional(),
    /** Needed above 1024 addresses (RANGE_TOO_LARGE otherwise); never more than 65536. */
    confirmLarge: z.boolean().default(false),
    /** `auto` uses SYN scan + OS detection when the app has raw sockets, else a connect scan. */
    privileges: z.enum(['auto', 'unprivileged']).default('auto'),
    concurrency: z.number().int().min(1).max(32).default(8),
    hostTimeoutSec: z.number().int().min(5).max(600).default(60),
    /** Ask each host for its NetBIOS names with `nmblookup -A` (IPv4 only). */
    netbios: z.boolean().default(true),
  })
  .refine((v) => !!v.targets !== !!v.netId, { message: 'give either targets or netId', path: ['targets'] });
export type AnalyseInput = z.input<typeof AnalyseInput>;

export const ToolsStatus = z.object({
  nmap: z.object({
    found: z.boolean(),
    version: z.string().nullable(),
    ok: z.boolean(),
    problem: z.string().nullable(),
  }),
  nmblookup: z.object({
    found: z.boolean(),
    version: z.string().nullable(),
    ok: z.boolean(),
    problem: z.string().nullable(),
  }),
  mode: ScanMode,
  modeReason: z.string(),
});
export type ToolsStatus = z.infer<typeof ToolsStatus>;

export const ipdiscover = {
  networks: defineRoute({ right: 'browse', input: Empty, output: z.array(NetworkRow) }),
  listDevices: defineRoute({
    right: 'browse',
    input: z.object({ netId: z.string().max(15), kind: z.enum(['nonInventoried', 'identified']), ...Paging }),
    output: Page(DiscoveredDevice),
  }),
  listComputers: defineRoute({
    right: 'browse',
    input: z.object({ netId: z.string().max(15), kind: z.enum(['inventoried', 'agents']), ...Paging }),
    output: Page(NetworkComputer),
  }),
  saveSubnet: defineRoute({
    right: 'manageIpdiscover',
    input: z.object({
      netId: DottedQuad,
      mask: DottedQuad,
      name: z.string().trim().min(1).max(255),
      groupLabel: z.string().trim().max(255).nullable().default(null),
      tag: z.string().trim().max(255).nullable().default(null),
    }),
    output: Ok,
  }),
  deleteSubnet: defineRoute({
    right: 'manageIpdiscover',
    input: z.object({ netId: DottedQuad, tag: z.string().max(255).nullable().default(null) }),
    output: Ok,
  }),
  deviceTypes: defineRoute({ right: 'browse', input: Empty, output: z.array(DeviceType) }),
  createDeviceType: defineRoute({
    right: 'manageIpdiscover',
    input: z.object({ name: z.string().trim().min(1).max(255) }),
    output: DeviceType,
  }),
  renameDeviceType: defineRoute({
    right: 'manageIpdiscover',
    input: z.object({ id: z.number().int(), name: z.string().trim().min(1).max(255) }),
    output: DeviceType,
  }),
  deleteDeviceType: defineRoute({
    right: 'manageIpdiscover',
    input: z.object({ id: z.number().int() }),
    output: Ok,
  }),
  register: defineRoute({
    right: 'identifyDevices',
    input: z.object({
      mac: NetmapKey,
      type: z.string().trim().min(1).max(255),
      description: z.string().trim().max(255).default(''),
    }),
    output: DiscoveredDevice,
  }),
  unregister: defineRoute({ right: 'identifyDevices', input: z.object({ mac: NetmapKey }), output: Ok }),
  deleteDevice: defineRoute({ right: 'identifyDevices', input: z.object({ mac: NetmapKey }), output: Ok }),
  getIpdiscover: defineRoute({
    right: 'browse',
    input: z.object({ hardwareId: z.number().int() }),
    output: IpdiscoverSetting,
  }),
  setIpdiscover: defineRoute({
    right: 'manageIpdiscover',
    input: z
      .object({ hardwareId: z.number().int(), mode: IpdiscoverMode, netId: DottedQuad.optional() })
      .refine((v) => v.mode !== 'forced' || !!v.netId, {
        message: 'a forced agent needs its network',
        path: ['netId'],
      }),
    output: IpdiscoverSetting,
  }),
  /** What the database knows about addresses or MACs (no scan). */
  lookup: defineRoute({
    right: 'browse',
    input: z.object({
      ips: z.array(z.string().max(45)).max(1000).default([]),
      macs: z.array(z.string().max(17)).max(1000).default([]),
    }),
    output: z.record(z.string(), KnownHost),
  }),
  tools: defineRoute({ right: 'browse', needsDb: false, input: Empty, output: ToolsStatus }),
  /** The MAC vendor list in use: the one shipped with the app, or the admin's own (refreshed from a file). */
  macVendorStatus: defineRoute({ right: 'browse', needsDb: false, input: Empty, output: MacVendorStatus }),
  /**
   * Replaces the vendor list with the entries of a file the admin chose (nmap-mac-prefixes, IEEE oui.txt or
   * oui.csv); the window sends it compacted (`PREFIX\tVendor` lines, shared/net/mac-vendors.ts). `reset`
   * goes back to the shipped list.
   */
  refreshMacVendors: defineRoute({
    right: 'configure',
    needsDb: false,
    input: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('file'),
        name: z.string().trim().min(1).max(255),
        text: z.string().min(1).max(1_800_000),
      }),
      z.object({ kind: z.literal('reset') }),
    ]),
    output: MacVendorStatus,
  }),
  /** Scans from this machine: an action, so admin only. The DB is used when connected (netId, inventory match). */
  analyse: defineJob({
    right: 'manageIpdiscover',
    needsDb: false,
    input: AnalyseInput,
    result: AnalysisResult,
  }),
  /** The last cached analysis of a scope (`net:<NETID>` or `targets:<text>`), or null. */
  cachedAnalysis: defineRoute({
    right: 'browse',
    needsDb: false,
    input: z.object({ scope: z.string().max(20_100) }),
    output: AnalysisResult.nullable(),
  }),
  cachedScopes: defineRoute({
    right: 'browse',
    needsDb: false,
    input: Empty,
    output: z.array(
      z.object({ scope: z.string(), finishedAt: z.string(), hosts: z.number().int(), mode: ScanMode }),
    ),
  }),
};
