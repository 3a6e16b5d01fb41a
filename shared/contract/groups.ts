import { z } from 'zod';
import { ComputerFilter, ComputerSelection, SettingName, SettingsChange } from './computers';
import { defineRoute, Empty, Page } from './route';

/**
 * Computer groups stored as ocsreports and the comm server store them (docs/groups.md,
 * ../shared/spec/ocs-groups.md): a `hardware` row with DEVICEID `_SYSTEMGROUP_`, a `groups` row
 * (XMLDEF empty = static) and `groups_cache` membership (STATIC 0 dynamic, 1 included, 2 excluded).
 */

export const GroupKind = z.enum(['static', 'dynamic']);
export type GroupKind = z.infer<typeof GroupKind>;

export const GroupId = z.number().int().positive();

const Name = z.string().trim().min(1, 'a name is required').max(255);
/** ocsreports requires a description on create and rename. */
const Description = z.string().trim().min(1, 'a description is required').max(2000);

export const GroupSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  kind: GroupKind,
  /** `hardware.WORKGROUP = 'GROUP_4_ALL'`: every profile sees it; else group administrators only. */
  visible: z.boolean(),
  /** Members the comm server sends settings and packages to (STATIC 0 or 1), inside the caller's perimeter. */
  members: z.number().int().nonnegative(),
  /** Computers statically excluded (STATIC 2), inside the caller's perimeter; not members. */
  excluded: z.number().int().nonnegative(),
  /** `hardware.LASTDATE` of the group row, which ocsreports shows as the creation date. */
  createdAt: z.string().nullable(),
  /** Dynamic groups: when the membership was last computed (`groups.CREATE_TIME`, ISO); null if never. */
  computedAt: z.string().nullable(),
  /** Dynamic groups: earliest time the comm server recomputes it (`REVALIDATE_FROM` + the revalidate period). */
  staleAfter: z.string().nullable(),
  /** A pre-2.4 definition (legacy REQUEST column or several REQUESTs): readable, refresh supported, edit rewrites it. */
  legacy: z.boolean(),
  /** Drill-down parent (a nested group reads its parent's members); null for a top-level group. */
  parentId: z.number().int().nullable(),
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const GroupDetail = GroupSummary.extend({
  /** The SQL the comm server runs (decoded from XMLDEF or REQUEST), one per REQUEST; [] for static. */
  queries: z.array(z.string()),
  /** The search the group was made from, when OCS Desk made it (kept beside the XMLDEF). */
  filter: ComputerFilter.nullable(),
  settings: z.array(
    z.object({ name: z.string(), ivalue: z.number().nullable(), tvalue: z.string().nullable() }),
  ),
  packages: z.array(
    z.object({ enableId: z.number().int(), fileId: z.string(), name: z.string(), members: z.number().int() }),
  ),
});
export type GroupDetail = z.infer<typeof GroupDetail>;

export const MemberState = z.enum(['dynamic', 'included', 'excluded']);
export type MemberState = z.infer<typeof MemberState>;

export const GroupMember = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  userId: z.string().nullable(),
  os: z.string().nullable(),
  tag: z.string().nullable(),
  lastDate: z.string().nullable(),
  state: MemberState,
});
export type GroupMember = z.infer<typeof GroupMember>;

/** A dynamic definition: a multi-criteria search, optionally drilled down from a parent group. */
export const DynamicDefinition = z.object({
  filter: ComputerFilter,
  /** Nested group: members of this parent (STATIC 0/1) that also match the filter. */
  parentId: GroupId.nullable().default(null),
  /** "Member of group" criteria, read live from groups_cache (STATIC 0/1) when the server recomputes. */
  memberOf: z
    .array(z.object({ groupId: GroupId, negate: z.boolean().default(false) }))
    .max(20)
    .default([]),
});
export type DynamicDefinition = z.infer<typeof DynamicDefinition>;

/** Computers named by id or by NAME (one per line, as a pasted list). */
export const MemberTarget = z.union([
  ComputerSelection,
  z.object({
    kind: z.literal('names'),
    names: z.array(z.string().trim().min(1).max(255)).min(1).max(10_000),
  }),
]);
export type MemberTarget = z.infer<typeof MemberTarget>;

export const GroupCreate = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('static'),
    name: Name,
    description: Description,
    visible: z.boolean().default(false),
    /** Initial members (optional). */
    members: MemberTarget.optional(),
  }),
  z.object({
    kind: z.literal('dynamic'),
    name: Name,
    description: Description,
    visible: z.boolean().default(false),
    definition: DynamicDefinition,
  }),
]);
export type GroupCreate = z.infer<typeof GroupCreate>;

export const Preview = z.object({
  /** Computers that match now, inside the caller's perimeter. */
  count: z.number().int().nonnegative(),
  sample: z.array(GroupMember),
  /** The statement written into XMLDEF. */
  sql: z.string(),
});
export type Preview = z.infer<typeof Preview>;

export const MembersInput = z.object({
  id: GroupId,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  /** Which states to list (default: members, i.e. dynamic and included). */
  states: z.array(MemberState).min(1).default(['dynamic', 'included']),
  quick: z.string().max(255).optional(),
});

export const CompareResult = z.object({
  onlyA: z.number().int(),
  onlyB: z.number().int(),
  both: z.number().int(),
  /** First rows of each part (up to `limit`). */
  rows: z.object({ onlyA: z.array(GroupMember), onlyB: z.array(GroupMember), both: z.array(GroupMember) }),
});
export type CompareResult = z.infer<typeof CompareResult>;

export const RefreshResult = z.object({
  members: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  computedAt: z.string(),
});
export type RefreshResult = z.infer<typeof RefreshResult>;

export const GroupPackageStats = z.object({
  enableId: z.number().int(),
  fileId: z.string(),
  name: z.string().nullable(),
  /** Members (STATIC 0/1) inside the caller's perimeter. */
  members: z.number().int(),
  /** Members the server has not handed the package to yet (no DOWNLOAD row of their own). */
  notYet: z.number().int(),
  byCategory: z.object({
    waiting: z.number().int(),
    notified: z.number().int(),
    success: z.number().int(),
    error: z.number().int(),
    other: z.number().int(),
  }),
  statuses: z.array(z.object({ status: z.string().nullable(), count: z.number().int() })),
});
export type GroupPackageStats = z.infer<typeof GroupPackageStats>;

/** One setting of a computer as the comm server resolves it: the value in force and the layer it comes from. */
export const EffectiveSetting = z.object({
  name: SettingName,
  value: z.number().int().nullable(),
  source: z.enum(['global', 'group', 'computer']),
  /** The group whose row wins, when source is `group`. */
  group: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  /** The server's rule for this setting, in the operator's words. */
  rule: z.string(),
  /** Every layer that has a value (global, each member group, the computer). */
  layers: z.array(
    z.object({
      source: z.enum(['global', 'group', 'computer']),
      name: z.string(),
      value: z.number().int().nullable(),
    }),
  ),
});
export type EffectiveSetting = z.infer<typeof EffectiveSetting>;

export const groups = {
  /** Every group the caller may see, with member counts inside the caller's perimeter. */
  list: defineRoute({ right: 'browse', input: Empty, output: z.array(GroupSummary) }),
  get: defineRoute({ right: 'browse', input: z.object({ id: GroupId }), output: GroupDetail }),
  members: defineRoute({ right: 'browse', input: MembersInput, output: Page(GroupMember) }),
  /** What a dynamic definition matches now, and the SQL it would store; refused with the reason when it cannot be stored. */
  preview: defineRoute({
    right: 'browse',
    input: DynamicDefinition.extend({ limit: z.number().int().min(0).max(200).default(20) }),
    output: Preview,
  }),
  create: defineRoute({ right: 'manageGroups', input: GroupCreate, output: GroupSummary }),
  /** Rename, describe, show or hide; a dynamic group may get a new definition (REVALIDATE_FROM reset). */
  update: defineRoute({
    right: 'manageGroups',
    input: z.object({
      id: GroupId,
      name: Name.optional(),
      description: Description.optional(),
      visible: z.boolean().optional(),
      definition: DynamicDefinition.optional(),
    }),
    output: GroupSummary,
  }),
  /** Deletes the group and every row that refers to it (groups, groups_cache, devices, config messages). */
  delete: defineRoute({
    right: 'manageGroups',
    input: z.object({ id: GroupId, confirm: z.literal(true, { message: 'confirm the deletion' }) }),
    output: z.object({ ok: z.literal(true), members: z.number().int(), settings: z.number().int() }),
  }),
  /** Adds computers as STATIC=1 (as ocsreports: also on a dynamic group); a non-administrator only on visible static groups. */
  addMembers: defineRoute({
    right: 'editAdminData',
    input: z.object({ id: GroupId, target: MemberTarget }),
    output: z.object({ added: z.number().int(), already: z.number().int(), unknown: z.array(z.string()) }),
  }),
  /** Removes the computers' rows from the group (any state). */
  removeMembers: defineRoute({
    right: 'editAdminData',
    input: z.object({ id: GroupId, target: MemberTarget }),
    output: z.object({ removed: z.number().int() }),
  }),
  /** Dynamic groups: exclude (STATIC=2), include statically (1) or reset (delete: back at the next recompute). */
  setMemberState: defineRoute({
    right: 'manageGroups',
    input: z.object({
      id: GroupId,
      ids: z.array(z.number().int().positive()).min(1).max(10_000),
      state: z.enum(['excluded', 'included', 'reset']),
    }),
    output: z.object({ changed: z.number().int() }),
  }),
  /** Recomputes a dynamic group now, as the comm server does (under its lock). */
  refresh: defineRoute({ right: 'manageGroups', input: z.object({ id: GroupId }), output: RefreshResult }),
  compare: defineRoute({
    right: 'browse',
    input: z.object({ a: GroupId, b: GroupId, limit: z.number().int().min(0).max(500).default(50) }),
    output: CompareResult,
  }),
  /** Members as CSV text (UTF-8 with BOM), inside the caller's perimeter. */
  exportCsv: defineRoute({
    right: 'browse',
    input: z.object({ id: GroupId, states: z.array(MemberState).min(1).default(['dynamic', 'included']) }),
    output: z.object({ csv: z.string(), rows: z.number().int() }),
  }),
  /**
   * Assigns an activated package to the group as ocsreports does (a `devices` DOWNLOAD row on the
   * group id): the comm server hands it to every member, also to computers that join later.
   */
  assignPackage: defineRoute({
    right: 'assignPackages',
    input: z.object({ id: GroupId, enableId: z.number().int().positive() }),
    output: z.object({ assigned: z.boolean() }),
  }),
  /** Removes the group's assignment; `cancelPending` also drops members' rows still waiting or notified. */
  unassignPackage: defineRoute({
    right: 'assignPackages',
    input: z.object({
      id: GroupId,
      enableId: z.number().int().positive(),
      cancelPending: z.boolean().default(false),
    }),
    output: z.object({ removed: z.number().int(), cancelled: z.number().int() }),
  }),
  /** Members' statuses for a package assigned to the group (their own DOWNLOAD rows). */
  packageStats: defineRoute({
    right: 'browse',
    input: z.object({ id: GroupId, enableId: z.number().int().positive() }),
    output: GroupPackageStats,
  }),
  /** Per-group settings (`devices` rows on the group id; null = back to the global option), as ocsreports' group page writes them. */
  setSettings: defineRoute({
    right: 'configure',
    input: z.object({ id: GroupId, settings: SettingsChange }),
    output: z.object({ ok: z.literal(true) }),
  }),
  /** Which value of each setting the comm server applies to a computer, and why (computer, group or global). */
  effectiveSettings: defineRoute({
    right: 'browse',
    input: z.object({ id: z.number().int().positive() }),
    output: z.array(EffectiveSetting),
  }),
  /** Groups the computer has a row in (its state in each). */
  ofComputer: defineRoute({
    right: 'browse',
    input: z.object({ id: z.number().int().positive() }),
    output: z.array(
      z.object({ id: z.number().int(), name: z.string(), kind: GroupKind, state: MemberState }),
    ),
  }),
};
