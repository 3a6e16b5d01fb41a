import type { RouteInput, RouteName } from '@shared/contract';
import { call } from './client';

/**
 * Saves of a value where only the newest matters (the grid layout): one call in flight at a time, and
 * a value waiting behind it is replaced by a newer one. Sent side by side, two saves ran on two
 * connections of the main process and the older one could commit last (a column resized right after
 * the columns were chosen came back at its old width after a reload). Each promise settles with the
 * call that carried its value or a newer one.
 */
export function createLatestSaver<T>(send: (value: T) => Promise<unknown>): (value: T) => Promise<void> {
  type Waiter = { resolve: () => void; reject: (e: unknown) => void };
  let running = false;
  let pending: { value: T; waiters: Waiter[] } | null = null;
  const pump = async () => {
    running = true;
    while (pending) {
      const { value, waiters } = pending;
      pending = null;
      try {
        await send(value);
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    running = false;
  };
  return (value) =>
    new Promise<void>((resolve, reject) => {
      pending = { value, waiters: [...(pending?.waiters ?? []), { resolve, reject }] };
      if (!running) void pump();
    });
}

const savers = new Map<RouteName, (value: never) => Promise<void>>();

/** The window's one latest-value saver of a route (every grid saving the layout shares it). */
export function latestSaver<N extends RouteName>(route: N): (value: RouteInput<N>) => Promise<void> {
  let s = savers.get(route) as ((value: RouteInput<N>) => Promise<void>) | undefined;
  if (!s) {
    s = createLatestSaver<RouteInput<N>>((v) => call(route, v));
    savers.set(route, s as (value: never) => Promise<void>);
  }
  return s;
}
