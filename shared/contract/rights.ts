import { z } from 'zod';
import { Right } from './route';

/**
 * The four profiles ocsreports 2.11 ships (config/profiles/<name>.xml) and the OCS Desk rights each
 * grants. Facts read from those files (docs/operators.md cites each key):
 * - sadmin: every config key YES, TELEDIFF_ACTIVATE restriction NO, every page -> every right;
 * - admin: CHANGE_ACCOUNTINFO, DELETE_COMPUTERS, ARCHIVE_COMPUTERS YES; pages ms_doubles and
 *   ms_custom_info; IPDISCOVER, TELEDIFF, CONFIG, ACCOUNTINFO, MANAGE_PROFIL NO; TELEDIFF_ACTIVATE
 *   restricted; no ms_tele_build, ms_local_import, ms_users, ms_config pages;
 * - ladmin: the same as admin, plus the GUI restriction (only the computers of its tags);
 * - read-only: every config key NO, TELEDIFF_ACTIVATE restricted.
 */
export const SHIPPED_PROFILES = ['sadmin', 'admin', 'ladmin', 'read-only'] as const;
export const ShippedProfile = z.enum(SHIPPED_PROFILES);
export type ShippedProfile = z.infer<typeof ShippedProfile>;

const ADMIN_RIGHTS: readonly Right[] = [
  'browse',
  'editAdminData',
  'deleteComputers',
  'mergeDuplicates',
  'identifyDevices',
];

export const PROFILE_RIGHTS: Readonly<Record<ShippedProfile, readonly Right[]>> = {
  sadmin: Right.options,
  admin: ADMIN_RIGHTS,
  ladmin: ADMIN_RIGHTS,
  'read-only': ['browse'],
};

/** Shipped profiles with ocsreports' GUI restriction (the operator sees only the computers of its tags). */
export const TAG_RESTRICTED_PROFILES: readonly ShippedProfile[] = ['ladmin'];

/** Rights of a profile that is none of the shipped four and that no Administrator mapped: the least. */
export const CUSTOM_PROFILE_RIGHTS: readonly Right[] = ['browse'];

/** The shipped profile a name denotes (OCS compares them as written; we ignore case and blanks). */
export function shippedProfile(profile: string | null | undefined): ShippedProfile | null {
  const p = (profile ?? '').trim().toLowerCase();
  return (SHIPPED_PROFILES as readonly string[]).includes(p) ? (p as ShippedProfile) : null;
}

/** True when an operator holding these rights may call a route that needs `right`. */
export function allows(rights: readonly Right[] | null | undefined, right: Right): boolean {
  return !!rights && rights.includes(right);
}
