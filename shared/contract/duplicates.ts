import { z } from 'zod';
import { defineJob, defineRoute, Empty, Ok, Page } from './route';

/**
 * The console's six duplicate criteria (ocsreports "Duplicates"): three combinations and three single ones.
 * Serials and MACs found in the blacklists never make a duplicate.
 */
export const DuplicateCriterion = z.enum([
  'hostname_serial',
  'hostname_macaddress',
  'macaddress_serial',
  'hostname',
  'ssn',
  'macaddress',
]);
export type DuplicateCriterion = z.infer<typeof DuplicateCriterion>;
export const DUPLICATE_CRITERIA = DuplicateCriterion.options;

export const DuplicateCount = z.object({
  criterion: DuplicateCriterion,
  /** Groups of two or more computers sharing the criterion's value(s). */
  groups: z.number().int(),
  /** Computers in those groups (a computer in two MAC groups counts twice). */
  computers: z.number().int(),
});
export type DuplicateCount = z.infer<typeof DuplicateCount>;

export const DuplicateComputer = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  deviceId: z.string(),
  serial: z.string().nullable(),
  /** The computer's MAC addresses, comma separated (the shared one first for MAC criteria). */
  mac: z.string().nullable(),
  lastDate: z.string().nullable(),
  lastCome: z.string().nullable(),
  /** The computer a merge keeps: the most recent last contact of its group. */
  survivor: z.boolean(),
});
export type DuplicateComputer = z.infer<typeof DuplicateComputer>;

export const DuplicateGroup = z.object({
  /** Stable key of the group: its values joined with ` / `. */
  key: z.string(),
  /** The shared values, in the criterion's order (e.g. name, serial). */
  values: z.array(z.string()),
  computers: z.array(DuplicateComputer),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroup>;

export const BlacklistKind = z.enum(['mac', 'serial']);
export type BlacklistKind = z.infer<typeof BlacklistKind>;

export const BlacklistEntry = z.object({ id: z.number().int(), value: z.string() });
export type BlacklistEntry = z.infer<typeof BlacklistEntry>;

export const MergeSkip = z.object({
  ids: z.array(z.number().int()),
  reason: z.enum(['locked', 'not-found']),
});

export const MergeResult = z.object({
  /** Groups merged. */
  merged: z.number().int(),
  /** Computers removed (merged into their group's survivor). */
  removed: z.number().int(),
  /** Survivor id per merged group, in input order. */
  survivors: z.array(z.number().int()),
  skipped: z.array(MergeSkip),
  /** deleted_equiv rows were written (TRACE_DELETED=1). */
  traced: z.boolean(),
});
export type MergeResult = z.infer<typeof MergeResult>;

const GroupIds = z
  .array(z.number().int().positive())
  .min(2)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'the same computer twice in a group' });

export const duplicates = {
  summary: defineRoute({ right: 'browse', input: Empty, output: z.array(DuplicateCount) }),
  groups: defineRoute({
    right: 'browse',
    input: z.object({
      criterion: DuplicateCriterion,
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(50),
    }),
    output: Page(DuplicateGroup),
  }),
  /**
   * Merges each group into its most recently seen computer, with the comm server's replace procedure
   * (one transaction per group): the administrative data of the older computers win.
   */
  merge: defineJob({
    right: 'mergeDuplicates',
    input: z.object({ groups: z.array(GroupIds).min(1).max(10_000) }),
    result: MergeResult,
  }),
  blacklist: defineRoute({
    right: 'browse',
    input: z.object({ kind: BlacklistKind }),
    output: z.array(BlacklistEntry),
  }),
  addBlacklist: defineRoute({
    right: 'configure',
    input: z.object({ kind: BlacklistKind, value: z.string().trim().min(1).max(100) }),
    output: BlacklistEntry,
  }),
  removeBlacklist: defineRoute({
    right: 'configure',
    input: z.object({ kind: BlacklistKind, id: z.number().int() }),
    output: Ok,
  }),
};
