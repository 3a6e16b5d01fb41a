import type { Command } from 'commander';
import { severityOf } from '../../../shared/contract/cve';
import { csvLine } from '../../computers/csv-export';
import { AppError } from '../../platform/errors';
import { withDbOptions, type DbFlags } from '../db-options';
import { fromFlags, runCommand } from '../runtime';

interface Flags extends DbFlags {
  filter?: string;
  severity?: string;
  sort?: string;
  limit?: string;
  offset?: string;
  format?: string;
}

const cell = (v: unknown) => String(v ?? '').replace(/[\t\r\n]+/g, ' ');
const table = (head: string[], rows: unknown[][]) =>
  [head.join('\t'), ...rows.map((r) => r.map(cell).join('\t'))].join('\n') + '\n';

const FORMATS = ['table', 'csv', 'json'];
function checkFormat(flags: Flags): void {
  if (flags.format !== undefined && !FORMATS.includes(flags.format))
    throw new AppError('VALIDATION_FAILED', { field: 'format', detail: 'table, csv or json' });
}

/** The list routes' common input from the flags; the router validates it (bad values exit 2). */
function listInput(flags: Flags) {
  return {
    filter: flags.filter,
    severities: flags.severity ? flags.severity.split(',').map((s) => s.trim()) : undefined,
    sort: flags.sort
      ? { column: flags.sort.replace(/^-/, ''), dir: flags.sort.startsWith('-') ? 'desc' : 'asc' }
      : undefined,
  };
}

function listOptions(cmd: Command, sorts: string): Command {
  return withDbOptions(
    cmd
      .option('--filter <text>', 'part of the name (* and ? wildcards)')
      .option(
        '--severity <bands>',
        'comma-separated bands of the highest CVSS: none,low,medium,high,critical',
      )
      .option('--sort <column>', `${sorts}; prefix with - for descending (default -cvss)`)
      .option('--limit <n>', 'rows (1-500, default 50; with csv, the most rows exported, default 50,000)')
      .option('--offset <n>', 'rows to skip (table and json)', '0')
      .option('--format <f>', 'table (default), csv (the whole filtered list) or json'),
  );
}

type Runtime = Parameters<Parameters<typeof runCommand>[0]>[0];
interface ListCommand<R> {
  command: string;
  description: string;
  sorts: string;
  /** cve.exportCsv's list, for --format csv (the whole filtered list). */
  list: 'software' | 'computers';
  page: (rt: Runtime, input: Record<string, unknown>) => Promise<{ rows: R[]; total: number | null }>;
  head: string[];
  cells: (r: R) => unknown[];
}
const listCommand = <R>(c: ListCommand<R>) => c as ListCommand<unknown>;

/** The two CVE lists, each with its route, table columns and CSV list. */
const LISTS = [
  listCommand({
    command: 'list',
    description: 'vulnerable software installed on at least one computer',
    sorts: 'name, cvss, cves or computers',
    list: 'software',
    // A one-shot process keeps no count: it waits for it (docs/cve.md).
    page: (rt, input) => rt.call('cve.software', fromFlags({ ...input, waitCounts: true })),
    head: ['SOFTWARE', 'PUBLISHER', 'VERSION', 'CVSS', 'SEVERITY', 'CVES', 'COMPUTERS'],
    cells: (r) => [r.name, r.publisher, r.version, r.maxCvss, severityOf(r.maxCvss), r.cves, r.computers],
  }),
  listCommand({
    command: 'by-computer',
    description: 'computers with vulnerable software (the filter matches name or TAG)',
    sorts: 'name, cvss, cves or software',
    list: 'computers',
    // Likewise for the per-computer tally.
    page: (rt, input) => rt.call('cve.byComputer', fromFlags({ ...input, waitCounts: true })),
    head: ['ID', 'COMPUTER', 'TAG', 'SOFTWARE', 'CVES', 'CVSS', 'SEVERITY'],
    cells: (r) => [r.id, r.name, r.tag, r.software, r.cves, r.maxCvss, severityOf(r.maxCvss)],
  }),
];

/**
 * `ocs-desk cve list|by-computer|computer`: what ocsreports' CVE job stored (docs/cve.md), through the
 * same routes as the Vulnerabilities screen, so the same perimeter, filters and order.
 */
export function registerCveCommands(program: Command): void {
  const cve = program
    .command('cve')
    .description("vulnerabilities (CVE) that ocsreports' CVE job stored, with the computers that have them");

  for (const l of LISTS) {
    listOptions(cve.command(l.command).description(l.description), l.sorts).action(async (flags: Flags) =>
      runCommand(async (rt) => {
        checkFormat(flags);
        await rt.connect(flags);
        const input = listInput(flags);
        if (flags.format === 'csv') {
          const r = await rt.call(
            'cve.exportCsv',
            fromFlags({ list: l.list, ...input, maxRows: flags.limit ? Number(flags.limit) : undefined }),
          );
          process.stdout.write(r.csv);
          if (r.truncated) process.stderr.write(`only the first ${r.rows} rows were exported\n`);
          return;
        }
        const page = await l.page(rt, {
          ...input,
          limit: Number(flags.limit ?? 50),
          offset: Number(flags.offset),
        });
        if (flags.format === 'json') return void process.stdout.write(JSON.stringify(page, null, 2) + '\n');
        process.stdout.write(table(l.head, page.rows.map(l.cells)));
        process.stderr.write(`${page.rows.length} of ${page.total}\n`);
      }),
    );
  }

  withDbOptions(
    cve
      .command('computer <id>')
      .description("one computer's CVEs (its detail page's CVE tab)")
      .option('--format <f>', 'table (default), csv or json'),
  ).action(async (id: string, flags: Flags) =>
    runCommand(async (rt) => {
      checkFormat(flags);
      await rt.connect(flags);
      const { rows } = await rt.call('cve.computer', fromFlags({ id: Number(id) }));
      if (flags.format === 'json') return void process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      const head = ['CVE', 'CVSS', 'SEVERITY', 'SOFTWARE', 'PUBLISHER', 'VERSION', 'LINK'];
      const lines = rows.map((r) => [
        r.cve,
        r.cvss,
        severityOf(r.cvss),
        r.name,
        r.publisher,
        r.version,
        r.link,
      ]);
      process.stdout.write(
        flags.format === 'csv' ? [head, ...lines].map((l) => csvLine(l, ',')).join('') : table(head, lines),
      );
    }),
  );
}
