import type { Command } from 'commander';
import { withDbOptions, type DbFlags } from '../db-options';
import { fromFlags, runCommand } from '../runtime';

interface Flags extends DbFlags {
  json?: boolean;
  search?: string;
  sort?: string;
  limit?: string;
  offset?: string;
  csv?: boolean;
}

const print = (json: boolean, value: unknown, text: () => string) =>
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text());

const cell = (v: unknown) => String(v ?? '').replace(/[\t\r\n]+/g, ' ');

/** `ocs-desk snmp types|devices|device`: SNMP devices within the operator's perimeter (docs/snmp.md). */
export function registerSnmpCommands(program: Command): void {
  const snmp = program
    .command('snmp')
    .description('SNMP devices inventoried by the agents, one table per SNMP type');

  withDbOptions(
    snmp
      .command('types')
      .description('SNMP types with their table, columns and device counts')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const { types } = await rt.call('snmp.types', {});
      print(
        !!flags.json,
        types,
        () =>
          [
            'ID\tNAME\tTABLE\tDEVICES\tTODAY\tRECONCILIATION\tCOLUMNS',
            ...types.map((t) =>
              [
                t.id,
                t.name,
                t.table + (t.tableMissing ? ' (missing)' : ''),
                t.devices,
                t.today,
                t.reconciliation ?? '',
                t.columns.join(','),
              ]
                .map(cell)
                .join('\t'),
            ),
          ].join('\n') + '\n',
      );
    }),
  );

  withDbOptions(
    snmp
      .command('devices <type>')
      .description('devices of one SNMP type (its id or name), as the list shows them')
      .option('--search <text>', 'one text searched in every column (* and ? wildcards)')
      .option('--sort <column>', 'sort column; prefix with - for descending')
      .option('--limit <n>', 'rows (1-500, default 50)', '50')
      .option('--offset <n>', 'rows to skip', '0')
      .option('--csv', 'the whole filtered list as CSV (UTF-8, comma-separated)')
      .option('--json', 'print the result as JSON'),
  ).action(async (type: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const { types } = await rt.call('snmp.types', {});
      const t = types.find((x) => String(x.id) === type || x.name.toLowerCase() === type.toLowerCase());
      // An unknown type goes to the route as id 0 so the refusal is the route's own VALIDATION_FAILED.
      const typeId = t?.id ?? (Number(type) || 0);
      const sort = flags.sort
        ? { column: flags.sort.replace(/^-/, ''), dir: flags.sort.startsWith('-') ? 'desc' : 'asc' }
        : undefined;
      if (flags.csv) {
        const r = await rt.call(
          'snmp.exportCsv',
          fromFlags({ typeId, search: flags.search, sort, separator: ',' }),
        );
        if (flags.json) print(true, r, () => '');
        else process.stdout.write(r.csv);
        if (r.truncated) process.stderr.write(`only the first ${r.rows} devices were exported\n`);
        return;
      }
      const r = await rt.call(
        'snmp.devices',
        fromFlags({
          typeId,
          search: flags.search,
          sort,
          limit: Number(flags.limit),
          offset: Number(flags.offset),
        }),
      );
      print(
        !!flags.json,
        r,
        () =>
          [
            ['ID', ...r.columns, 'TAG'].join('\t'),
            ...r.rows.map((row) =>
              [row.id, ...r.columns.map((c) => row.values[c]), row.tag].map(cell).join('\t'),
            ),
            `${r.rows.length} of ${r.total}`,
          ].join('\n') + '\n',
      );
    }),
  );

  withDbOptions(
    snmp
      .command('device <typeId> <id>')
      .description('one SNMP device: every column and its admin data')
      .option('--json', 'print the result as JSON'),
  ).action(async (typeId: string, id: string, flags: Flags) =>
    runCommand(async (rt) => {
      await rt.connect(flags);
      const d = await rt.call('snmp.device', fromFlags({ typeId: Number(typeId), id: Number(id) }));
      print(
        !!flags.json,
        d,
        () =>
          [
            `${d.type.name} #${d.id}`,
            ...d.columns.map((c) => `${c}\t${cell(d.values[c])}`),
            ...(d.adminData ?? []).map((f) => `${f.label}\t${cell(f.value)}`),
          ].join('\n') + '\n',
      );
    }),
  );
}
