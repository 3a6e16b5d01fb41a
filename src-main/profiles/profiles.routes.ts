import { profiles } from '../../shared/contract/profiles';
import { implement } from '../platform/rpc/router';
import type { ProfilesService } from './profiles.service';

export function profilesRoutes(svc: ProfilesService) {
  return implement(profiles, {
    list: () => svc.list(),
    save: (input) => svc.save(input),
    delete: (input) => svc.delete(input.name),
    connect: (input, ctx) => svc.connect(ctx.session, input.name, input.confirmServer),
    current: (_input, ctx) => svc.current(ctx.session),
  });
}
