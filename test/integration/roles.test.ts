import { describe, expect, it } from 'vitest';
import { flattenContract } from '../../shared/contract';
import type { DbHandle } from '../../src-main/platform/db/connect';
import { AppError } from '../../src-main/platform/errors';
import type { Operator } from '../../src-main/platform/rpc/session';
import { ADMIN, testApp, USER } from '../helpers/app';

/**
 * The role matrix: every route of the contract (including those other capabilities add), called
 * with no operator, a User and an Administrator. Refusals must come from the router before it
 * validates the input or touches the database: the input is garbage and the session's database
 * is a trap that records any use.
 */
const { app, session } = testApp();
const ROUTES = [...flattenContract()];
const GARBAGE = '\u0000role-matrix-not-an-object';
const REFUSALS = new Set(['AUTH_REQUIRED', 'FORBIDDEN', 'AUTH_PASSWORD_CHANGE_REQUIRED']);

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

describe('role matrix over every route in the contract', () => {
  it('covers the routes of every capability', () => {
    expect(ROUTES.length).toBeGreaterThan(10);
    expect(ROUTES.map(([n]) => n)).toEqual(
      expect.arrayContaining(['auth.login', 'operators.list', 'profiles.list', 'connection.open']),
    );
  });

  describe.each(ROUTES.map(([name, def]) => [name, def.role] as const))('%s (%s)', (name, role) => {
    it('without an operator', async () => {
      for (const withDb of [false, true]) {
        const { code, touched } = await codeOf(name, null, withDb);
        if (role === 'public') {
          expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
        } else {
          expect(code).toBe('AUTH_REQUIRED');
          expect(touched).toEqual([]);
        }
      }
    });

    it('as a User', async () => {
      for (const withDb of [false, true]) {
        const { code, touched } = await codeOf(name, USER, withDb);
        if (role === 'admin') {
          expect(code).toBe('FORBIDDEN');
          expect(touched).toEqual([]);
        } else {
          expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
        }
      }
    });

    it('as an Administrator', async () => {
      for (const withDb of [false, true]) {
        const { code } = await codeOf(name, ADMIN, withDb);
        expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
      }
    });

    it('with a password still to change', async () => {
      const op: Operator = { ...ADMIN, mustChangePassword: true };
      const { code, touched } = await codeOf(name, op, true);
      if (role === 'public' || ['auth.changePassword', 'auth.logout', 'auth.me'].includes(name)) {
        expect(REFUSALS.has(code ?? ''), `${name} refused: ${code}`).toBe(false);
      } else {
        expect(code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
        expect(touched).toEqual([]);
      }
    });
  });

  it('reports the refusal as an AppError through invoke too', async () => {
    const e = await app.router
      .invoke('operators.create', { login: 'x' }, session(USER), 'test')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('FORBIDDEN');
  });
});
