import path from 'node:path';
import type { Command } from 'commander';
import type { ComputerSelection } from '../../../shared/contract/computers';
import type { ExportSummary } from '../../../shared/contract/export';
import { AppError } from '../../platform/errors';
import { withDbOptions, type DbFlags } from '../db-options';
import { fromFlags, runCommand } from '../runtime';
import { parseCriterion } from './computers';

type ExportFlags = DbFlags & {
  out: string;
  format?: string;
  zip?: boolean;
  ids?: string;
  quick?: string;
  where?: string[];
  any?: boolean;
  overwrite?: boolean;
  json?: boolean;
};

export function printExportSummary(s: ExportSummary): string {
  const where = s.packaging === 'folder' ? `into the folder ${s.path}` : `into ${s.path}`;
  const lines = [`${s.computers} computer(s) exported as ${s.format} ${where} (${s.bytes} bytes)`];
  if (s.skipped.length)
    lines.push(`kept, already there (use --overwrite to replace): ${s.skipped.join(', ')}`);
  return lines.join('\n') + '\n';
}

/** The computers: `--ids 1,2,3`, else everything matching `--quick` / `--where` (all computers when none). */
function selectionOf(flags: ExportFlags): ComputerSelection {
  if (flags.ids) {
    const ids = flags.ids.split(',').map((s) => Number(s.trim()));
    if (ids.some((n) => !Number.isInteger(n) || n <= 0))
      throw new AppError('VALIDATION_FAILED', { field: '--ids', detail: 'hardware IDs separated by commas' });
    return { kind: 'ids', ids };
  }
  return {
    kind: 'filter',
    filter: {
      quick: flags.quick,
      criteria: (flags.where ?? []).map(parseCriterion),
      match: flags.any ? 'any' : 'all',
    },
  };
}

export function registerExportCommands(program: Command): void {
  withDbOptions(
    program
      .command('export')
      .description(
        'export computers as inventory files the comm server and `import` accept (.ocs, .xml), or as JSON',
      )
      .requiredOption('--out <path>', 'folder (one file per computer), or the .zip / .jsonl file')
      .option('--format <format>', 'ocs (zlib XML, as agents send), xml, json, or jsonl (one file)', 'ocs')
      .option('--zip', 'one zip file instead of a folder (at most 2,000 computers)')
      .option('--ids <ids>', 'these hardware IDs (comma separated)')
      .option('--quick <text>', 'computers whose name or user starts with this (* wildcards)')
      .option(
        '--where <criterion>',
        'field:OP:value[:value2], as `search` (repeatable)',
        (v: string, acc: string[] = []) => [...acc, v],
      )
      .option('--any', 'match any criterion (default: all)')
      .option('--overwrite', 'replace files of the same name (default: keep them)')
      .option('--json', 'print the summary as JSON'),
  ).action(async (flags: ExportFlags) => {
    await runCommand(async (rt) => {
      const selection = selectionOf(flags);
      await rt.connect(flags);
      const s = await rt.runJob(
        'export.run',
        fromFlags({
          selection,
          format: flags.format,
          packaging: flags.zip ? 'zip' : 'folder',
          path: path.resolve(flags.out),
          overwrite: !!flags.overwrite,
        }),
        flags.json ? 'none' : undefined,
      );
      process.stdout.write(flags.json ? JSON.stringify(s, null, 2) + '\n' : printExportSummary(s));
    });
  });
}
