import { z } from 'zod';
import { CsvText, defineRoute, Empty, Ok, Page } from './route';

/**
 * SNMP devices (one table per SNMP type, filled by the comm server from the agents' SNMP scans) and
 * the configuration the comm server sends to agents (docs/snmp.md has the facts and decisions).
 */

/** Text the OCS tables store as utf8mb3: no 4-byte characters. */
const Utf8mb3 = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u{10000}-\u{10FFFF}]/u.test(s), 'characters outside utf8mb3 (emoji) cannot be stored');

/** A numeric OID, dotted, optional leading dot (as the agents and snmpget accept it). */
export const Oid = z
  .string()
  .trim()
  .regex(/^\.?\d+(\.\d+)+$/, 'a numeric OID such as 1.3.6.1.2.1.1.5.0')
  .max(255)
  .transform((s) => s.replace(/^\./, ''));

export const SnmpTypeSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The per-type table (snmp_types.TABLE_TYPE_NAME). */
  table: z.string(),
  /** The label whose configuration has RECONCILIATION='Yes' (the unique column), or null. */
  reconciliation: z.string().nullable(),
  /** Columns of the table in order, without ID (LASTDATE included). */
  columns: z.array(z.string()),
  /** Devices the operator may see; 0 when the table is missing. */
  devices: z.number().int().nonnegative(),
  /** Of those, inventoried today (LASTDATE is today), as ocsreports' console counts them. */
  today: z.number().int().nonnegative(),
  /** The table named by the type does not exist (dropped by hand, or another database). */
  tableMissing: z.boolean(),
});
export type SnmpTypeSummary = z.infer<typeof SnmpTypeSummary>;

export const SnmpRow = z.object({
  id: z.number().int(),
  /** Column → value as stored (text); LASTDATE as 'YYYY-MM-DD hh:mm:ss'. */
  values: z.record(z.string(), z.string().nullable()),
  /** snmp_accountinfo.TAG of the device (null without admin data). */
  tag: z.string().nullable(),
});
export type SnmpRow = z.infer<typeof SnmpRow>;

const ListInput = z.object({
  typeId: z.number().int().positive(),
  /** One text searched in every column (`*`/`?` wildcards; plain text matches anywhere). */
  search: z.string().trim().max(255).optional(),
  sort: z.object({ column: z.string().max(64), dir: z.enum(['asc', 'desc']) }).optional(),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});

export const SnmpAdminField = z.object({
  /** snmp_accountinfo column (TAG or fields_<n>). */
  column: z.string(),
  label: z.string(),
  /** accountinfo_config.TYPE (0 text, 1 long text, 2 select, 5 checkbox, 11 radio, 14 date). */
  type: z.number().int(),
  value: z.string().nullable(),
  /** Choices of select/radio/checkbox fields (config ACCOUNT_SNMP_VALUE_<name>_<n>): value → label. */
  choices: z.array(z.object({ value: z.string(), label: z.string() })),
});
export type SnmpAdminField = z.infer<typeof SnmpAdminField>;

export const SnmpDeviceDetail = z.object({
  type: SnmpTypeSummary.pick({ id: true, name: true, table: true, reconciliation: true }),
  id: z.number().int(),
  columns: z.array(z.string()),
  values: z.record(z.string(), z.string().nullable()),
  /** Null when the type has no reconciliation column (admin data are keyed on it). */
  adminData: z.array(SnmpAdminField).nullable(),
});
export type SnmpDeviceDetail = z.infer<typeof SnmpDeviceDetail>;

/** Type name: cleaned like ocsreports, the table `snmp_<name>` must be a plain identifier. */
export const TypeName = Utf8mb3(59).pipe(z.string().min(1));
/** Label name: a column of the per-type tables and an XML element the agents send. */
export const LabelName = Utf8mb3(64).pipe(z.string().min(1));

export const SnmpCondition = z.object({
  id: z.number().int(),
  typeId: z.number().int(),
  oid: z.string(),
  value: z.string().nullable(),
});
export type SnmpCondition = z.infer<typeof SnmpCondition>;

export const SnmpLabel = z.object({ id: z.number().int(), name: z.string(), uses: z.number().int() });
export type SnmpLabel = z.infer<typeof SnmpLabel>;

export const SnmpConfigRow = z.object({
  id: z.number().int(),
  typeId: z.number().int(),
  labelId: z.number().int(),
  label: z.string().nullable(),
  oid: z.string(),
  reconciliation: z.boolean(),
});
export type SnmpConfigRow = z.infer<typeof SnmpConfigRow>;

export const SnmpTypeConfig = z.object({
  id: z.number().int(),
  name: z.string(),
  table: z.string(),
  conditions: z.array(SnmpCondition),
  configs: z.array(SnmpConfigRow),
  /** What the 2.8.1 comm server sends as the type's condition (snmp_types.CONDITION_OID/VALUE). */
  sentCondition: z.object({ oid: z.string(), value: z.string() }).nullable(),
  tableMissing: z.boolean(),
});
export type SnmpTypeConfig = z.infer<typeof SnmpTypeConfig>;

export const SNMP_VERSIONS = ['1', '2c', '3'] as const;
export const SnmpVersion = z.enum(SNMP_VERSIONS);
export const SNMP_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;
export const AUTH_PROTOS = ['md5', 'sha'] as const;
export const PRIV_PROTOS = ['des', 'aes'] as const;

/** A community as listed: secrets never come back, only whether one is stored. */
export const SnmpCommunity = z.object({
  id: z.number().int(),
  version: z.string(),
  /** v3 only (the v1/v2c name is the secret itself). */
  name: z.string().nullable(),
  username: z.string().nullable(),
  level: z.string().nullable(),
  authProto: z.string().nullable(),
  privProto: z.string().nullable(),
  hasSecret: z.boolean(),
  hasAuthPassword: z.boolean(),
  hasPrivPassword: z.boolean(),
});
export type SnmpCommunity = z.infer<typeof SnmpCommunity>;

const Secret = z
  .string()
  .max(255)
  .refine((s) => !/[\u{10000}-\u{10FFFF}]/u.test(s), 'characters outside utf8mb3 cannot be stored')
  .refine((s) => !/[\r\n\0]/.test(s), 'no line breaks');

export const CommunityInput = z
  .object({
    /** Absent: create. */
    id: z.number().int().positive().optional(),
    version: SnmpVersion,
    /** v1/v2c: the community string (empty on an edit = keep). v3: a display name. */
    secret: Secret.optional(),
    name: Utf8mb3(255).optional(),
    username: Utf8mb3(255).optional(),
    level: z.enum(SNMP_LEVELS).optional(),
    authProto: z.enum(AUTH_PROTOS).optional(),
    /** Empty on an edit = keep the stored one. */
    authPassword: Secret.optional(),
    privProto: z.enum(PRIV_PROTOS).optional(),
    privPassword: Secret.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.version === '3') {
      if (!c.username?.trim())
        ctx.addIssue({ code: 'custom', path: ['username'], message: 'required for v3' });
      if (!c.level) ctx.addIssue({ code: 'custom', path: ['level'], message: 'required for v3' });
      const min = (p: string | undefined, path: string) => {
        if (p && p.length < 8)
          ctx.addIssue({ code: 'custom', path: [path], message: 'at least 8 characters' });
      };
      min(c.authPassword, 'authPassword');
      min(c.privPassword, 'privPassword');
    }
  });
export type CommunityInput = z.input<typeof CommunityInput>;

export const MibOid = z.object({ label: z.string(), oid: z.string() });
export type MibOid = z.infer<typeof MibOid>;

/** Credentials for a preview: a stored community, or ones typed in (never stored). */
export const PreviewCredentials = z.union([
  z.object({ communityId: z.number().int().positive() }),
  z.object({ community: CommunityInput }),
]);

export const PreviewValue = z.object({
  label: z.string().nullable(),
  oid: z.string(),
  /** A get's value, else the walk's values joined by ' - ' (as the agent sends them). */
  value: z.string().nullable(),
  error: z.string().nullable(),
});
export type PreviewValue = z.infer<typeof PreviewValue>;

export const PreviewResult = z.object({
  /** sysName.0 / sysDescr.0 answered. */
  reachable: z.boolean(),
  error: z.string().nullable(),
  sysName: z.string().nullable(),
  sysDescr: z.string().nullable(),
  /** Each condition of the type: the value read and whether it matches as the agent matches it. */
  conditions: z.array(
    z.object({ oid: z.string(), expected: z.string(), value: z.string().nullable(), matches: z.boolean() }),
  ),
  values: z.array(PreviewValue),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

export const snmp = {
  /** Every SNMP type with its columns and device counts within the operator's perimeter. */
  types: defineRoute({
    right: 'browse',
    input: Empty,
    output: z.object({ types: z.array(SnmpTypeSummary) }),
  }),
  devices: defineRoute({
    right: 'browse',
    input: ListInput,
    output: Page(SnmpRow).extend({ columns: z.array(z.string()) }),
  }),
  device: defineRoute({
    right: 'browse',
    input: z.object({ typeId: z.number().int().positive(), id: z.number().int().positive() }),
    output: SnmpDeviceDetail,
  }),
  exportCsv: defineRoute({
    right: 'browse',
    input: ListInput.omit({ offset: true, limit: true }).extend({
      separator: z.enum([',', ';', '\t']).default(';'),
    }),
    output: CsvText,
  }),
  /** Admin data of one device (snmp_accountinfo, keyed on the type's reconciliation value). */
  setAdminData: defineRoute({
    right: 'editAdminData',
    input: z.object({
      typeId: z.number().int().positive(),
      id: z.number().int().positive(),
      values: z.record(z.string().max(64), Utf8mb3(65535).nullable()),
    }),
    output: Ok,
  }),

  /** Types with their conditions and OID configurations, and every label. */
  config: defineRoute({
    right: 'configure',
    input: Empty,
    output: z.object({ types: z.array(SnmpTypeConfig), labels: z.array(SnmpLabel) }),
  }),
  createType: defineRoute({
    right: 'configure',
    input: z.object({ name: TypeName }),
    output: z.object({ id: z.number().int(), table: z.string() }),
  }),
  deleteType: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  addCondition: defineRoute({
    right: 'configure',
    input: z.object({
      typeId: z.number().int().positive(),
      oid: Oid,
      /** Expected value; `*` at either end is a wildcard for the agent. */
      value: Utf8mb3(255),
    }),
    output: z.object({ id: z.number().int() }),
  }),
  deleteCondition: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  createLabel: defineRoute({
    right: 'configure',
    input: z.object({ name: LabelName }),
    output: z.object({ id: z.number().int(), name: z.string() }),
  }),
  deleteLabel: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  /** Adds label/OID pairs to a type: one column per label in the type's table, then the configs. */
  addConfigs: defineRoute({
    right: 'configure',
    input: z.object({
      typeId: z.number().int().positive(),
      items: z
        .array(
          z.object({
            labelId: z.number().int().positive(),
            oid: Oid,
            reconciliation: z.boolean().default(false),
          }),
        )
        .min(1)
        .max(200),
    }),
    output: z.object({ added: z.number().int() }),
  }),
  deleteConfig: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  /** OIDs defined by MIB files read on this machine (snmptranslate); nothing is stored. */
  mibOids: defineRoute({
    right: 'configure',
    needsDb: false,
    input: z.object({
      files: z
        .array(z.object({ name: z.string().trim().min(1).max(255), text: z.string().max(1_000_000) }))
        .min(1)
        .max(20)
        .refine((f) => f.reduce((n, x) => n + x.text.length, 0) <= 1_500_000, 'at most 1.5 MB in all'),
    }),
    output: z.object({ modules: z.array(z.string()), oids: z.array(MibOid) }),
  }),

  communities: defineRoute({
    right: 'manageIpdiscover',
    input: Empty,
    output: z.object({ communities: z.array(SnmpCommunity) }),
  }),
  saveCommunity: defineRoute({
    right: 'manageIpdiscover',
    input: CommunityInput,
    output: SnmpCommunity,
  }),
  deleteCommunity: defineRoute({
    right: 'manageIpdiscover',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),

  /** Reads one device from this machine (snmpget/snmpwalk): a community test, or a type's preview. */
  preview: defineRoute({
    right: 'configure',
    input: z.object({
      /** One IPv4 address or host name; never a range. */
      address: z
        .string()
        .trim()
        .min(1)
        .max(253)
        .regex(
          /^(\d{1,3}(\.\d{1,3}){3}|[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*)$/,
          'an IPv4 address or a host name',
        ),
      port: z.number().int().min(1).max(65535).default(161),
      credentials: PreviewCredentials,
      /** A type to preview (its conditions and OIDs); absent: sysName and sysDescr only. */
      typeId: z.number().int().positive().optional(),
      timeoutSeconds: z.number().int().min(1).max(10).default(2),
    }),
    output: PreviewResult,
  }),
};
