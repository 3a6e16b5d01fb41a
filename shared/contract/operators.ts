import { z } from 'zod';
import { Login, Password } from './auth';
import { defineRoute, Empty, Ok, OperatorRole } from './route';

/** Hash scheme of `operators.PASSWD`, as read from the row (see docs/operators.md). */
export const HashScheme = z.enum(['bcrypt', 'sha256', 'md5', 'unknown', 'none']);
export type HashScheme = z.infer<typeof HashScheme>;

export const OperatorRow = z.object({
  login: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  comments: z.string().nullable(),
  /** Raw OCS profile (`NEW_ACCESSLVL`). */
  profile: z.string().nullable(),
  role: OperatorRole,
  /** Tag perimeter rows (`tags` table, wildcards as stored). */
  tags: z.array(z.string()),
  /** True when the profile restricts the operator to its tags (ladmin). */
  restricted: z.boolean(),
  hashScheme: HashScheme,
});
export type OperatorRow = z.infer<typeof OperatorRow>;

const Name = z.string().trim().max(255).nullable().optional();
const Email = z
  .union([z.literal(''), z.email().max(255)])
  .nullable()
  .optional();
/** OCS stores tags as varchar(100); `*` and `?` are wildcards. */
export const TagPattern = z.string().trim().min(1).max(100);

export const OperatorCreate = z.object({
  login: Login.regex(/^[^\s'"\\<>]+$/, 'no spaces, quotes or angle brackets'),
  password: Password,
  role: OperatorRole,
  firstName: Name,
  lastName: Name,
  email: Email,
  comments: z.string().max(4000).nullable().optional(),
  /** A User with tags becomes an OCS `ladmin` (sees only computers with these TAGs). */
  tags: z.array(TagPattern).max(500).optional(),
});

export const WeakHash = z.object({ login: z.string(), hashScheme: HashScheme, reason: z.string() });

export const operators = {
  list: defineRoute({ role: 'admin', input: Empty, output: z.array(OperatorRow) }),
  create: defineRoute({ role: 'admin', input: OperatorCreate, output: OperatorRow }),
  update: defineRoute({
    role: 'admin',
    input: z.object({
      login: Login,
      role: OperatorRole.optional(),
      firstName: Name,
      lastName: Name,
      email: Email,
      comments: z.string().max(4000).nullable().optional(),
    }),
    output: OperatorRow,
  }),
  resetPassword: defineRoute({
    role: 'admin',
    input: z.object({ login: Login, password: Password }),
    output: Ok,
  }),
  delete: defineRoute({ role: 'admin', input: z.object({ login: Login }), output: Ok }),
  /** Replaces the tag perimeter; a User with tags is stored as `ladmin`, without as `read-only`. */
  setTags: defineRoute({
    role: 'admin',
    input: z.object({ login: Login, tags: z.array(TagPattern).max(500) }),
    output: OperatorRow,
  }),
  /** Diagnostics: operators whose stored hash is MD5 or unsalted SHA-256. */
  weakHashes: defineRoute({ role: 'admin', input: Empty, output: z.array(WeakHash) }),
};
