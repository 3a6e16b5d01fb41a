import type { ConnectionParams, ServerInfo } from '../../shared/contract/connection';
import type { ProfileIn, ProfileOut } from '../../shared/contract/profiles';
import { describeServer } from '../connection/connection.service';
import { openDb, withDbErrors, type DbHandle } from '../platform/db/connect';
import { AppError } from '../platform/errors';
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
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Which profile each session connected through (checked against the session's current DB). */
const connectedVia = new WeakMap<Session, { name: string; db: DbHandle }>();

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

  private async seal(password: string): Promise<Sealed | null> {
    return password === '' ? null : { box: this.box.kind, data: await this.box.encrypt(password) };
  }

  private async open(s: Sealed | null): Promise<string> {
    if (!s) return '';
    const box = this.boxes.find((b) => b.kind === s.box);
    if (!box) throw undecryptable(this.store.file);
    return box.decrypt(s.data);
  }

  async list(): Promise<ProfileOut[]> {
    return (await this.store.read()).map(toOut).sort((a, b) => a.name.localeCompare(b.name));
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
      const password =
        input.password === undefined ? (old?.password ?? null) : await this.seal(input.password);
      let replica: StoredProfile['replica'] = null;
      if (input.replica) {
        const r = input.replica;
        const keep =
          old?.replica && same(old.replica.host, r.host) && old.replica.user === r.user
            ? old.replica.password
            : null;
        replica = {
          host: r.host,
          port: r.port,
          user: r.user,
          password: r.password === undefined ? keep : await this.seal(r.password),
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

  /** Connection parameters with the decrypted passwords (main process only; never sent out). */
  async params(
    name: string,
  ): Promise<{ name: string; primary: ConnectionParams; replica?: ConnectionParams }> {
    const p = (await this.store.read()).find((x) => same(x.name, name));
    if (!p) throw new AppError('NOT_FOUND', { what: `Profile "${name}"` });
    const primary: ConnectionParams = {
      host: p.host,
      port: p.port,
      user: p.user,
      password: await this.open(p.password),
      database: p.database,
      ...(p.tls ? { tls: p.tls } : {}),
    };
    const replica = p.replica
      ? {
          ...primary,
          host: p.replica.host,
          port: p.replica.port,
          user: p.replica.user,
          password: await this.open(p.replica.password),
        }
      : undefined;
    return { name: p.name, primary, replica };
  }

  /** Opens the session's DB (primary + optional read replica); the operator is logged out. */
  async connect(session: Session, name: string): Promise<ServerInfo> {
    const { name: canonical, primary, replica } = await this.params(name);
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
      return info;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  current(session: Session): { name: string | null } {
    const c = connectedVia.get(session);
    return { name: c && session.db === c.db ? c.name : null };
  }
}
