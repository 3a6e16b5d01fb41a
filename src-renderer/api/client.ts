import type { RouteInput, RouteName, RouteOutput } from '@shared/contract';
import type { WireError } from '@shared/contract/errors';
import { takeBootCall } from './boot-calls';
import { rpc } from './transport';

/** A refused call, with the wire error (code, params, correlation id). */
export class ApiError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.code);
    this.name = 'ApiError';
  }
}

/** Calls one route; the types of input and output come from the contract. */
export async function call<N extends RouteName>(route: N, input: RouteInput<N>): Promise<RouteOutput<N>> {
  const r = (await takeBootCall(route, input)) ?? (await rpc(route, input));
  if (!r.ok) throw new ApiError(r.error);
  return r.data as RouteOutput<N>;
}
