import { computers } from '../../shared/contract/computers';
import { MacVendors } from '../platform/net/mac-vendors';
import { implement, type CallContext } from '../platform/rpc/router';
import {
  computerDetail,
  countSelection,
  countView,
  listColumns,
  listComputers,
  massSetAdminData,
  setAdminData,
  setSettings,
} from './computers.service';
import { exportCsvFile, exportCsvText } from './csv-export';
import { deleteComputers } from './delete-computers';
import { createPerfIndexes, dropPerfIndexes, perfIndexReport } from './perf-indexes';
import { getGridPrefs, setGridPrefs } from './prefs.service';
import { invalidateSchemaInfo } from './schema-info';

/** The DDL ran on the jobs pool; the other pools cache the schema (index names choose the plans). */
function forgetSchema(ctx: CallContext): void {
  for (const k of [ctx.db.knex, ctx.db.read, ctx.db.jobs]) invalidateSchemaInfo(k);
}

export const computersRoutes = (configDir: string) => {
  const vendors = MacVendors.forDir(configDir);
  return implement(computers, {
    columns: (_i, ctx) => listColumns(ctx.db.read),
    list: async (input, ctx) => listComputers(ctx.db.read, await ctx.scope, input),
    total: async (input, ctx) => ({ total: await countView(ctx.db.read, await ctx.scope, input.filter) }),
    count: async (input, ctx) => ({
      count: await countSelection(ctx.db.read, await ctx.scope, input.selection),
    }),
    detail: async (input, ctx) => {
      const d = await computerDetail(ctx.db.read, await ctx.scope, input.id);
      const macs = (d.sections.networks ?? []).map((r) => (typeof r.MACADDR === 'string' ? r.MACADDR : null));
      return { ...d, macVendors: vendors.vendors(macs) };
    },
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
    getGridPrefs: (_i, ctx) => getGridPrefs(ctx.db.knex, ctx.operator),
    setGridPrefs: (input, ctx) => setGridPrefs(ctx.db.knex, ctx.operator, input),
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
        return {
          dropped: await dropPerfIndexes(ctx.db.jobs, (d, t, n) => ctx.progress(d, t, n), ctx.signal),
        };
      } finally {
        forgetSchema(ctx);
      }
    },
  });
};
