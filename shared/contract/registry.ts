import { z } from 'zod';
import { defineRoute, Empty, Ok, Page } from './route';

/** regconfig.REGTREE: hive index (ocs-compat 8.2). */
export const HIVES = [
  'HKEY_CLASSES_ROOT',
  'HKEY_CURRENT_USER',
  'HKEY_LOCAL_MACHINE',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
  'HKEY_DYN_DATA',
] as const;

export const RegistryQuery = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 0..5, see HIVES; null only in rows written by other tools. */
  hive: z.number().int().nullable(),
  key: z.string(),
  /** Value name, or `*` for every value of the key. */
  value: z.string(),
  /** Computers that reported at least one value for this query (registry.NAME = name). */
  computers: z.number().int().nonnegative(),
});
export type RegistryQuery = z.infer<typeof RegistryQuery>;

export const RegistryQueryInput = z.object({
  /** Absent: create. */
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(255),
  hive: z
    .number()
    .int()
    .min(0)
    .max(HIVES.length - 1),
  key: z
    .string()
    .trim()
    .min(1)
    .max(1024)
    .refine((v) => !v.startsWith('\\') && !v.endsWith('\\'), {
      message: 'the key is below the hive: no leading or trailing backslash',
    })
    .refine((v) => !v.includes('/'), { message: 'separate key parts with backslashes' }),
  value: z.string().trim().min(1).max(255),
});
export type RegistryQueryInput = z.input<typeof RegistryQueryInput>;

export const RegistryValue = z.object({
  hardwareId: z.number().int(),
  computer: z.string().nullable(),
  value: z.string().nullable(),
});
export type RegistryValue = z.infer<typeof RegistryValue>;

export const registry = {
  list: defineRoute({
    right: 'browse',
    input: Empty,
    output: z.object({
      queries: z.array(RegistryQuery),
      /** config REGISTRY IVALUE = 1: the comm server sends the queries to agents. */
      enabled: z.boolean(),
    }),
  }),
  save: defineRoute({ right: 'configure', input: RegistryQueryInput, output: RegistryQuery }),
  delete: defineRoute({
    right: 'configure',
    input: z.object({ id: z.number().int().positive() }),
    output: Ok,
  }),
  /** Values reported for one query, with their computers. */
  values: defineRoute({
    right: 'browse',
    input: z.object({
      id: z.number().int().positive(),
      filter: z.string().max(255).optional(),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: Page(RegistryValue),
  }),
};
