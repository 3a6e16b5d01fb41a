import { search } from '../../shared/contract/search';
import { implement } from '../platform/rpc/router';
import { listComputers } from './computers.service';
import { searchFields } from './fields';
import { deleteSaved, listSaved, saveSearch } from './prefs.service';
import { quickFind } from './quick-find.service';
import { getSchemaInfo } from './schema-info';

export const searchRoutes = implement(search, {
  quick: async (input, ctx) => quickFind(ctx.db.read, await ctx.scope, input.text, input.limit),
  fields: async (_i, ctx) => searchFields(await getSchemaInfo(ctx.db.read)),
  run: async (input, ctx) => listComputers(ctx.db.read, await ctx.scope, input),
  savedList: (_i, ctx) => listSaved(ctx.db.knex, ctx.operator),
  savedSave: (input, ctx) => saveSearch(ctx.db.knex, ctx.operator, input),
  savedDelete: (input, ctx) => deleteSaved(ctx.db.knex, ctx.operator, input.id),
});
