import type { ServerEvent } from '../../../shared/contract/jobs';

/** Out-of-band facts about an event that never go on the wire (who may see it). */
export interface EventMeta {
  /** The session that owns the event (a job's starter); absent = for everyone. */
  sessionId?: string;
  /**
   * The operator (login, lower case) who owns the event within that session; null = before any
   * login (database.init). Another operator logging in on the same session does not see it.
   */
  operatorId?: string | null;
}

/** Whether a session (with its current operator) may receive an event. */
export function eventVisibleTo(
  meta: EventMeta,
  session: { id: string; operator: { id: string } | null },
): boolean {
  if (!meta.sessionId) return true;
  if (meta.sessionId !== session.id) return false;
  return meta.operatorId === undefined || meta.operatorId === ownerKey(session.operator);
}

/** How jobs and events name their operator: lower-cased login (OCS logins ignore case), or null. */
export function ownerKey(op: { id: string } | null | undefined): string | null {
  return op ? op.id.toLowerCase() : null;
}

type Listener = (e: ServerEvent, meta: EventMeta) => void;

/** In-process pub/sub for server events; each door forwards them to its subscribers. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(e: ServerEvent, meta: EventMeta = {}): void {
    for (const fn of this.listeners) {
      try {
        fn(e, meta);
      } catch {
        /* a broken subscriber must not break the emitter */
      }
    }
  }
}
