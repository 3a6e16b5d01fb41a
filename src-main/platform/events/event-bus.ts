import type { ServerEvent } from '../../../shared/contract/jobs';

/** Out-of-band facts about an event that never go on the wire (who may see it). */
export interface EventMeta {
  /** The session that owns the event (a job's starter); absent = for everyone. */
  sessionId?: string;
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
