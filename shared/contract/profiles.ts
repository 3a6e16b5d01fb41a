import { z } from 'zod';
import { DatabaseToOpen, ServerInfo, TlsOptions } from './connection';
import { defineRoute, Empty, Ok } from './route';

export const ProfileName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(80)
  .refine(
    (v) => ![...v].some((c) => c.charCodeAt(0) < 32 || c === '/' || c === '\\'),
    'no control characters or slashes',
  );

const Host = z.string().trim().min(1, 'required').max(255);
const Port = z.coerce.number().int().min(1).max(65535);

/** Optional read replica: list/search reads go there, writes to the primary. */
export const ReplicaOut = z.object({
  host: z.string(),
  port: z.number(),
  user: z.string(),
  hasPassword: z.boolean(),
});
export const ReplicaIn = z.object({
  host: Host,
  port: Port.default(3306),
  user: z.string().min(1).max(80),
  /** Omitted = keep the stored one. '' = no password. */
  password: z.string().max(1024).optional(),
});

/** What the UI sees: never a password, only whether one is stored. */
export const ProfileOut = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  hasPassword: z.boolean(),
  tls: TlsOptions.optional(),
  replica: ReplicaOut.nullable(),
  /** When this computer last connected through the profile (ISO time), null if never. */
  lastUsedAt: z.string().nullable(),
});
export type ProfileOut = z.infer<typeof ProfileOut>;

export const ProfileIn = z.object({
  name: ProfileName,
  /** Set when renaming: the profile to replace. */
  previousName: ProfileName.optional(),
  host: Host,
  port: Port.default(3306),
  database: DatabaseToOpen,
  user: z.string().min(1, 'required').max(80),
  /** Omitted = keep the stored password. '' = no password. */
  password: z.string().max(1024).optional(),
  tls: TlsOptions.optional(),
  replica: ReplicaIn.nullable().optional(),
});
export type ProfileIn = z.infer<typeof ProfileIn>;

export const profiles = {
  list: defineRoute({ right: 'public', needsDb: false, input: Empty, output: z.array(ProfileOut) }),
  /**
   * Saving and deleting stay `public`: they only touch this computer's own config file, and the
   * connection screen needs them before any operator can log in (same as connection.open).
   */
  save: defineRoute({ right: 'public', needsDb: false, input: ProfileIn, output: ProfileOut }),
  delete: defineRoute({
    right: 'public',
    needsDb: false,
    input: z.object({ name: ProfileName }),
    output: Ok,
  }),
  /**
   * Opens the session's database with the stored credentials (and the replica, if any). A stored
   * password goes only to the server it was saved for; `confirmServer` (asked after
   * DB_PASSWORD_SERVER_CHANGED) sends it to the one the profile now names, unless TLS verifies it.
   */
  connect: defineRoute({
    right: 'public',
    needsDb: false,
    input: z.object({ name: ProfileName, confirmServer: z.boolean().optional() }),
    output: ServerInfo,
  }),
  /** Which profile the session is connected through, if any. */
  current: defineRoute({
    right: 'public',
    needsDb: false,
    input: Empty,
    output: z.object({ name: z.string().nullable() }),
  }),
};
