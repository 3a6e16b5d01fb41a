import type { RouteInput, RouteName, RouteOutput } from '../../shared/contract';
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

declare const uncheckedBrand: unique symbol;
/**
 * An input the compiler does not check, on purpose (a test of the router's validation, or a route
 * picked at run time by a matrix): the one way to pass one to `call`.
 */
export type Unchecked = { readonly [uncheckedBrand]: true };
export const unchecked = (input: unknown): Unchecked => input as Unchecked;

/** A typed call: the route name checked at compile time, the input and the output from the contract. */
export type Call = <N extends RouteName>(
  session: Session,
  route: N,
  input?: RouteInput<N> | Unchecked,
) => Promise<RouteOutput<N>>;

/** The typed call of an app composed by the test itself (e.g. with its own config folder). */
export function callerOf(app: App): Call {
  return (async (session: Session, route: string, input: unknown = {}) =>
    app.router.invoke(route, input, session, 'test')) as Call;
}

/** A composed app plus a helper that calls routes through the real router (validation, roles, errors). */
export function testApp(): {
  app: App;
  session: (op?: Operator | null) => Session;
  /** Through the typed signatures the renderer and the CLI use. */
  call: Call;
  /** A route named at run time (matrices): output unknown; prefer `call`. */
  callByName: (session: Session, route: string, input?: unknown) => Promise<unknown>;
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
    call: callerOf(app),
    callByName: (session: Session, route: string, input: unknown = {}) =>
      app.router.invoke(route, input, session, 'test'),
    connect: async (session: Session, db: string) => {
      const op = session.operator;
      await app.router.invoke('connection.open', appParams(db), session, 'test');
      session.operator = op;
      return session;
    },
  };
}

export { failure } from './failure';
