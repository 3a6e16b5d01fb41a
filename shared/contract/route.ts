import { z } from 'zod';

/**
 * What an operator may do, as ocsreports 2.11's shipped profiles grant it (config/profiles/*.xml; the
 * table profile -> rights is `shared/contract/rights.ts`, the reasons are in docs/operators.md):
 * - `browse`: any logged-in operator (browse, search, export, own layouts and saved searches);
 * - `editAdminData`: CHANGE_ACCOUNTINFO (a computer's admin data, one or many);
 * - `deleteComputers`: DELETE_COMPUTERS;
 * - `mergeDuplicates`: the ms_doubles page (merge duplicate computers);
 * - `identifyDevices`: the ms_custom_info page (identify, forget or delete an IP-discovered device);
 * - `manageIpdiscover`: IPDISCOVER and ms_admin_ipdiscover (subnets, device types, which agents scan,
 *   host analysis);
 * - `assignPackages`: TELEDIFF (assign packages to computers, unassign, clean up statuses);
 * - `activatePackages`: the TELEDIFF_ACTIVATE restriction off (activate and deactivate packages);
 * - `buildPackages`: ms_tele_build (build and delete packages);
 * - `importInventory`: ms_local_import;
 * - `configure`: CONFIG, ACCOUNTINFO and the configuration pages (options, admin info fields, TAG label,
 *   dictionary, registry, blacklists, agent files, server certificates, schema upgrade, indexes);
 * - `manageOperators`: MANAGE_PROFIL and ms_users (operators, profiles, perimeters);
 * - `manageGroups`: GROUPS (create, change, delete and recompute computer groups, see hidden groups,
 *   exclude computers from dynamic groups).
 */
export const Right = z.enum([
  'browse',
  'editAdminData',
  'deleteComputers',
  'mergeDuplicates',
  'identifyDevices',
  'manageIpdiscover',
  'assignPackages',
  'activatePackages',
  'buildPackages',
  'importInventory',
  'configure',
  'manageOperators',
  'manageGroups',
]);
export type Right = z.infer<typeof Right>;

/** What a route needs: `public` (no operator: connect to a DB, log in) or one right. */
export const Access = z.enum(['public', ...Right.options]);
export type Access = z.infer<typeof Access>;

export interface RouteDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'route';
  readonly right: Access;
  /**
   * Whether the route changes something: the router then re-reads the operator's row first, so an
   * operator demoted or deleted in the database loses the right at once. True for every right
   * except `browse` (and `public`), and for the `browse` routes that write the operator's own rows.
   */
  readonly writes: boolean;
  readonly input: I;
  readonly output: O;
  /** A route that needs an open DB connection (most of them). */
  readonly needsDb: boolean;
}

/** A long job: the call returns `{ jobId }` at once; progress and the result come as `job` events. */
export interface JobDef<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'job';
  readonly right: Access;
  /**
   * Whether the route changes something: the router then re-reads the operator's row first, so an
   * operator demoted or deleted in the database loses the right at once. True for every right
   * except `browse` (and `public`), and for the `browse` routes that write the operator's own rows.
   */
  readonly writes: boolean;
  readonly input: I;
  readonly result: R;
  readonly needsDb: boolean;
}

export type AnyDef = RouteDef | JobDef;

function writesByDefault(right: Access): boolean {
  return right !== 'public' && right !== 'browse';
}

export function defineRoute<I extends z.ZodType, O extends z.ZodType>(def: {
  right: Access;
  writes?: boolean;
  input: I;
  output: O;
  needsDb?: boolean;
}): RouteDef<I, O> {
  return { kind: 'route', needsDb: def.right !== 'public', writes: writesByDefault(def.right), ...def };
}

export function defineJob<I extends z.ZodType, R extends z.ZodType>(def: {
  right: Access;
  writes?: boolean;
  input: I;
  result: R;
  needsDb?: boolean;
}): JobDef<I, R> {
  return { kind: 'job', needsDb: def.right !== 'public', writes: writesByDefault(def.right), ...def };
}

export const JobStarted = z.object({ jobId: z.string() });
export type JobStarted = z.infer<typeof JobStarted>;

/** A page of rows from a server-side paginated query. */
export function Page<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row), total: z.number().int().nonnegative() });
}

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
/** A CSV export answered as text: its data rows, and whether the route's cap cut the list. */
export const CsvText = z.object({ csv: z.string(), rows: z.number().int(), truncated: z.boolean() });
export type CsvText = z.infer<typeof CsvText>;
