import type { OperatorRole } from '../../shared/contract/route';

/**
 * OCS profile (`operators.NEW_ACCESSLVL`) -> OCS Desk role. See docs/operators.md for the reasons.
 * - sadmin: everything in ocsreports (config, operators, teledeploy) -> Administrator.
 * - admin: no config, no operator management, no package activation in ocsreports -> User
 *   (OCS Desk's Administrator role would give it exactly what its profile refuses).
 * - ladmin: like admin, restricted to its tags -> User with `tags`.
 * - read-only and any custom/unknown profile -> User (least privilege: the profile XML is on the
 *   web server's disk, OCS Desk cannot read what it allows).
 */
export const ADMIN_PROFILE = 'sadmin';
export const USER_PROFILE = 'read-only';
export const RESTRICTED_PROFILE = 'ladmin';

export function roleOfProfile(profile: string | null | undefined): OperatorRole {
  return (profile ?? '').trim().toLowerCase() === ADMIN_PROFILE ? 'admin' : 'user';
}

/** Profiles whose GUI restriction limits the operator to its tags. */
export function isRestrictedProfile(profile: string | null | undefined): boolean {
  return (profile ?? '').trim().toLowerCase() === RESTRICTED_PROFILE;
}

/**
 * Profile to store for a wanted role. The current profile is kept when it already gives that role
 * (an OCS `admin` stays `admin` when set to User), so ocsreports keeps its finer rights.
 */
export function profileFor(role: OperatorRole, current: string | null, hasTags: boolean): string {
  if (role === 'admin') return ADMIN_PROFILE;
  if (hasTags) return RESTRICTED_PROFILE;
  if (current && roleOfProfile(current) === 'user' && !isRestrictedProfile(current)) return current;
  return USER_PROFILE;
}
