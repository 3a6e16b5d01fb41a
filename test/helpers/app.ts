import { composeApp, type App } from '../../src-main/app/compose';
import { appParams } from './db';
import { PROFILE_RIGHTS, type ShippedProfile } from '../../shared/contract/rights';
import type { Operator } from '../../src-main/platform/rpc/session';
import { Session } from '../../src-main/platform/rpc/session';

/**
 * An operator holding the rights of a shipped OCS profile, without an `operators` row (origin
 * `local`, like the CLI's: the router does not re-read it before writes). Tests of the re-check log
 * in a real operator instead.
 */
export function operatorOf(
  profile: ShippedProfile,
  id = `test-${profile}`,
  tags: string[] | null = null,
): Operator {
  return {
    id,
    profile,
    rights: PROFILE_RIGHTS[profile],
    refusedByDb: [],
    mustChangePassword: false,
    tags: profile === 'ladmin' ? (tags ?? []) : tags,
    origin: 'local',
  };
}

/** Every right (sadmin). */
export const ADMIN: Operator = operatorOf('sadmin', 'test-admin');
/** Browse and search only (read-only). */
export const USER: Operator = operatorOf('read-only', 'test-user');

/** A composed app plus a helper that calls routes through the real router (validation, roles, errors). */
export function testApp(): {
  app: App;
  session: (op?: Operator | null) => Session;
  call: <T = unknown>(session: Session, route: string, input?: unknown) => Promise<T>;
  /** Opens `db` as the application account (password-protected, rights on `db` only) for the session, keeping its operator (login is tested elsewhere). */
  connect: (session: Session, db: string) => Promise<Session>;
} {
  const app = composeApp({ checkOutputs: true });
  return {
    app,
    session: (op = null) => {
      const s = new Session();
      s.operator = op;
      return s;
    },
    call: async <T>(session: Session, route: string, input: unknown = {}) =>
      (await app.router.invoke(route, input, session, 'test')) as T,
    connect: async (session: Session, db: string) => {
      const op = session.operator;
      await app.router.invoke('connection.open', appParams(db), session, 'test');
      session.operator = op;
      return session;
    },
  };
}

export { failure } from './failure';
