import type { ServerEvent } from '../../../shared/contract/jobs';

type Listener = (e: ServerEvent) => void;

/** In-process pub/sub for server events; each door forwards them to its subscribers. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(e: ServerEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        /* a broken subscriber must not break the emitter */
      }
    }
  }
}
