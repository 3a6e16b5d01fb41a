import type { ConnectionParams, ConnectionStatus, ServerInfo } from '../../shared/contract/connection';
import { openDb, withDbErrors, type DbHandle } from '../platform/db/connect';
import { flavorOf, probeSchema } from '../platform/db/schema-probe';
import type { Session } from '../platform/rpc/session';
import { demoMarkerOf } from '../demo/demo.service';

export async function describeServer(db: DbHandle): Promise<ServerInfo> {
  const schema = await withDbErrors(db.target, () => probeSchema(db.knex, db.target.database));
  return {
    serverVersion: db.serverVersion,
    flavor: flavorOf(db.serverVersion),
    database: db.target.database,
    schema,
  };
}

/** Connects, looks at the server and the schema, and disconnects. */
export async function testConnection(p: ConnectionParams): Promise<ServerInfo> {
  const db = await openDb(p);
  try {
    return await describeServer(db);
  } finally {
    await db.close();
  }
}

/** Connects the session; the previous connection (if any) is closed and the operator logged out. */
export async function openConnection(session: Session, p: ConnectionParams): Promise<ServerInfo> {
  const db = await openDb(p);
  try {
    const info = await describeServer(db);
    await session.setDb(db);
    return info;
  } catch (e) {
    await db.close();
    throw e;
  }
}

export async function connectionStatus(session: Session): Promise<ConnectionStatus> {
  const db = session.db;
  const demo = db ? await demoMarkerOf(db) : null;
  return {
    connected: !!db,
    host: db?.target.host ?? null,
    port: db?.target.port ?? null,
    user: db?.target.user ?? null,
    database: db?.target.database ?? null,
    serverVersion: db?.serverVersion ?? null,
    access: db
      ? {
          known: db.access.known,
          readOnly: !db.access.writeAll,
          writableTables: db.access.writeAll ? [] : db.access.writableTables,
        }
      : null,
    replica: db?.replica?.() ?? null,
    demo,
  };
}
