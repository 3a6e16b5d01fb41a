import type { Command } from 'commander';
import { adminValueText } from '../../../shared/contract/admin-value-text';
import type { Criterion } from '../../../shared/contract/computers';
import { seedFleet } from '../../demo/seed-fleet';
import { csvLine } from '../../computers/csv-export';
import { AppError } from '../../platform/errors';
import { withDbOptions, type DbFlags } from '../db-options';
import { runCommand, type CliRuntime } from '../runtime';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `field:OP:value[:value2]`, e.g. `software.NAME:HAS:Firefox*`, `hardware.MEMORY:BETWEEN:4096:16384`. */
export function parseCriterion(text: string): Criterion {
  const m = /^([a-z_]+\.[A-Za-z0-9_]+):([A-Z_]+)(?::(.*))?$/.exec(text);
  if (!m)
    throw new AppError('VALIDATION_FAILED', {
      field: 'where',
      detail: `expected field:OP:value, got ${text}`,
    });
  const rest = m[3] ?? '';
  const op = m[2] as Criterion['op'];
  if (op === 'BETWEEN' || op === 'OUT_OF') {
    const i = rest.lastIndexOf(':');
    return { field: m[1]!, op, value: rest.slice(0, i), value2: rest.slice(i + 1) };
  }
  return { field: m[1]!, op, value: rest };
}

async function printPage(
  route: 'computers.list' | 'search.run',
  rt: CliRuntime,
  flags: PageFlags,
  criteria: Criterion[],
): Promise<void> {
  const limit = Number(flags.limit ?? 50);
  const columns = flags.columns ? list(flags.columns) : undefined;
  const sort = flags.sort
    ? {
        column: flags.sort.replace(/^-/, ''),
        dir: flags.sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
      }
    : undefined;
  const format = flags.format ?? 'table';
  let offset = Number(flags.offset ?? 0);
  let left = limit;
  let header = false;
  // Admin choice numbers print as their labels in the table and CSV, as the grid and its CSV show them;
  // JSON keeps the stored values (scripts compare them with what they write).
  const adminOf = new Map(
    format === 'json'
      ? []
      : (await rt.call('computers.columns', {})).flatMap((c) => (c.admin ? [[c.id, c.admin] as const] : [])),
  );
  while (left > 0) {
    const page = await rt.call(route, {
      offset,
      limit: Math.min(500, left),
      sort,
      columns,
      filter: { quick: flags.quick, criteria, match: flags.any ? 'any' : 'all' },
    });
    if (format === 'json') {
      process.stdout.write(
        JSON.stringify(
          { total: page.total, rows: page.rows.map((r) => ({ id: r.id, ...r.values })) },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    if (!header) {
      const head = ['ID', ...page.columns];
      process.stdout.write(format === 'csv' ? csvLine(head, ',') : head.join('\t') + '\n');
      header = true;
    }
    for (const r of page.rows) {
      const cells = [
        r.id,
        ...page.columns.map((c) => {
          const v = r.values[c] ?? null;
          const admin = adminOf.get(c);
          return admin && v !== null ? adminValueText(admin, v) : v;
        }),
      ];
      process.stdout.write(
        format === 'csv'
          ? csvLine(cells, ',')
          : cells.map((c) => (c === null ? '' : String(c))).join('\t') + '\n',
      );
    }
    offset += page.rows.length;
    left -= page.rows.length;
    // The route counts unless asked not to (withTotal defaults to true).
    const total = page.total ?? 0;
    if (page.rows.length === 0 || offset >= total) {
      if (format === 'table') process.stderr.write(`${total} computers match\n`);
      break;
    }
  }
}

interface PageFlags extends DbFlags {
  columns?: string;
  limit?: string;
  offset?: string;
  sort?: string;
  quick?: string;
  format?: 'csv' | 'json' | 'table';
  where?: string[];
  any?: boolean;
}

function pageOptions(cmd: Command): Command {
  return withDbOptions(
    cmd
      .option('--columns <ids>', 'comma-separated column ids, e.g. hardware.NAME,bios.SSN,accountinfo.TAG')
      .option('--limit <n>', 'number of computers (default 50)')
      .option('--offset <n>', 'skip this many')
      .option('--sort <column>', 'sort column; prefix with - for descending (default -hardware.LASTDATE)')
      .option('--quick <text>', 'name or user starts with (use * for contains)')
      .option('--format <f>', 'table (default), csv or json'),
  );
}

export function registerComputersCommands(program: Command): void {
  const computers = program.command('computers').description('browse the inventory');
  pageOptions(computers.command('list').description('list computers (server-side sorted and paged)')).action(
    async (flags: PageFlags) => {
      await runCommand(async (rt) => {
        await rt.connect(flags);
        await printPage('computers.list', rt, flags, []);
      });
    },
  );
  withDbOptions(computers.command('show <id>').description('every section of one computer, as JSON')).action(
    async (id: string, flags: DbFlags) => {
      await runCommand(async (rt) => {
        await rt.connect(flags);
        const d = await rt.call('computers.detail', { id: Number(id) });
        process.stdout.write(JSON.stringify(d, null, 2) + '\n');
      });
    },
  );
  withDbOptions(computers.command('columns').description('columns available to --columns')).action(
    async (flags: DbFlags) => {
      await runCommand(async (rt) => {
        await rt.connect(flags);
        const cols = await rt.call('computers.columns', {});
        for (const c of cols)
          process.stdout.write(`${c.id}\t${c.label}${c.sortable ? '\t(sortable)' : ''}\n`);
      });
    },
  );

  pageOptions(
    program
      .command('search')
      .description(
        'multi-criteria search: --where field:OP:value (repeatable), e.g. --where software.NAME:HAS:Firefox*',
      )
      .option('--where <criterion>', 'field:OP:value[:value2]', (v: string, acc: string[] = []) => [
        ...acc,
        v,
      ])
      .option('--any', 'match any criterion (default: all)'),
  ).action(async (flags: PageFlags) => {
    await runCommand(async (rt) => {
      await rt.connect(flags);
      await printPage('search.run', rt, flags, (flags.where ?? []).map(parseCriterion));
    });
  });

  const dev = program.command('dev', { hidden: true }).description('developer tools');
  withDbOptions(
    dev
      .command('seed')
      .description('insert N synthetic computers built from the real fixture rows')
      .requiredOption('--computers <n>', 'how many')
      .option('--seed <s>', 'random seed', '1')
      .option('--fixtures <dir>', 'directory holding expected-rows.json (default ../shared/fixtures/ocs)'),
  ).action(async (flags: DbFlags & { computers: string; seed: string; fixtures?: string }) => {
    await runCommand(async (rt) => {
      await rt.connect(flags);
      const r = await seedFleet(rt.session.db!.knex, {
        computers: Number(flags.computers),
        seed: Number(flags.seed),
        fixturesDir: flags.fixtures,
        progress: (d, t) => {
          if (d % 5000 === 0 || d === t) process.stderr.write(`seeded ${d}/${t}\n`);
        },
      });
      process.stdout.write(
        `${r.computers} computers (IDs ${r.firstId}-${r.lastId}), ${r.softwareRows} software rows in ${(r.ms / 1000).toFixed(1)} s\n`,
      );
    });
  });
}
