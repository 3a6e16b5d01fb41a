import { describe, expect, it } from 'vitest';
import { flattenContract } from '../../shared/contract';
import { CUSTOM_PROFILE_RIGHTS, SHIPPED_PROFILES, type ShippedProfile } from '../../shared/contract/rights';
import type { DbHandle } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import type { Operator } from '../../src-main/platform/rpc/session';
import { ADMIN, operatorOf, testApp, USER } from '../helpers/app';

/**
 * The rights matrix: every route of the contract (including those other capabilities add), called
 * with no operator and as each of ocsreports 2.11's four shipped profiles (and a custom one).
 * Refusals must come from the router before it validates the input or touches the database: the
 * input is garbage and the session's database is a trap that records any use.
 */
const { app, session } = testApp();
const ROUTES = [...flattenContract()];
const GARBAGE = '\u0000role-matrix-not-an-object';
const REFUSALS = new Set([
  'AUTH_REQUIRED',
  'FORBIDDEN',
  'AUTH_PASSWORD_CHANGE_REQUIRED',
  'DB_ACCOUNT_READ_ONLY',
]);

/**
 * What each profile may call beyond browsing, written out from the profile XML (not computed from
 * PROFILE_RIGHTS, so a change of the table shows here): admin and ladmin have CHANGE_ACCOUNTINFO,
 * DELETE_COMPUTERS, ms_doubles and ms_custom_info; read-only nothing; sadmin everything.
 */
const ADMIN_WRITES = [
  'computers.setAdminData',
  'computers.massSetAdminData',
  'computers.delete',
  'duplicates.merge',
  'ipdiscover.register',
  'ipdiscover.unregister',
  'ipdiscover.deleteDevice',
  // CHANGE_ACCOUNTINFO: add to / remove from groups (the service keeps them to visible static groups)
  'groups.addMembers',
  'groups.removeMembers',
  // CHANGE_ACCOUNTINFO on SNMP devices (ms_snmp_detail's admin data)
  'snmp.setAdminData',
];
function expectedAllowed(profile: ShippedProfile | 'custom', name: string, right: string): boolean {
  if (right === 'public' || right === 'browse') return true;
  if (profile === 'sadmin') return true;
  if (profile === 'admin' || profile === 'ladmin') return ADMIN_WRITES.includes(name);
  return false;
}

function trapDb(touched: string[]): DbHandle {
  return new Proxy({} as DbHandle, {
    get(_t, prop) {
      touched.push(String(prop));
      throw new Error(`role matrix: the database was used (${String(prop)})`);
    },
  });
}

async function codeOf(
  route: string,
  op: Operator | null,
  withDb: boolean,
): Promise<{ code: string | null; touched: string[] }> {
  const s = session(op);
  const touched: string[] = [];
  if (withDb) s.db = trapDb(touched);
  try {
    const r = await app.router.call(route, GARBAGE, s, 'test');
    return { code: r.ok ? null : r.error.code, touched };
  } finally {
    s.db = null;
  }
}

const CUSTOM: Operator = { ...USER, id: 'test-custom', profile: 'helpdesk', rights: CUSTOM_PROFILE_RIGHTS };
const OPERATORS: Array<[ShippedProfile | 'custom', Operator]> = [
  ...SHIPPED_PROFILES.map((p) => [p, operatorOf(p)] as [ShippedProfile, Operator]),
  ['custom', CUSTOM],
];

describe('rights matrix over every route in the contract', () => {
  it('covers the routes of every capability', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
    expect(ROUTES.map(([n]) => n)).toEqual(
      expect.arrayContaining(['auth.login', 'operators.list', 'profiles.list', 'connection.open']),
    );
    for (const w of ADMIN_WRITES) expect(flattenContract().has(w), w).toBe(true);
  });

  describe.each(ROUTES.map(([name, def]) => [name, def.right] as const))('%s (%s)', (name, right) => {
    it('without an operator', async () => {
      for (const withDb of [false, true]) {
        const { code, touched } = await codeOf(name, null, withDb);
        if (right === 'public') {
          expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
        } else {
          expect(code).toBe('AUTH_REQUIRED');
          expect(touched).toEqual([]);
        }
      }
    });

    it.each(OPERATORS)('as %s', async (profile, op) => {
      for (const withDb of [false, true]) {
        const { code, touched } = await codeOf(name, op, withDb);
        if (expectedAllowed(profile, name, right)) {
          expect(REFUSALS.has(code ?? ''), `${name} refused to ${profile}: ${code}`).toBe(false);
        } else {
          expect(code, `${name} as ${profile}`).toBe('FORBIDDEN');
          expect(touched).toEqual([]);
        }
      }
    });

    it('with a password still to change', async () => {
      const op: Operator = { ...ADMIN, mustChangePassword: true };
      const { code, touched } = await codeOf(name, op, true);
      if (right === 'public' || ['auth.changePassword', 'auth.logout', 'auth.me'].includes(name)) {
        expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
      } else {
        expect(code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
        expect(touched).toEqual([]);
      }
    });

    it('as a profile whose DB account may only read', async () => {
      const op: Operator = {
        ...ADMIN,
        rights: ['browse'],
        refusedByDb: ADMIN.rights.filter((r) => r !== 'browse'),
      };
      const { code, touched } = await codeOf(name, op, true);
      if (right === 'public' || right === 'browse') {
        expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
      } else {
        expect(code).toBe('DB_ACCOUNT_READ_ONLY');
        expect(touched).toEqual([]);
      }
    });
  });

  it('reports the refusal as an AppError through invoke too, naming the right', async () => {
    const e = await app.router
      .invoke('operators.create', { login: 'x' }, session(USER), 'test')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('FORBIDDEN');
    expect((e as AppError).params).toMatchObject({ route: 'operators.create', right: 'manageOperators' });
  });
});
