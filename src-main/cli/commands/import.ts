import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { IMPORT_LIMITS, ImportOrder } from '../../../shared/contract/import';
import { AppError } from '../../platform/errors';
import { displayPath, failureLine, formatReport } from '../../import/report';
import { withDbOptions, type DbFlags } from '../db-options';
import { runCommand } from '../runtime';

interface ImportFlags extends DbFlags {
  server?: string;
  offline?: boolean;
  concurrency?: string;
  timeout?: string;
  order?: string;
  json?: boolean;
  report?: string;
  quiet?: boolean;
}

/** A whole number option, or a clear error naming it (the job's schema checks the bounds). */
function wholeNumber(field: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v.trim()))
    throw new AppError('VALIDATION_FAILED', { field, detail: `"${v.slice(0, 40)}" is not a whole number` });
  return Number(v);
}

export function registerImportCommands(program: Command): void {
  withDbOptions(
    program
      .command('import')
      .description(
        'import .ocs files (zlib or plain XML) through the comm server or straight into the database',
      )
      .argument('<paths...>', 'files and folders (folders: *.ocs and *.xml, recursively)')
      .option(
        '--server <url>',
        'POST each file to this comm server URL, then verify it in the database (default mode)',
      )
      .option(
        '--offline',
        'write the rows directly, as the comm server 2.8.1 would (one transaction per file)',
      )
      .option(
        '--concurrency <n>',
        `files at once (--server: default ${IMPORT_LIMITS.serverDefaultConcurrency}, at most ${IMPORT_LIMITS.serverMaxConcurrency}; ` +
          `--offline: default ${IMPORT_LIMITS.offlineDefaultConcurrency}, at most ${IMPORT_LIMITS.offlineMaxConcurrency})`,
      )
      .option(
        '--timeout <seconds>',
        `--server: seconds to wait for the comm server's answer to one file, then the database is checked ` +
          `(default ${IMPORT_LIMITS.timeoutSeconds.default}, ${IMPORT_LIMITS.timeoutSeconds.min}-${IMPORT_LIMITS.timeoutSeconds.max})`,
      )
      .option(
        '--order <order>',
        'apply files of one computer in "file" order (default; folders sorted by name) or "inventory-date" order ' +
          '(oldest inventory first, by the date the agent wrote in it: HARDWARE/LASTDATE; files without one last, in file order)',
      )
      .option('--json', 'print the summary as JSON on stdout')
      .option('--report <file>', 'also write the per-file report (.json or .csv)')
      .option('--quiet', 'no progress on stderr')
      .addHelpText(
        'after',
        '\nExit code 0 when every file was imported, 1 when any failed, 130 when cancelled (Ctrl-C: files in flight\n' +
          'finish or roll back, nothing is left half-written).\n' +
          'Example: ocs-desk import --offline ./inventories --report import.csv',
      ),
  ).action(async (paths: string[], flags: ImportFlags) => {
    await runCommand(async (rt) => {
      if (flags.server && flags.offline) {
        throw new AppError('VALIDATION_FAILED', {
          field: 'mode',
          detail: 'give either --server or --offline',
        });
      }
      const concurrency = wholeNumber('concurrency', flags.concurrency);
      const timeoutSeconds = wholeNumber('timeout', flags.timeout);
      if (timeoutSeconds !== undefined && flags.offline)
        throw new AppError('VALIDATION_FAILED', {
          field: 'timeout',
          detail: '--timeout applies to --server mode only (offline mode makes no HTTP request)',
        });
      const order = flags.order === undefined ? undefined : ImportOrder.safeParse(flags.order.trim());
      if (order && !order.success)
        throw new AppError('VALIDATION_FAILED', {
          field: 'order',
          detail: `"${flags.order!.slice(0, 40)}" is not an order: use --order file or --order inventory-date`,
        });
      await rt.connect(flags);
      const s = await rt.runJob(
        'import.run',
        {
          paths: paths.map((p) => path.resolve(p)),
          mode: flags.offline ? 'offline' : 'server',
          serverUrl: flags.server,
          concurrency,
          timeoutSeconds,
          order: order?.data,
        },
        flags.quiet ? 'none' : undefined,
      );
      if (flags.report) {
        const fmt = flags.report.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
        await writeFile(flags.report, formatReport(s, fmt).content);
      }
      if (flags.json) {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      } else {
        for (const f of s.files) {
          if (f.status === 'failed') process.stdout.write(failureLine(f) + '\n');
          else if (f.reason === 'imported-after-timeout')
            process.stdout.write(`IMPORTED (after timeout) ${displayPath(f.path)}\n`);
          else if (f.reason === 'imported-after-disconnect')
            process.stdout.write(`IMPORTED (after the connection broke) ${displayPath(f.path)}\n`);
        }
        process.stdout.write(
          `${s.imported} imported, ${s.failed} failed` +
            (s.notProcessed ? `, ${s.notProcessed} not processed (cancelled)` : '') +
            ` (${s.mode} mode)\n`,
        );
      }
      if (s.cancelled) return 130;
      return s.failed > 0 ? 1 : 0;
    });
  });
}
