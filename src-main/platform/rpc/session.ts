import { randomUUID } from 'node:crypto';
import type { Right } from '../../../shared/contract/route';
import type { DbHandle } from '../db/connect';

export interface Operator {
  /** The login as stored in `operators.ID` (`cli` for the command line). */
  id: string;
  /** OCS profile (`operators.NEW_ACCESSLVL`); null for the command line's local operator. */
  profile: string | null;
  /** What the operator may do now (profile rights less what the DB account's grants refuse). */
  rights: readonly Right[];
  /** Rights the profile gives but the DB account's grants refuse (said to the operator, never granted). */
  refusedByDb: readonly Right[];
  /** The default admin/admin account must change its password before doing anything else. */
  mustChangePassword: boolean;
  /** TAG restriction (ocsreports "GUI" restriction): null = sees every computer. */
  tags: string[] | null;
  /**
   * `login`: an `operators` row, re-read before every write (a demoted or deleted operator loses the
   * rights at once). `local`: the command line's operator, who holds the DB credentials themself.
   */
  origin: 'login' | 'local';
}

/**
 * One session per window (Electron), per token (web shell) or per process (CLI).
 * The operator is set by the main process after a login; never taken from the client.
 */
export class Session {
  readonly id = randomUUID();
  db: DbHandle | null = null;
  operator: Operator | null = null;
  /** The DB account's user name (for messages: a refusal names it without touching the handle). */
  dbAccount = '';

  async setDb(db: DbHandle | null): Promise<void> {
    const old = this.db;
    this.db = db;
    this.dbAccount = db?.target.user ?? '';
    this.operator = null;
    if (old && old !== db) await old.close();
  }

  async dispose(): Promise<void> {
    await this.setDb(null);
  }
}
