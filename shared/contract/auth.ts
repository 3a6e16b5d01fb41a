import { z } from 'zod';
import { defineRoute, Empty, Ok, Right } from './route';

/** OCS logins are varchar(255) in `operators.ID`; compared case-insensitively by MySQL. */
export const Login = z.string().trim().min(1, 'required').max(255);
/** Passwords travel once, to the main process; never logged, never returned. */
export const Password = z.string().min(1, 'required').max(1024);

export const OperatorInfo = z.object({
  login: z.string(),
  /** OCS profile name (`operators.NEW_ACCESSLVL`): sadmin, admin, ladmin, read-only or custom. */
  profile: z.string().nullable(),
  /**
   * What this operator may do now: the profile's rights (docs/operators.md), less those the database
   * account's grants refuse. The router checks them on every call; the UI shows only these.
   */
  rights: z.array(Right),
  /** Rights the profile gives but the connected DB account's grants refuse (see docs/security.md). */
  refusedByDb: z.array(Right),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  mustChangePassword: z.boolean(),
  /** TAG restriction: null = every computer; else the TAG values this operator may see. */
  tags: z.array(z.string()).nullable(),
});
export type OperatorInfo = z.infer<typeof OperatorInfo>;

export const auth = {
  /** Checks the login against `operators` of the connected database and binds the operator to the session. */
  login: defineRoute({
    right: 'public',
    needsDb: true,
    input: z.object({ login: Login, password: Password }),
    output: OperatorInfo,
  }),
  logout: defineRoute({ right: 'public', needsDb: false, input: Empty, output: Ok }),
  /** The logged-in operator, or null. */
  me: defineRoute({ right: 'public', needsDb: false, input: Empty, output: OperatorInfo.nullable() }),
  /** Changes the session operator's own password (required first for admin/admin). */
  changePassword: defineRoute({
    right: 'browse',
    writes: true,
    input: z.object({ currentPassword: Password, newPassword: Password }),
    output: OperatorInfo,
  }),
};
