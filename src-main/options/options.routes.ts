import { options } from '../../shared/contract/options';
import { implement } from '../platform/rpc/router';
import { listOptions, setOptions } from './options.service';

export const optionsRoutes = implement(options, {
  list: (_i, ctx) => listOptions(ctx.db.knex),
  set: (i, ctx) => setOptions(ctx.db.knex, i.changes),
});
