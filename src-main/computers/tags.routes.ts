import { tags } from '../../shared/contract/tags';
import { implement } from '../platform/rpc/router';
import { tagRepartition } from './tags.service';

export const tagsRoutes = implement(tags, {
  repartition: async (input, ctx) => tagRepartition(ctx.db.read, await ctx.scope, input.column),
});
