import { randomUUID } from 'node:crypto';
import type { OperatorRole } from '../../../shared/contract/route';
import type { DbHandle } from '../db/connect';

export interface Operator {
  id: string;
  role: OperatorRole;
  /** The default admin/admin account must change its password before doing anything else. */
  mustChangePassword: boolean;
  /** TAG restriction (ocsreports "GUI" restriction): null = sees every computer. */
  tags: string[] | null;
}

/**
 * One session per window (Electron), per token (web shell) or per process (CLI).
 * The operator is set by the main process after a login; never taken from the client.
 */
export class Session {
  readonly id = randomUUID();
  db: DbHandle | null = null;
  operator: Operator | null = null;

  async setDb(db: DbHandle | null): Promise<void> {
    const old = this.db;
    this.db = db;
    this.operator = null;
    if (old && old !== db) await old.close();
  }

  async dispose(): Promise<void> {
    await this.setDb(null);
  }
}
