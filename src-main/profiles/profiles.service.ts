import type { ConnectionParams, ServerInfo } from '../../shared/contract/connection';
import type { ProfileIn, ProfileOut } from '../../shared/contract/profiles';
import { describeServer } from '../connection/connection.service';
import { openDb, withDbErrors, type DbHandle } from '../platform/db/connect';
import { AppError } from '../platform/errors';
import { log } from '../platform/log/logger';
import type { Session } from '../platform/rpc/session';
import { ProfilesStore, type Sealed, type StoredProfile } from './profiles.store';
import { undecryptable, type SecretBox } from './secret-box';

function toOut(p: StoredProfile): ProfileOut {
  return {
    name: p.name,
    host: p.host,
    port: p.port,
    database: p.database,
    user: p.user,
    hasPassword: p.password !== null,
    ...(p.tls ? { tls: p.tls } : {}),
    replica: p.replica
      ? {
          host: p.replica.host,
          port: p.replica.port,
          user: p.replica.user,
          hasPassword: p.replica.password !== null,
        }
      : null,
    lastUsedAt: p.lastUsedAt ?? null,
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The server a password is meant for: it is sealed together with it (see seal/open). */
const serverKey = (t: { host: string; port: number; user: string }) =>
  `${t.user}@${t.host.trim().toLowerCase()}:${t.port}`;

/**
 * Sealed plaintext = this marker + JSON {for, pw}. The server is inside the ciphertext, so editing
 * profiles.json cannot point a stored password at another server. Passwords sealed before this
 * (no marker) are bound to no server: the first connection asks for a confirmation once.
 */
const BOUND = 'ocs-desk-bound-v2\n';

/** True when a password may go to this server without asking: TLS that verifies the server. */
const verifiedTls = (p: ConnectionParams) => !!p.tls?.enabled && p.tls.verifyServer;

/** A stored password with the server it was saved for (null: saved by an older version). */
interface Opened {
  password: string;
  savedFor: string | null;
}

/** Which profile each session connected through (checked against the session's current DB). */
const connectedVia = new WeakMap<Session, { name: string; db: DbHandle }>();

/** Last use descending (ISO times sort as text; never used = ''), then name. */
export function byRecentUse(a: ProfileOut, b: ProfileOut): number {
  return (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? '') || a.name.localeCompare(b.name);
}

export class ProfilesService {
  readonly store: ProfilesStore;

  /** `boxes[0]` seals new passwords; any of them opens what it sealed earlier. */
  constructor(
    configDir: string,
    private readonly boxes: SecretBox[],
  ) {
    if (boxes.length === 0) throw new Error('ProfilesService needs a SecretBox');
    this.store = new ProfilesStore(configDir);
  }

  private get box(): SecretBox {
    return this.boxes[0]!;
  }

  private async seal(
    password: string,
    target: { host: string; port: number; user: string },
  ): Promise<Sealed | null> {
    if (password === '') return null;
    const plain = BOUND + JSON.stringify({ for: serverKey(target), pw: password });
    return { box: this.box.kind, data: await this.box.encrypt(plain) };
  }

  private async open(s: Sealed | null): Promise<Opened> {
    if (!s) return { password: '', savedFor: null };
    const box = this.boxes.find((b) => b.kind === s.box);
    if (!box) throw undecryptable(this.store.file);
    const plain = await box.decrypt(s.data);
    if (!plain.startsWith(BOUND)) return { password: plain, savedFor: null };
    const env = JSON.parse(plain.slice(BOUND.length)) as { for: string; pw: string };
    return { password: env.pw, savedFor: env.for };
  }

  /** Most recently used first, then by name (never-used ones last): the connection screen and the menu's order. */
  async list(): Promise<ProfileOut[]> {
    return (await this.store.read()).map(toOut).sort(byRecentUse);
  }

  async save(input: ProfileIn): Promise<ProfileOut> {
    return this.store.update(async (profiles) => {
      const oldName = input.previousName ?? input.name;
      const old = profiles.find((p) => same(p.name, oldName));
      if (input.previousName && !old)
        throw new AppError('NOT_FOUND', { what: `Profile "${input.previousName}"` });
      if (!same(oldName, input.name) && profiles.some((p) => same(p.name, input.name))) {
        throw new AppError('CONFLICT', { detail: `A profile named "${input.name}" already exists.` });
      }
      // A stored password stays only with the server and user it was saved for: changing
      // host, port or user without typing it again drops it (so it is never sent elsewhere).
      const sameServer = (
        a: { host: string; port: number; user: string } | null | undefined,
        b: { host: string; port: number; user: string },
      ) => !!a && same(a.host, b.host) && a.port === b.port && a.user === b.user;
      const password =
        input.password === undefined
          ? sameServer(old, input)
            ? (old?.password ?? null)
            : null
          : await this.seal(input.password, input);
      let replica: StoredProfile['replica'] = null;
      if (input.replica) {
        const r = input.replica;
        const keep = sameServer(old?.replica, r) ? old!.replica!.password : null;
        replica = {
          host: r.host,
          port: r.port,
          user: r.user,
          password: r.password === undefined ? keep : await this.seal(r.password, r),
        };
      }
      const next: StoredProfile = {
        name: input.name,
        host: input.host,
        port: input.port,
        database: input.database,
        user: input.user,
        password,
        ...(input.tls ? { tls: input.tls } : {}),
        replica,
        lastUsedAt: old?.lastUsedAt ?? null,
      };
      const rest = profiles.filter((p) => p !== old);
      return { profiles: [...rest, next], result: toOut(next) };
    });
  }

  async delete(name: string): Promise<{ ok: true }> {
    return this.store.update(async (profiles) => {
      const left = profiles.filter((p) => !same(p.name, name));
      if (left.length === profiles.length) throw new AppError('NOT_FOUND', { what: `Profile "${name}"` });
      return { profiles: left, result: { ok: true as const } };
    });
  }

  /**
   * Connection parameters with the decrypted passwords (main process only; never sent out).
   * A stored password goes only to the server it was saved for, unless the connection verifies
   * the server over TLS or `confirmServer` says the operator accepted the new server:
   * otherwise DB_PASSWORD_SERVER_CHANGED, before anything is sent.
   */
  async params(
    name: string,
    opts: { confirmServer?: boolean } = {},
  ): Promise<{
    name: string;
    primary: ConnectionParams;
    replica?: ConnectionParams;
    /** True when a password was sent on the operator's confirmation (to be re-sealed). */
    confirmed: boolean;
  }> {
    const p = (await this.store.read()).find((x) => same(x.name, name));
    if (!p) throw new AppError('NOT_FOUND', { what: `Profile "${name}"` });
    let confirmed = false;
    const checked = (c: ConnectionParams, o: Opened): ConnectionParams => {
      if (o.password !== '' && o.savedFor !== serverKey(c) && !verifiedTls(c)) {
        if (!opts.confirmServer) {
          throw new AppError('DB_PASSWORD_SERVER_CHANGED', {
            profile: p.name,
            server: serverKey(c),
            savedFor: o.savedFor ?? '?',
          });
        }
        confirmed = true;
      }
      return { ...c, password: o.password };
    };
    const base: ConnectionParams = {
      host: p.host,
      port: p.port,
      user: p.user,
      password: '',
      database: p.database,
      ...(p.tls ? { tls: p.tls } : {}),
    };
    const primary = checked(base, await this.open(p.password));
    const replica = p.replica
      ? checked(
          { ...base, host: p.replica.host, port: p.replica.port, user: p.replica.user },
          await this.open(p.replica.password),
        )
      : undefined;
    return { name: p.name, primary, replica, confirmed };
  }

  /** Seals the profile's passwords again for the servers it now names (after a confirmation). */
  private async rebind(name: string, primary: ConnectionParams, replica?: ConnectionParams) {
    await this.store.update(async (profiles) => {
      const p = profiles.find((x) => same(x.name, name));
      const unchanged =
        p &&
        serverKey(p) === serverKey(primary) &&
        (!replica || (p.replica && serverKey(p.replica) === serverKey(replica)));
      if (!p || !unchanged) return { profiles, result: undefined };
      const next: StoredProfile = {
        ...p,
        password: await this.seal(primary.password, primary),
        replica:
          p.replica && replica
            ? { ...p.replica, password: await this.seal(replica.password, replica) }
            : p.replica,
      };
      return { profiles: profiles.map((x) => (x === p ? next : x)), result: undefined };
    });
  }

  /** Opens the session's DB (primary + optional read replica); the operator is logged out. */
  async connect(session: Session, name: string, confirmServer = false): Promise<ServerInfo> {
    const { name: canonical, primary, replica, confirmed } = await this.params(name, { confirmServer });
    const db = await openDb(primary, replica);
    try {
      if (replica) {
        const target = {
          host: replica.host,
          port: replica.port,
          user: replica.user,
          database: replica.database,
        };
        await withDbErrors(target, () => db.read.raw('SELECT 1'));
      }
      const info = await describeServer(db);
      await session.setDb(db);
      connectedVia.set(session, { name: canonical, db });
      // The server accepted the password the operator chose to send: ask only once.
      if (confirmed) await this.rebind(canonical, primary, replica);
      await this.touch(canonical);
      return info;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  /** Marks the profile as just used (the "recent connection" order); a failure to write is not fatal. */
  private async touch(name: string): Promise<void> {
    const at = new Date().toISOString();
    await this.store
      .update(async (profiles) => ({
        profiles: profiles.map((p) => (same(p.name, name) ? { ...p, lastUsedAt: at } : p)),
        result: undefined,
      }))
      .catch((error: unknown) => log.warn('could not record the last use of a profile', { error }));
  }

  current(session: Session): { name: string | null } {
    const c = connectedVia.get(session);
    return { name: c && session.db === c.db ? c.name : null };
  }
}
