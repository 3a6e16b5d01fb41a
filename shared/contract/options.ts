import { z } from 'zod';
import { defineRoute, Empty } from './route';

/** Tabs of the "General options" screen. */
export const OPTION_GROUPS = [
  'inventory',
  'prolog',
  'duplicates',
  'deployment',
  'ipdiscover',
  'registry',
  'groups',
  'security',
  'console',
] as const;
export const OptionGroup = z.enum(OPTION_GROUPS);
export type OptionGroup = z.infer<typeof OptionGroup>;

/**
 * How a value is edited and checked. Number types are stored in IVALUE; `text`, `path` and `url` in TVALUE;
 * `enum` in the option's column. `frequency`: -1 never, 0 always, n days. `ipdiscover`: 0 off, n max agents
 * per subnet. `bitmask`: the AUTO_DUPLICATE_LVL criteria (weights 1..32).
 */
export const OptionType = z.enum([
  'int',
  'bool',
  'enum',
  'text',
  'path',
  'url',
  'seconds',
  'minutes',
  'hours',
  'days',
  'ms',
  'frequency',
  'ipdiscover',
  'bitmask',
]);
export type OptionType = z.infer<typeof OptionType>;

export const OptionColumn = z.enum(['IVALUE', 'TVALUE']);
export type OptionColumn = z.infer<typeof OptionColumn>;

export const OptionValue = z.union([z.number().int(), z.string()]);
export type OptionValue = z.infer<typeof OptionValue>;

/**
 * Where the value in force comes from: the `config` row, the comm server's Apache setting (Debian
 * ocsinventory-server.conf), the comm server's built-in default (no Apache value), or the console's default.
 */
export const OptionSource = z.enum(['database', 'apache', 'builtin', 'console']);
export type OptionSource = z.infer<typeof OptionSource>;

/** One entry of the option catalogue. */
export const OptionDef = z.object({
  name: z.string(),
  column: OptionColumn,
  type: OptionType,
  group: OptionGroup,
  /** Read by the comm server (else a console-only key). */
  server: z.boolean(),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
  /** Allowed values of an `enum`. */
  choices: z.array(OptionValue).nullable(),
  /** Value used when there is no row. */
  default: OptionValue.nullable(),
  defaultSource: z.enum(['apache', 'builtin', 'console']),
  /** i18n key (namespace `options`) of the meaning. */
  descriptionKey: z.string(),
});
export type OptionDef = z.infer<typeof OptionDef>;

export const OptionState = OptionDef.extend({
  /** The `config` row as stored, or null when there is none. */
  row: z.object({ ivalue: z.number().int().nullable(), tvalue: z.string().nullable() }).nullable(),
  /** The value in force (what the comm server / console uses). */
  effective: OptionValue.nullable(),
  source: OptionSource,
});
export type OptionState = z.infer<typeof OptionState>;

export const OptionChange = z.object({
  name: z.string().trim().min(1).max(50),
  /** null deletes the row: back to the default. */
  value: OptionValue.nullable(),
});
export type OptionChange = z.infer<typeof OptionChange>;

export const options = {
  /** Every option of the catalogue with its `config` row (or null), the value in force and where it comes from. */
  list: defineRoute({
    right: 'browse',
    input: Empty,
    output: z.array(OptionState),
  }),
  /**
   * Writes options as the console does (UPDATE the row's column if the row exists, else INSERT it; null
   * deletes the row), all in one transaction. Every change is checked against the catalogue first; names
   * outside it are refused.
   */
  set: defineRoute({
    right: 'configure',
    input: z.object({ changes: z.array(OptionChange).min(1).max(200) }),
    output: z.object({ changed: z.array(z.string()) }),
  }),
};
