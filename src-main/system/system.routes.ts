import { system } from '../../shared/contract/system';
import { implement } from '../platform/rpc/router';
import { APP_VERSION } from '../app/version';

export const systemRoutes = implement(system, {
  info: (_input, ctx) => ({ appVersion: APP_VERSION, door: ctx.door, platform: process.platform }),
});
