import { tags } from '../../shared/contract/tags';
import { implement } from '../platform/rpc/router';
import { scopeOf } from './computers.service';
import { tagRepartition } from './tags.service';

export const tagsRoutes = implement(tags, {
  repartition: async (input, ctx) =>
    tagRepartition(ctx.db.read, await scopeOf(ctx.db.read, ctx), input.column),
});
