import type { Knex } from 'knex';
import {
  CUSTOM_PROFILE_RIGHTS,
  PROFILE_RIGHTS,
  shippedProfile,
  ShippedProfile,
  TAG_RESTRICTED_PROFILES,
} from '../../shared/contract/rights';
import type { Right } from '../../shared/contract/route';

/**
 * OCS profile (`operators.NEW_ACCESSLVL`) -> OCS Desk rights (docs/operators.md):
 * a shipped profile gives what its ocsreports 2.11 XML gives; a custom profile gives the least
 * (`browse`) unless an Administrator mapped it to a shipped one (table `ocsdesk_profile_rights`:
 * OCS Desk cannot read the profile XML, which lives on the web server's disk).
 */
export const PROFILE_MAP_TABLE = 'ocsdesk_profile_rights';

/** Custom profile (lower-cased) -> the shipped profile whose rights it gets. */
export type ProfileMap = ReadonlyMap<string, ShippedProfile>;

const key = (profile: string | null | undefined) => (profile ?? '').trim().toLowerCase();

export function mappedAs(profile: string | null | undefined, map: ProfileMap): ShippedProfile | null {
  return shippedProfile(profile) ? null : (map.get(key(profile)) ?? null);
}

/** The shipped profile whose rights apply: the profile itself, the one it is mapped to, or none. */
export function effectiveProfile(profile: string | null | undefined, map: ProfileMap): ShippedProfile | null {
  return shippedProfile(profile) ?? mappedAs(profile, map);
}

export function rightsOfProfile(profile: string | null | undefined, map: ProfileMap): Right[] {
  const eff = effectiveProfile(profile, map);
  return [...(eff ? PROFILE_RIGHTS[eff] : CUSTOM_PROFILE_RIGHTS)];
}

/**
 * Whether the operator sees only the computers of its tags: ladmin (or a custom profile mapped to it),
 * and any custom profile that has tag rows (ocsreports applies them when the custom XML sets the GUI
 * restriction, which OCS Desk cannot read: it assumes the narrower). Shipped sadmin, admin and
 * read-only have GUI=NO: ocsreports ignores their tag rows, and so does OCS Desk.
 */
export function isTagRestricted(
  profile: string | null | undefined,
  map: ProfileMap,
  hasTagRows: boolean,
): boolean {
  const eff = effectiveProfile(profile, map);
  if (eff && TAG_RESTRICTED_PROFILES.includes(eff)) return true;
  return !shippedProfile(profile) && hasTagRows;
}

/** Whether a profile may hold tag rows (a perimeter): anything but shipped sadmin, admin, read-only. */
export function acceptsTags(profile: string | null | undefined): boolean {
  const sp = shippedProfile(profile);
  return sp ? TAG_RESTRICTED_PROFILES.includes(sp) : true;
}

/** An Administrator in the sense of the last-Administrator guard: can manage operators. */
export function managesOperators(profile: string | null | undefined, map: ProfileMap): boolean {
  return rightsOfProfile(profile, map).includes('manageOperators');
}

function isMissingTable(e: unknown): boolean {
  return (e as { errno?: number } | null)?.errno === 1146;
}

/** The mapping of custom profiles; empty while no Administrator has mapped any (no table yet). */
export async function loadProfileMap(k: Knex): Promise<ProfileMap> {
  try {
    const rows = (await k(PROFILE_MAP_TABLE).select('PROFILE', 'AS_PROFILE')) as Array<{
      PROFILE: string;
      AS_PROFILE: string;
    }>;
    const out = new Map<string, ShippedProfile>();
    for (const r of rows) {
      const sp = shippedProfile(r.AS_PROFILE);
      if (sp) out.set(key(r.PROFILE), sp);
    }
    return out;
  } catch (e) {
    if (isMissingTable(e)) return new Map();
    throw e;
  }
}

/** Creates OCS Desk's mapping table on first use (DDL commits: never inside a transaction). */
export async function ensureProfileMapTable(k: Knex): Promise<void> {
  if (await k.schema.hasTable(PROFILE_MAP_TABLE)) return;
  await k.schema.createTable(PROFILE_MAP_TABLE, (t) => {
    t.string('PROFILE', 255).notNullable().primary();
    t.string('AS_PROFILE', 32).notNullable();
    t.string('MAPPED_BY', 255).nullable();
    t.dateTime('MAPPED_AT').notNullable().defaultTo(k.raw('CURRENT_TIMESTAMP'));
    t.engine('InnoDB');
    t.charset('utf8');
    t.collate('utf8_general_ci');
  });
}

/** Maps a custom profile to a shipped one, or removes the mapping (`as` null). */
export async function saveProfileMapping(
  k: Knex,
  profile: string,
  as: ShippedProfile | null,
  by: string | null,
): Promise<void> {
  if (as === null) {
    await k(PROFILE_MAP_TABLE).where('PROFILE', profile.trim()).del();
    return;
  }
  await k(PROFILE_MAP_TABLE)
    .insert({ PROFILE: profile.trim(), AS_PROFILE: as, MAPPED_BY: by, MAPPED_AT: k.fn.now() })
    .onConflict('PROFILE')
    .merge(['AS_PROFILE', 'MAPPED_BY', 'MAPPED_AT']);
}
