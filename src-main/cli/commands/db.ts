import type { Command } from 'commander';
import type { ServerInfo } from '../../../shared/contract/connection';
import { resolveConnection, withDbOptions, type DbFlags } from '../db-options';
import type { PerfIndexReport } from '../../../shared/contract/computers';
import { AppError } from '../../platform/errors';
import { runCommand, fromFlags, type CliRuntime } from '../runtime';
import { readSecret } from '../secret-input';

export function describeSchema(info: ServerInfo): string {
  const s = info.schema;
  switch (s.state) {
    case 'missing':
      return `no OCS schema in database "${info.database}" (empty); create one with: ocs-desk db init`;
    case 'unknown':
      return `database "${info.database}" has ${s.tables} tables but no OCS schema (no config/hardware tables)`;
    case 'ok':
      return `OCS schema level ${s.guiVersion} (current), ${s.computers} computers`;
    case 'old':
      return `OCS schema level ${s.guiVersion} (older than 7069: readable, upgrade available), ${s.computers} computers`;
    case 'newer':
      return `OCS schema level ${s.guiVersion} (newer than OCS Desk knows: read-only), ${s.computers} computers`;
  }
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database connection and OCS schema');
  registerDbInitCommands(db);

  withDbOptions(
    db
      .command('check')
      .description('connect, print the server version and whether an OCS schema is there')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: DbFlags & { json?: boolean }) => {
    await runCommand(async (rt) => {
      const info = await rt.call('connection.test', (await resolveConnection(flags)).primary);
      if (flags.json) {
        process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      } else {
        process.stdout.write(`server: ${info.flavor} ${info.serverVersion} at ${flags.host}:${flags.port}\n`);
        process.stdout.write(`schema: ${describeSchema(info)}\n`);
      }
      return info.schema.state === 'missing' || info.schema.state === 'unknown' ? 7 : 0;
    });
  });

  withDbOptions(
    db
      .command('indexes')
      .description(
        "status of OCS Desk's optional ocsdesk_* indexes (OCS itself ignores them); create or drop them online",
      )
      .option('--create', 'create the missing ones (online DDL: the comm server keeps writing)')
      .option('--drop', 'drop the present ones')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: DbFlags & { create?: boolean; drop?: boolean; json?: boolean }) => {
    await runCommand(async (rt) => {
      if (flags.create && flags.drop) {
        throw new AppError('VALIDATION_FAILED', { field: '--create/--drop', detail: 'choose one' });
      }
      await rt.connect(flags);
      let changed: string[] | undefined;
      if (flags.create || flags.drop) {
        const route = flags.create ? 'computers.createPerfIndexes' : 'computers.dropPerfIndexes';
        const r: { created?: string[]; dropped?: string[] } = await rt.runJob(
          route,
          {},
          flags.json ? 'none' : undefined,
        );
        changed = r.created ?? r.dropped ?? [];
      }
      const report = await rt.call('computers.perfIndexes', {});
      if (flags.json) {
        const key = flags.create ? 'created' : flags.drop ? 'dropped' : undefined;
        process.stdout.write(JSON.stringify(key ? { ...report, [key]: changed } : report, null, 2) + '\n');
      } else {
        process.stdout.write(
          printIndexReport(report, flags.create ? 'created' : flags.drop ? 'dropped' : null, changed),
        );
      }
      return 0;
    });
  });
}

/**
 * After `db upgrade`: the optional indexes are not part of the OCS schema (the upgrade never adds them),
 * so say which are missing, what they cost and the command that adds them. Silent when the status
 * cannot be read (the upgrade's own result is what matters here).
 */
async function printIndexHint(rt: CliRuntime): Promise<void> {
  const r = await rt.call('computers.perfIndexes', {}).catch(() => null);
  if (!r) return;
  const missing = r.indexes.filter((i) => !i.present);
  if (!missing.length) {
    process.stdout.write('optional OCS Desk indexes: all present\n');
    return;
  }
  const seconds = missing.reduce((a, i) => a + (i.estimatedSeconds ?? 0), 0);
  const bytes = missing.reduce((a, i) => a + (i.estimatedBytes ?? 0), 0);
  process.stdout.write(
    `optional OCS Desk indexes: ${missing.length} of ${r.indexes.length} missing (${missing.map((i) => i.name).join(', ')}); ` +
      `about ${seconds} s and ${humanBytes(bytes)} to build, online. They make lists and software searches much faster; ` +
      'OCS ignores them. Add them with: ocs-desk db indexes --create\n',
  );
}

function humanBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(0)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

export function printIndexReport(r: PerfIndexReport, verb: string | null, changed?: string[]): string {
  const lines: string[] = [];
  if (verb) lines.push(`${verb}: ${changed?.length ? changed.join(', ') : 'nothing to do'}`);
  for (const i of r.indexes) {
    const est = i.present
      ? ''
      : ` (about ${i.estimatedSeconds} s and ${humanBytes(i.estimatedBytes ?? 0)} for ${i.tableRows} rows)`;
    lines.push(
      `${i.present ? 'present' : 'missing'}  ${i.table}.${i.name} (${i.columns.join(', ')}): ${i.reason}${est}`,
    );
  }
  lines.push('These indexes only speed up OCS Desk; OCS (comm server, ocsreports) ignores them.');
  if (!r.canChange) {
    lines.push(
      r.blockedBy === 'read-only'
        ? 'This server is read-only: an administrator of the database server can create them elsewhere.'
        : `The account ${r.account} may not change the schema: connect with an account holding ALTER and INDEX on ${r.database} (e.g. the one given to db init), or ask the database administrator.`,
    );
  }
  return lines.join('\n') + '\n';
}

interface InitFlags {
  host: string;
  port: string;
  adminUser: string;
  adminPasswordEnv: string;
  database: string;
  appUser?: string;
  appPasswordEnv: string;
  appHost?: string[];
  /** `--demo` alone: the default fleet size; `--demo 120`: that many computers. */
  demo?: boolean | string;
  appUserExists: string;
  readonlyUser?: string;
  readonlyPasswordFile?: string;
  readonlyHost?: string[];
  readonlyUserExists: string;
  tls?: boolean;
  tlsCa?: string;
  tlsInsecure?: boolean;
  json?: boolean;
}

export function registerDbInitCommands(db: Command): void {
  db.command('init')
    .description(
      'create a database, optionally its application account, the OCS schema (level 7069) and default rows',
    )
    .option('--host <host>', 'database server (env OCS_DB_HOST)', process.env.OCS_DB_HOST ?? '127.0.0.1')
    .option('--port <port>', 'database port (env OCS_DB_PORT)', process.env.OCS_DB_PORT ?? '3306')
    .option('--admin-user <user>', 'privileged account that may create databases and users', 'root')
    .option(
      '--admin-password-env <var>',
      'environment variable holding that account password',
      'OCS_DB_ADMIN_PASSWORD',
    )
    .option('--database <name>', 'database to create', 'ocsweb')
    .option('--app-user <user>', 'also create this account and grant it the new database')
    .option(
      '--app-password-env <var>',
      'environment variable holding the new account password',
      'OCS_DB_PASSWORD',
    )
    .option('--app-host <host...>', 'host part(s) of the new account', ['localhost', '127.0.0.1'])
    .option('--app-user-exists <what>', 'if the account exists: fail, or grant (password unchanged)', 'fail')
    .option(
      '--readonly-user <user>',
      "also a read-only account for browse-only operators (SELECT, plus the console's own tables); alone, on an existing OCS database, only this account is added",
    )
    .option(
      '--readonly-password-file <file>',
      "file whose first line is the read-only account's password (else it is asked at the terminal)",
    )
    .option('--readonly-host <host...>', 'host part(s) of the read-only account', ['localhost', '127.0.0.1'])
    .option(
      '--readonly-user-exists <what>',
      'if the account exists: fail, or grant (password unchanged; refused if it may already write)',
      'fail',
    )
    .option(
      '--demo [computers]',
      'fill the new database with a generated demo fleet, marked as demo data (10-5000 computers, default 300)',
    )
    .option('--tls', 'use TLS to the database server')
    .option('--tls-ca <file>', 'CA file (PEM) that signed the database server certificate')
    .option('--tls-insecure', 'do not verify the database server certificate')
    .option('--json', 'print the result as JSON')
    .action(async (f: InitFlags) => {
      await runCommand(async (rt) => {
        const appPassword = process.env[f.appPasswordEnv] ?? '';
        if (f.appUser && !appPassword) {
          throw new AppError('VALIDATION_FAILED', {
            field: 'appUser.password',
            detail: `set ${f.appPasswordEnv}`,
          });
        }
        const readonlyPassword = f.readonlyUser
          ? await readSecret({
              file: f.readonlyPasswordFile,
              prompt: `password for the read-only account ${f.readonlyUser}: `,
              field: 'readonlyUser.password',
            })
          : '';
        const input = {
          server: {
            host: f.host,
            port: f.port,
            user: f.adminUser,
            password: process.env[f.adminPasswordEnv] ?? '',
            tls:
              f.tls || f.tlsCa ? { enabled: true, caFile: f.tlsCa, verifyServer: !f.tlsInsecure } : undefined,
          },
          database: f.database,
          appUser: f.appUser
            ? { user: f.appUser, password: appPassword, hosts: f.appHost, ifExists: f.appUserExists }
            : undefined,
          readonlyUser: f.readonlyUser
            ? {
                user: f.readonlyUser,
                password: readonlyPassword,
                hosts: f.readonlyHost,
                ifExists: f.readonlyUserExists,
              }
            : undefined,
          demo:
            f.demo === undefined ? undefined : { computers: f.demo === true ? undefined : Number(f.demo) },
        };
        const r = await rt.runJob('database.init', fromFlags(input), f.json ? 'none' : 'lines');
        if (f.json) {
          process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        } else {
          process.stdout.write(
            r.schemaCreated
              ? `database "${r.database}" ${r.databaseCreated ? 'created' : '(existing, empty) filled'}: ` +
                  `${r.tables} tables, ${r.rows} default rows, schema level ${r.guiVersion}\n`
              : `database "${r.database}": existing OCS schema level ${r.guiVersion}, unchanged\n`,
          );
          if (r.user) {
            process.stdout.write(
              `account ${r.user.user}@{${r.user.hosts.join(',')}}: ` +
                `${r.user.created.length ? 'created for ' + r.user.created.join(',') : 'existing'}, granted ${r.database}.*\n`,
            );
          }
          if (r.readonlyUser) {
            const ro = r.readonlyUser;
            process.stdout.write(
              `read-only account ${ro.user}@{${ro.hosts.join(',')}}: ` +
                `${ro.created.length ? 'created for ' + ro.created.join(',') : 'existing'}, SELECT on ${r.database}.*, ` +
                `writes only on ${ro.writableTables.join(', ') || 'nothing'}\n`,
            );
          }
          if (r.demo) {
            process.stdout.write(
              `demo data: ${r.demo.computers} generated computers, ${r.demo.softwareRows} software rows (marked as demo)\n`,
            );
          }
          if (r.schemaCreated)
            process.stdout.write('default operator: admin / admin (must be changed at first login)\n');
        }
      });
    });

  withDbOptions(
    db
      .command('upgrade')
      .description('upgrade an OCS schema (level 7039..7069) to the one OCS Desk creates (level 7069)')
      .option('--dry-run', 'only print what the upgrade would do')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: DbFlags & { dryRun?: boolean; json?: boolean }) => {
    await runCommand(async (rt) => {
      await rt.connect(flags);
      const report = await rt.call('database.inspect', {});
      if (flags.dryRun || !report.upgrade.possible) {
        if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else {
          process.stdout.write(
            `schema level ${report.schema.guiVersion ?? 'none'} (target ${report.targetLevel})\n`,
          );
          if (!report.upgrade.possible)
            process.stdout.write(`upgrade not possible: ${report.upgrade.reason}\n`);
          for (const s of report.upgrade.steps) process.stdout.write(`  - ${s}\n`);
        }
        if (!flags.json) await printIndexHint(rt);
        return report.upgrade.possible ? 0 : 1;
      }
      const r = await rt.runJob('database.upgrade', {}, flags.json ? 'none' : 'lines');
      if (flags.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        process.stdout.write(`upgraded from ${r.fromLevel} to ${r.toLevel}: ${r.steps.length} step(s)\n`);
        for (const u of r.untouched) process.stdout.write(`  left as it is: ${u}\n`);
        await printIndexHint(rt);
      }
    });
  });
}
