import { z } from 'zod';
import { ComputerSelection } from './computers';
import { defineJob, defineRoute, Page } from './route';

/** Target OS as `download_available.OSNAME` stores it (ocsreports upper-cases its choice). */
export const PackageOs = z.enum(['WINDOWS', 'LINUX', 'MAC']);
export type PackageOs = z.infer<typeof PackageOs>;

/** `ACT` of the info file. LAUNCH: program inside the archive; EXECUTE: shell command; STORE: copy to a path. */
export const PackageAction = z.enum(['LAUNCH', 'EXECUTE', 'STORE']);
export type PackageAction = z.infer<typeof PackageAction>;

export const PackageProto = z.enum(['HTTP', 'HTTPS']);

/** Fragmentation: a fragment size in bytes, or a number of fragments (like the original console). */
export const Fragmentation = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('size'), bytes: z.number().int().min(1024) }),
  z.object({ mode: z.literal('count'), count: z.number().int().min(1).max(100_000) }),
]);
export type Fragmentation = z.infer<typeof Fragmentation>;

/** What goes into the package: an archive (zip / tar.gz, used as is), a folder or plain file OCS Desk packs, or nothing. */
export const PackageSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('folder'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('none') }),
]);
export type PackageSource = z.infer<typeof PackageSource>;

const text = (max: number) => z.string().max(max).default('');

export const PackageBuildInput = z
  .object({
    name: z.string().trim().min(1, 'required').max(255),
    description: text(2000),
    os: PackageOs,
    proto: PackageProto.default('HTTP'),
    priority: z.number().int().min(0).max(10).default(5),
    action: PackageAction,
    /** LAUNCH: program (+ args) in the archive root; EXECUTE: command line; STORE: destination path. */
    actionParam: z.string().trim().min(1, 'required').max(1000),
    source: PackageSource,
    notify: z
      .object({
        enabled: z.boolean().default(false),
        text: text(1000),
        /** seconds; null = no countdown */
        countdown: z.number().int().min(0).max(86_400).nullable().default(null),
        canAbort: z.boolean().default(false),
        canDelay: z.boolean().default(false),
      })
      .default({ enabled: false, text: '', countdown: null, canAbort: false, canDelay: false }),
    needDoneAction: z
      .object({ enabled: z.boolean().default(false), text: text(1000) })
      .default({ enabled: false, text: '' }),
    fragments: Fragmentation.default({ mode: 'size', bytes: 100 * 1024 * 1024 }),
    /** The folder that holds one `<FILEID>/` folder per package; default: see packages.downloadDir. */
    downloadDir: z.string().min(1).max(4096).optional(),
  })
  .refine((v) => v.source.kind !== 'none' || v.action === 'EXECUTE', {
    message: 'a package without a file can only EXECUTE a command',
    path: ['source'],
  })
  // The Windows agent shows these texts; an empty one would show an empty window.
  .refine((v) => !v.notify.enabled || v.notify.text.trim() !== '', {
    message: 'the notification needs a text',
    path: ['notify', 'text'],
  })
  .refine((v) => !v.needDoneAction.enabled || v.needDoneAction.text.trim() !== '', {
    message: 'the request after installation needs a text',
    path: ['needDoneAction', 'text'],
  });
export type PackageBuildInput = z.input<typeof PackageBuildInput>;

export const FragmentPlan = z.object({
  size: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  /** Size of fragments 1..count-1 (every one but the last). */
  fragmentSize: z.number().int().nonnegative(),
  lastSize: z.number().int().nonnegative(),
});
export type FragmentPlan = z.infer<typeof FragmentPlan>;

export const PreviewInput = z.object({
  /** Archive size in bytes; or give `path` (an archive is measured, a folder is estimated by its content size). */
  size: z.number().int().nonnegative().optional(),
  path: z.string().min(1).max(4096).optional(),
  fragments: Fragmentation,
});
export const Preview = FragmentPlan.extend({
  /** true when the size is a folder's content size (the archive will differ). */
  estimated: z.boolean(),
});
export type Preview = z.infer<typeof Preview>;

export const BuildResult = z.object({
  fileId: z.string(),
  dir: z.string(),
  size: z.number(),
  fragments: z.number(),
  digest: z.string(),
  format: z.enum(['tar.gz', 'zip', 'none']),
});
export type BuildResult = z.infer<typeof BuildResult>;

export const PackageRow = z.object({
  fileId: z.string(),
  name: z.string(),
  priority: z.number(),
  fragments: z.number(),
  size: z.number(),
  os: z.string(),
  comment: z.string().nullable(),
  deleted: z.boolean(),
  activations: z.number(),
  waiting: z.number(),
  notified: z.number(),
  success: z.number(),
  errors: z.number(),
});
export type PackageRow = z.infer<typeof PackageRow>;

export const Activation = z.object({
  enableId: z.number(),
  fileId: z.string(),
  infoLoc: z.string(),
  packLoc: z.string(),
  assigned: z.number(),
});
export type Activation = z.infer<typeof Activation>;

export const ActivateInput = z.object({
  fileId: z.string().regex(/^\d{1,10}$/),
  /** host[:port]/path of the info file (HTTPS); a leading https:// is removed. */
  infoLoc: z.string().trim().min(1).max(255),
  /** host[:port]/path of the fragments (HTTP or HTTPS per the package's PROTO). */
  packLoc: z.string().trim().min(1).max(255),
  /** PEM CA file that signed the deployment server's certificate (the agents trust the same). */
  caFile: z.string().max(4096).optional(),
  /** Skip the download check (not recommended: the agents would fail instead). */
  skipCheck: z.boolean().default(false),
  timeoutMs: z.number().int().min(100).max(600_000).default(20_000),
});
export type ActivateInput = z.input<typeof ActivateInput>;

export const ActivateResult = z.object({
  enableId: z.number(),
  alreadyActive: z.boolean(),
  checked: z.object({
    info: z.boolean(),
    fragments: z.number(),
    bytes: z.number(),
    digest: z.string().nullable(),
  }),
});
export type ActivateResult = z.infer<typeof ActivateResult>;

const HardwareIds = z.array(z.number().int().positive()).min(1).max(1_000_000);

export const AssignInput = z.object({
  enableId: z.number().int().positive(),
  hardwareIds: HardwareIds,
  /** DOWNLOAD_FORCE: install even if the agent's history has it. */
  force: z.boolean().default(false),
  /** Re-assign computers that already have a status (it goes back to waiting). */
  reset: z.boolean().default(false),
});
/** Assignment to a selection of the computers screens: ids, or every computer matching a search. */
export const AssignSelectionInput = AssignInput.omit({ hardwareIds: true }).extend({
  selection: ComputerSelection,
});

export const AssignResult = z.object({
  assigned: z.number(),
  alreadyAssigned: z.number(),
  missing: z.array(z.number()),
});
export type AssignResult = z.infer<typeof AssignResult>;

export const StatusCategory = z.enum(['waiting', 'notified', 'success', 'error', 'other']);
export type StatusCategory = z.infer<typeof StatusCategory>;

export const StatusCount = z.object({
  /** devices.TVALUE; null = waiting for notification. */
  status: z.string().nullable(),
  category: StatusCategory,
  count: z.number(),
});
export const PackageStats = z.object({
  fileId: z.string(),
  name: z.string().nullable(),
  total: z.number(),
  byCategory: z.record(StatusCategory, z.number()),
  statuses: z.array(StatusCount),
});
export type PackageStats = z.infer<typeof PackageStats>;

export const StatusComputer = z.object({
  hardwareId: z.number(),
  name: z.string().nullable(),
  deviceId: z.string(),
  enableId: z.number(),
  status: z.string().nullable(),
  comments: z.string().nullable(),
});
export type StatusComputer = z.infer<typeof StatusComputer>;

export const ComputerPackage = z.object({
  enableId: z.number(),
  fileId: z.string(),
  name: z.string().nullable(),
  os: z.string().nullable(),
  status: z.string().nullable(),
  category: StatusCategory,
  comments: z.string().nullable(),
  infoLoc: z.string(),
  packLoc: z.string(),
  forced: z.boolean(),
});
export type ComputerPackage = z.infer<typeof ComputerPackage>;

export const ValidateAction = z.enum(['success', 'notNotified', 'all']);

const FileId = z.object({ fileId: z.string().regex(/^\d{1,10}$/) });

export const packages = {
  /** Number and size of fragments for an archive size (or a file/folder path). */
  previewFragments: defineRoute({ right: 'browse', needsDb: false, input: PreviewInput, output: Preview }),
  /** Default download folder: OCS_DESK_DOWNLOAD_DIR, else config DOWNLOAD_PACK_DIR + /download. */
  downloadDir: defineRoute({
    right: 'browse',
    input: z.object({}),
    output: z.object({ dir: z.string(), source: z.enum(['env', 'config', 'default']) }),
  }),
  build: defineJob({ right: 'buildPackages', input: PackageBuildInput, result: BuildResult }),
  list: defineRoute({
    right: 'browse',
    input: z.object({ includeDeleted: z.boolean().default(false) }),
    output: z.array(PackageRow),
  }),
  activate: defineJob({ right: 'activatePackages', input: ActivateInput, result: ActivateResult }),
  activations: defineRoute({ right: 'browse', input: FileId, output: z.array(Activation) }),
  /** Removes one activation and every assignment pointing at it. */
  deactivate: defineRoute({
    right: 'activatePackages',
    input: z.object({ enableId: z.number().int().positive() }),
    output: z.object({ unassigned: z.number() }),
  }),
  assign: defineRoute({ right: 'assignPackages', input: AssignInput, output: AssignResult }),
  /** Assign to every computer of a selection or search result (within the operator's TAG restriction). */
  assignSelection: defineRoute({
    right: 'assignPackages',
    input: AssignSelectionInput,
    output: AssignResult,
  }),
  unassign: defineRoute({
    right: 'assignPackages',
    input: z.object({ enableId: z.number().int().positive(), hardwareIds: HardwareIds }),
    output: z.object({ removed: z.number() }),
  }),
  /** Deletes the files and rows; refused (CONFLICT) while computers are assigned unless `confirm`. */
  delete: defineRoute({
    right: 'buildPackages',
    input: FileId.extend({
      confirm: z.boolean().default(false),
      purge: z.boolean().default(false),
      downloadDir: z.string().max(4096).optional(),
    }),
    output: z.object({ unassigned: z.number(), filesRemoved: z.boolean() }),
  }),
  forComputer: defineRoute({
    right: 'browse',
    input: z.object({ hardwareId: z.number().int().positive() }),
    output: z.array(ComputerPackage),
  }),
  stats: defineRoute({ right: 'browse', input: FileId, output: PackageStats }),
  /** Computers of one status (`status` null = waiting) or one category. */
  statusComputers: defineRoute({
    right: 'browse',
    input: FileId.extend({
      status: z.string().max(255).nullable().optional(),
      category: StatusCategory.optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: Page(StatusComputer),
  }),
  /** The console's clean-up buttons: validate successes, unassign not notified, validate all. */
  validate: defineRoute({
    right: 'assignPackages',
    input: FileId.extend({ action: ValidateAction }),
    output: z.object({ removed: z.number() }),
  }),
};
