import path from 'node:path';
import type { Command } from 'commander';
import type { BackupSummary, RestoreResult } from '../../../shared/contract/backup';
import { readDbAccess } from '../../platform/db/grants';
import { AppError } from '../../platform/errors';
import { withDbOptions, type DbFlags } from '../db-options';
import { fromFlags, runCommand } from '../runtime';

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

export function printBackupSummary(s: BackupSummary): string {
  const lines = [
    `backup of ${s.database} written to ${s.file}`,
    `tool: ${s.tool === 'builtin' ? 'built-in dumper' : `mysqldump (${s.toolVersion ?? '?'})`}`,
    `${s.tables} tables, ${s.views} views, ${s.rows} rows, ${mib(s.sqlBytes)} of SQL in ${mib(s.bytes)} (gzip), ${(s.durationMs / 1000).toFixed(1)} s`,
  ];
  if (s.nonTransactional.length) {
    lines.push(
      `not in the transaction snapshot (engine without transactions, copied as read): ${s.nonTransactional.join(', ')}`,
    );
  }
  if (s.notCopied.length) lines.push(`not copied: ${s.notCopied.join(', ')}`);
  lines.push(
    `largest statement: ${s.largestStatement} bytes (the restoring server's max_allowed_packet must allow it)`,
  );
  return lines.join('\n') + '\n';
}

export function printRestoreResult(r: RestoreResult): string {
  const lines = [
    `restored ${r.file} (${r.origin === 'ocsdesk' ? 'OCS Desk backup' : r.origin === 'mysqldump' ? 'mysqldump file' : 'SQL dump'}) into ${r.database}: ${r.statements} statements, ${r.tables} tables, ${r.rows} rows, ${(r.durationMs / 1000).toFixed(1)} s`,
  ];
  const what =
    r.check.compared === 'rows-and-hashes'
      ? 'row counts and row hashes against the manifest'
      : r.check.compared === 'rows'
        ? 'row counts against the dump'
        : 'nothing to compare';
  lines.push(`check (${what}): ${r.check.ok ? 'equal' : 'DIFFERENT'}`);
  for (const t of r.check.tables.filter((x) => !x.ok)) {
    lines.push(
      `  ${t.name}: ${t.rows} rows (expected ${t.expectedRows}), hash ${t.hash} (expected ${t.expectedHash})`,
    );
  }
  if (!r.complete)
    lines.push(`the table ocsdesk_restore_incomplete stays in ${r.database}: do not use it as it is`);
  return lines.join('\n') + '\n';
}

export function registerBackupCommands(program: Command): void {
  withDbOptions(
    program
      .command('backup')
      .description('dump the OCS database into a gzip file (one transaction snapshot, no global lock)')
      .requiredOption('--out <file>', 'the .sql.gz file to write (never replaced)')
      .option('--tool <tool>', 'builtin, or mysqldump when it is installed', 'builtin')
      .option('--tables <names>', 'only these tables (comma separated)')
      .option('--json', 'print the summary as JSON'),
  ).action(async (flags: DbFlags & { out: string; tool: string; tables?: string; json?: boolean }) => {
    await runCommand(async (rt) => {
      await rt.connect(flags);
      const out = path.resolve(flags.out);
      const s = await rt.runJob(
        'backup.create',
        fromFlags({
          file: out,
          tool: flags.tool,
          tables: flags.tables
            ?.split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        }),
        flags.json ? 'none' : undefined,
      );
      process.stdout.write(flags.json ? JSON.stringify(s, null, 2) + '\n' : printBackupSummary(s));
    });
  });

  // Not withDbOptions: --database names the database to restore INTO (created when missing), and the
  // connection opens no database, so a server that lost its OCS database can be restored.
  program
    .command('restore')
    .description('restore a backup (OCS Desk or mysqldump, gzip or plain SQL) into a new or empty database')
    .requiredOption('--in <file>', 'the backup file')
    .requiredOption('--database <name>', 'database to restore into (created when missing)')
    .option(
      '--confirm-overwrite <name>',
      'the same database name again, to replace a database that holds tables',
    )
    .option('--host <host>', 'database server (env OCS_DB_HOST)', process.env.OCS_DB_HOST ?? '127.0.0.1')
    .option('--port <port>', 'database port (env OCS_DB_PORT)', process.env.OCS_DB_PORT ?? '3306')
    .option('--user <user>', 'database user (env OCS_DB_USER)', process.env.OCS_DB_USER ?? 'ocs')
    .option('--password-env <var>', 'read the password from this environment variable', 'OCS_DB_PASSWORD')
    .option('--tls', 'use TLS to the database server')
    .option('--tls-ca <file>', 'CA file (PEM) that signed the database server certificate')
    .option('--tls-insecure', 'do not verify the database server certificate')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        flags: Omit<DbFlags, 'database' | 'profile'> & {
          in: string;
          database: string;
          confirmOverwrite?: string;
          json?: boolean;
        },
      ) => {
        await runCommand(async (rt) => {
          if (!/^[A-Za-z0-9_$]+$/.test(flags.database)) {
            throw new AppError('VALIDATION_FAILED', {
              field: '--database',
              detail: 'letters, digits, _ and $ only',
            });
          }
          await rt.connect({ ...flags, database: 'information_schema' });
          // The grants that matter are the account's on the target (the router refuses the restore
          // before any SQL when they do not allow writing), not on information_schema.
          const db = rt.session.db;
          if (db) db.access = await readDbAccess(db.knex, flags.database);
          const r = await rt.runJob(
            'backup.restore',
            fromFlags({
              file: path.resolve(flags.in),
              database: flags.database,
              confirmOverwrite: flags.confirmOverwrite,
            }),
            flags.json ? 'none' : undefined,
          );
          process.stdout.write(flags.json ? JSON.stringify(r, null, 2) + '\n' : printRestoreResult(r));
          return r.complete ? 0 : 1;
        });
      },
    );
}
