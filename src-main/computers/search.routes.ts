import { search } from '../../shared/contract/search';
import { implement, type CallContext } from '../platform/rpc/router';
import { listComputers } from './computers.service';
import { searchFields } from './fields';
import { deleteSaved, listSaved, saveSearch } from './prefs.repo';
import { getSchemaInfo } from './schema-info';

const login = (ctx: CallContext) => ctx.operator?.id ?? 'anonymous';

export const searchRoutes = implement(search, {
  fields: async (_i, ctx) => searchFields(await getSchemaInfo(ctx.db.read)),
  run: async (input, ctx) => listComputers(ctx.db.read, await ctx.scope, input),
  savedList: (_i, ctx) => listSaved(ctx.db.knex, login(ctx)),
  savedSave: (input, ctx) => saveSearch(ctx.db.knex, login(ctx), input),
  savedDelete: async (input, ctx) => {
    await deleteSaved(ctx.db.knex, login(ctx), input.id);
    return { ok: true as const };
  },
});
