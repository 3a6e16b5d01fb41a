import type { Command } from 'commander';
import type { ServerInfo } from '../../../shared/contract/connection';
import { connectionFromFlags, withDbOptions, type DbFlags } from '../db-options';
import { runCommand } from '../runtime';

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

  withDbOptions(
    db
      .command('check')
      .description('connect, print the server version and whether an OCS schema is there')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: DbFlags & { json?: boolean }) => {
    await runCommand(async (rt) => {
      const info = await rt.call<ServerInfo>('connection.test', connectionFromFlags(flags));
      if (flags.json) {
        process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      } else {
        process.stdout.write(`server: ${info.flavor} ${info.serverVersion} at ${flags.host}:${flags.port}\n`);
        process.stdout.write(`schema: ${describeSchema(info)}\n`);
      }
      return info.schema.state === 'missing' || info.schema.state === 'unknown' ? 7 : 0;
    });
  });
}
