import { z } from 'zod';
import { Login, Password } from './auth';
import { defineRoute, Empty, Ok, Right } from './route';
import { ShippedProfile } from './rights';

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
  /** The rights the profile gives in OCS Desk (a custom profile: those of the profile it is mapped to). */
  rights: z.array(Right),
  /** Tag perimeter rows (`tags` table, wildcards as stored). */
  tags: z.array(z.string()),
  /** True when the operator is restricted to its tags (ladmin, or a custom profile with tag rows). */
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

/** An OCS profile name (`operators.NEW_ACCESSLVL`, varchar(255)): a shipped one or a custom one. */
export const ProfileName = z
  .string()
  .trim()
  .min(1, 'required')
  .max(255)
  .regex(/^[^'"\\<>]+$/, 'no quotes or angle brackets');

export const OperatorCreate = z.object({
  login: Login.regex(/^[^\s'"\\<>]+$/, 'no spaces, quotes or angle brackets'),
  password: Password,
  /** sadmin, admin, ladmin, read-only, or a custom profile (least rights unless mapped). */
  profile: ProfileName,
  firstName: Name,
  lastName: Name,
  email: Email,
  comments: z.string().max(4000).nullable().optional(),
  /** Tag perimeter; only for a restricted profile (ladmin or custom): sees only computers with these TAGs. */
  tags: z.array(TagPattern).max(500).optional(),
});

/** One profile as OCS Desk sees it: shipped or custom, what it maps to and the rights it gives. */
export const ProfileRights = z.object({
  profile: z.string(),
  shipped: z.boolean(),
  /** For a custom profile: the shipped profile an Administrator mapped it to, or null (least rights). */
  mappedAs: ShippedProfile.nullable(),
  rights: z.array(Right),
  /** Restricted to the operator's tags (ladmin, or mapped to ladmin). */
  restricted: z.boolean(),
  /** Operators holding this profile now. */
  operators: z.number().int().nonnegative(),
});
export type ProfileRights = z.infer<typeof ProfileRights>;

export const WeakHash = z.object({ login: z.string(), hashScheme: HashScheme, reason: z.string() });

export const operators = {
  list: defineRoute({ right: 'manageOperators', input: Empty, output: z.array(OperatorRow) }),
  create: defineRoute({ right: 'manageOperators', input: OperatorCreate, output: OperatorRow }),
  update: defineRoute({
    right: 'manageOperators',
    input: z.object({
      login: Login,
      /** Changing the profile is the only way to lift a tag restriction (ladmin -> admin). */
      profile: ProfileName.optional(),
      firstName: Name,
      lastName: Name,
      email: Email,
      comments: z.string().max(4000).nullable().optional(),
    }),
    output: OperatorRow,
  }),
  resetPassword: defineRoute({
    right: 'manageOperators',
    input: z.object({ login: Login, password: Password }),
    output: Ok,
  }),
  delete: defineRoute({ right: 'manageOperators', input: z.object({ login: Login }), output: Ok }),
  /**
   * Replaces the tag perimeter of a restricted operator (ladmin or custom profile). Never changes the
   * profile: `[]` leaves a ladmin seeing nothing; tags on an unrestricted shipped profile are refused.
   */
  setTags: defineRoute({
    right: 'manageOperators',
    input: z.object({ login: Login, tags: z.array(TagPattern).max(500) }),
    output: OperatorRow,
  }),
  /** Every profile in use or shipped, with its rights (custom ones as mapped). */
  profiles: defineRoute({ right: 'manageOperators', input: Empty, output: z.array(ProfileRights) }),
  /**
   * Gives a custom profile the rights of a shipped one (`as: null` takes them back: least rights).
   * Stored in OCS Desk's own table `ocsdesk_profile_rights`; ocsreports keeps reading its XML.
   */
  mapProfile: defineRoute({
    right: 'manageOperators',
    input: z.object({ profile: ProfileName, as: ShippedProfile.nullable() }),
    output: ProfileRights,
  }),
  /** Diagnostics: operators whose stored hash is MD5 or unsalted SHA-256. */
  weakHashes: defineRoute({ right: 'manageOperators', input: Empty, output: z.array(WeakHash) }),
};
