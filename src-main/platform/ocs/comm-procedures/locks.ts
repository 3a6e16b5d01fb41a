import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { createSiblingPool } from '../../db/connect';
import { configInt } from '../config';
import { WRITER_LOCK_PREFIX } from './constants';

/** A pool, a transaction, or one pinned connection of an import batch (only `raw` is used). */
type Db = Pick<Knex, 'raw'>;

/**
 * Who owns the `locks` rows an OCS Desk operation takes (an import batch, a merge, a delete).
 *
 * The comm server writes its Apache child's pid in `locks.ID` and takes a lock over only once it is
 * older than LOCK_REUSE_TIME. A pid says nothing about whether its process is alive, so an OCS Desk
 * process killed mid-file used to block that computer for LOCK_REUSE_TIME. Each writer therefore holds
 * a MariaDB named lock (`GET_LOCK('ocs-desk-writer-<token>')`) on a connection of its own for as long
 * as it may own rows, and writes `-token` in `locks.ID` (negative: never an Apache pid). The server
 * frees a named lock the moment its connection goes, so a row whose negative ID has no live named lock
 * is the leftover of a dead OCS Desk writer and is taken over at once, on any host. Rows of the comm
 * server, ocsreports (ID NULL) and live OCS Desk writers keep the comm server's rule.
 */
export interface Writer {
  /** What this writer stores in `locks.ID`. */
  readonly lockId: number;
  /** LOCK_REUSE_TIME (seconds; 0 = never) read once through the config reader, as the comm server reads it per request. */
  readonly reuseSeconds: number;
  /** False when the server refused the named lock: the writer then behaves like the comm server (pid, expiry only). */
  readonly recognisable: boolean;
  close(): Promise<void>;
}

/** Opens a writer on its own connection (a sibling pool of one; else a connection held from `k`). */
export async function openWriter(k: Knex): Promise<Writer> {
  const reuseSeconds = await configInt(k, 'LOCK_REUSE_TIME');
  const own = await createSiblingPool(k, { max: 1 });
  // First, autocommit, on the connection the holder takes next: inside the holder's transaction the
  // DELETE would keep a metadata lock on `locks` for the writer's whole life (DDL on it would wait).
  await sweepDeadWriters(own ?? k);
  // A transaction keeps its connection for the writer's life (knex would otherwise recycle it).
  const holder = await (own ?? k).transaction();
  const closeHolder = async () => {
    await holder.rollback().catch(() => undefined);
    if (own) await own.destroy().catch(() => undefined);
  };
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = randomInt(1, 2 ** 31 - 1);
      const [[r]] = (await holder.raw('SELECT GET_LOCK(?, 0) AS got', [WRITER_LOCK_PREFIX + token])) as [
        [{ got: number | null }],
      ];
      if (Number(r.got) === 1) {
        return {
          lockId: -token,
          reuseSeconds,
          recognisable: true,
          close: async () => {
            await holder.raw('SELECT RELEASE_LOCK(?)', [WRITER_LOCK_PREFIX + token]).catch(() => undefined);
            await closeHolder();
          },
        };
      }
    }
  } catch {
    // A server or proxy without named locks: fall back to the comm server's own protocol below.
  }
  await closeHolder();
  return { lockId: process.pid, reuseSeconds, recognisable: false, close: async () => undefined };
}

/**
 * Deletes the rows of dead OCS Desk writers (negative ID, named lock free) whatever computer they name.
 * takeLock takes such a row over when its computer comes up again, but a killed merge or delete can
 * leave one on a computer no later operation touches, and the comm server would then wait
 * LOCK_REUSE_TIME (600 s by default) before it accepts that computer's next inventory. Every new writer
 * sweeps them first, so what a kill left is gone by the next operation. Best effort: a failure here
 * only leaves them to the takeover and the expiry.
 */
async function sweepDeadWriters(k: Db): Promise<void> {
  await k
    .raw(`DELETE FROM locks WHERE ID < 0 AND IS_USED_LOCK(CONCAT('${WRITER_LOCK_PREFIX}', -ID)) IS NULL`)
    .catch(() => undefined);
}

/** Runs `fn` with a writer, always closed afterwards. */
export async function withWriter<T>(k: Knex, fn: (w: Writer) => Promise<T>): Promise<T> {
  const w = await openWriter(k);
  try {
    return await fn(w);
  } finally {
    await w.close();
  }
}

/**
 * The rows `w` may take over: its own, any lock older than LOCK_REUSE_TIME (the comm server's rule), and
 * those of a dead OCS Desk writer (negative ID whose named lock is free). Binds: id, reuse, reuse.
 */
const TAKEOVER = `(ID = ? OR (? > 0 AND UNIX_TIMESTAMP() - UNIX_TIMESTAMP(SINCE) > ?)
  OR (ID < 0 AND IS_USED_LOCK(CONCAT('${WRITER_LOCK_PREFIX}', -ID)) IS NULL))`;
const takeoverBinds = (w: Writer) => [w.lockId, w.reuseSeconds, w.reuseSeconds];

const affected = (r: unknown): number => Number((r as [{ affectedRows?: number }])[0]?.affectedRows ?? 0);
const isDup = (e: unknown) => (e as { code?: string }).code === 'ER_DUP_ENTRY';

/**
 * Takes the `locks` row of a computer (or group) id: the comm server's `_lock`, plus the takeover of a
 * dead OCS Desk writer's row. False when another live writer holds it. `locks` is a MEMORY table: the
 * row exists at once whatever transaction `k` is in, and must always be released.
 */
export async function takeLock(k: Db, id: number, w: Writer): Promise<boolean> {
  try {
    await k.raw('INSERT INTO locks (HARDWARE_ID, ID, SINCE) VALUES (?, ?, NOW())', [id, w.lockId]);
    return true;
  } catch (e) {
    if (!isDup(e)) throw e;
  }
  const upd = await k.raw(`UPDATE locks SET ID = ?, SINCE = NOW() WHERE HARDWARE_ID = ? AND ${TAKEOVER}`, [
    w.lockId,
    id,
    ...takeoverBinds(w),
  ]);
  return affected(upd) > 0;
}

/** takeLock for many ids in three round trips; returns the ids now held by `w`. */
export async function takeLocks(k: Db, ids: readonly number[], w: Writer): Promise<number[]> {
  if (ids.length === 0) return [];
  const marks = ids.map(() => '?').join(',');
  await k.raw(
    `INSERT IGNORE INTO locks (HARDWARE_ID, ID, SINCE) VALUES ${ids.map(() => '(?, ?, NOW())').join(',')}`,
    ids.flatMap((id) => [id, w.lockId]),
  );
  await k.raw(
    `UPDATE locks SET ID = ?, SINCE = NOW() WHERE HARDWARE_ID IN (${marks}) AND ID <> ? AND ${TAKEOVER}`,
    [w.lockId, ...ids, w.lockId, ...takeoverBinds(w)],
  );
  const [rows] = (await k.raw(
    `SELECT HARDWARE_ID AS id FROM locks WHERE HARDWARE_ID IN (${marks}) AND ID = ?`,
    [...ids, w.lockId],
  )) as [Array<{ id: number }>];
  return rows.map((r) => Number(r.id));
}

/** The statement that releases `w`'s lock on `id` (for callers that send it with other statements). */
export function releaseLockSql(id: number, w: Writer): [string, number[]] {
  return ['DELETE FROM locks WHERE HARDWARE_ID = ? AND ID = ?', [id, w.lockId]];
}

/** Releases `w`'s locks on `ids` (never another writer's). */
export async function releaseLocks(k: Db, ids: readonly number[], w: Writer): Promise<void> {
  if (ids.length === 0) return;
  await k.raw(`DELETE FROM locks WHERE ID = ? AND HARDWARE_ID IN (${ids.map(() => '?').join(',')})`, [
    w.lockId,
    ...ids,
  ]);
}

/**
 * The comm server's steps 2 and 3 of an inventory as two statements that need no answer in between (sent
 * with other statements, after `SELECT ID FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1`): the
 * computer's `hardware` row when there is none (its ID is the first statement's insertId), then its lock
 * (the second's affectedRows: 0 when a `locks` row is there, which takeLock may then take over). Neither
 * fails on an existing row, so the statements sent after them still run.
 */
export function computerLockedSql(deviceId: string, w: Writer): Array<[string, Array<string | number>]> {
  return [
    [
      'INSERT INTO hardware (DEVICEID) SELECT ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM hardware WHERE DEVICEID = ?)',
      [deviceId, deviceId],
    ],
    [
      'INSERT IGNORE INTO locks (HARDWARE_ID, ID, SINCE) SELECT ID, ?, NOW() FROM hardware WHERE DEVICEID = ? ORDER BY ID LIMIT 1',
      [w.lockId, deviceId],
    ],
  ];
}

/** Runs `fn` under `w`'s lock on `id`; `null` when another writer holds it. */
export async function withLock<T>(k: Db, id: number, w: Writer, fn: () => Promise<T>): Promise<T | null> {
  if (!(await takeLock(k, id, w))) return null;
  try {
    return await fn();
  } finally {
    await releaseLocks(k, [id], w);
  }
}
