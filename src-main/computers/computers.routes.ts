import { computers } from '../../shared/contract/computers';
import { implement, type CallContext } from '../platform/rpc/router';
import {
  computerDetail,
  countSelection,
  listColumns,
  listComputers,
  massSetAdminData,
  setAdminData,
  setSettings,
} from './computers.service';
import { exportCsvFile, exportCsvText } from './csv-export';
import { deleteComputers } from './delete-computers';
import { createPerfIndexes, dropPerfIndexes, perfIndexReport } from './perf-indexes';
import { getGridPrefs, setGridPrefs } from './prefs.repo';
import { invalidateSchemaInfo } from './schema-info';

const login = (ctx: CallContext) => ctx.operator?.id ?? 'anonymous';

/** The DDL ran on the jobs pool; the other pools cache the schema (index names choose the plans). */
function forgetSchema(ctx: CallContext): void {
  for (const k of [ctx.db.knex, ctx.db.read, ctx.db.jobs]) invalidateSchemaInfo(k);
}

export const computersRoutes = implement(computers, {
  columns: (_i, ctx) => listColumns(ctx.db.read),
  list: async (input, ctx) => listComputers(ctx.db.read, await ctx.scope, input),
  count: async (input, ctx) => ({
    count: await countSelection(ctx.db.read, await ctx.scope, input.selection),
  }),
  detail: async (input, ctx) => computerDetail(ctx.db.read, await ctx.scope, input.id),
  setAdminData: async (input, ctx) => {
    await setAdminData(ctx.db.knex, ctx.db.read, await ctx.scope, input.id, input.values);
    return { ok: true as const };
  },
  setSettings: async (input, ctx) => ({
    computers: await setSettings(ctx.db.knex, await ctx.scope, input.selection, input.settings),
  }),
  exportCsv: async (input, ctx) => exportCsvText(ctx.db.read, await ctx.scope, input),
  exportCsvFile: async (input, ctx) =>
    exportCsvFile(ctx.db.jobs, await ctx.scope, input, (d, t) => ctx.progress(d, t), ctx.signal),
  massSetAdminData: async (input, ctx) => ({
    computers: await massSetAdminData(
      ctx.db.jobs,
      await ctx.scope,
      input.selection,
      input.values,
      (d, t) => ctx.progress(d, t),
      ctx.signal,
    ),
  }),
  delete: async (input, ctx) =>
    deleteComputers(ctx.db.jobs, await ctx.scope, input.selection, {
      expectedCount: input.expectedCount,
      progress: (d, t, n) => ctx.progress(d, t, n),
      signal: ctx.signal,
    }),
  getGridPrefs: (_i, ctx) => getGridPrefs(ctx.db.knex, login(ctx)),
  setGridPrefs: async (input, ctx) => {
    await setGridPrefs(ctx.db.knex, login(ctx), input);
    return { ok: true as const };
  },
  perfIndexes: (_i, ctx) => perfIndexReport(ctx.db.knex),
  createPerfIndexes: async (_i, ctx) => {
    try {
      return {
        created: await createPerfIndexes(ctx.db.jobs, (d, t, n) => ctx.progress(d, t, n), ctx.signal),
      };
    } finally {
      forgetSchema(ctx);
    }
  },
  dropPerfIndexes: async (_i, ctx) => {
    try {
      return { dropped: await dropPerfIndexes(ctx.db.jobs, (d, t, n) => ctx.progress(d, t, n), ctx.signal) };
    } finally {
      forgetSchema(ctx);
    }
  },
});
