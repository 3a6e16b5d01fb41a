import type { Knex } from 'knex';
import { createPool } from '../../src-main/platform/db/connect';
import { appParams } from './db';

/** A job control that is never cancelled and ignores progress (import service calls in tests). */
export const noCtl = () => ({ signal: new AbortController().signal, progress: () => undefined });

/** Runs `fn` on a pool of the application account over `db`, destroyed afterwards. */
export async function withPool<T>(db: string, fn: (k: Knex) => Promise<T>): Promise<T> {
  const k = await createPool(appParams(db), { max: 4 });
  try {
    return await fn(k);
  } finally {
    await k.destroy();
  }
}
