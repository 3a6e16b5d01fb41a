import { Command } from 'commander';
import { APP_VERSION } from '../app/version';
import { registerDbCommands } from './commands/db';
import { registerCertCommands } from './commands/cert';
import { registerComputersCommands } from './commands/computers';
import { registerScanCommand } from './commands/scan';
import { registerPackageCommands } from './commands/package';
import { registerImportCommands } from './commands/import';
import { registerGroupsCommands } from './commands/groups';
import { registerBackupCommands } from './commands/backup';
import { registerDiagnoseCommand } from './commands/diagnose';
import { registerSnmpCommands } from './commands/snmp';
import { registerExportCommands } from './commands/export';
import { registerCveCommands } from './commands/cve';

/** `ocs-desk`: scripted work on the same services and router as the app. */
export function buildProgram(): Command {
  const program = new Command('ocs-desk')
    .description('OCS Desk: administration console for OCS Inventory NG (command line)')
    .version(APP_VERSION)
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nDatabase options default to the OCS_DB_HOST, OCS_DB_PORT, OCS_DB_NAME, OCS_DB_USER and OCS_DB_PASSWORD\n' +
        'environment variables. The password is only read from the environment, never from a flag.\n' +
        'Exit codes: 0 ok, 1 error, 2 bad input, 3 database, 4 authorisation, 5 file, 6 external tool, 7 no OCS schema, 8 a diagnostic is red.',
    );
  registerDbCommands(program);
  registerCertCommands(program);
  registerComputersCommands(program);
  registerScanCommand(program);
  registerPackageCommands(program);
  registerImportCommands(program);
  registerGroupsCommands(program);
  registerBackupCommands(program);
  registerDiagnoseCommand(program);
  registerSnmpCommands(program);
  registerExportCommands(program);
  registerCveCommands(program);
  return program;
}

if (require.main === module) {
  void buildProgram().parseAsync(process.argv);
}
