import { operators } from '../../shared/contract/operators';
import { implement } from '../platform/rpc/router';
import * as svc from './operators.service';

export const operatorsRoutes = implement(operators, {
  list: (_input, ctx) => svc.listOperators(ctx.db.knex),
  create: (input, ctx) => svc.createOperator(ctx.db.knex, input, ctx.operator),
  update: (input, ctx) => svc.updateOperator(ctx.db.knex, input, ctx.operator),
  resetPassword: (input, ctx) => svc.resetPassword(ctx.db.knex, input.login, input.password, ctx.operator),
  delete: (input, ctx) => svc.deleteOperator(ctx.db.knex, input.login, ctx.operator),
  setTags: (input, ctx) => svc.setTags(ctx.db.knex, input.login, input.tags, ctx.operator),
  profiles: (_input, ctx) => svc.listProfiles(ctx.db.knex),
  mapProfile: (input, ctx) => svc.mapProfile(ctx.db.knex, input.profile, input.as, ctx.operator),
  weakHashes: (_input, ctx) => svc.weakHashes(ctx.db.knex),
});
