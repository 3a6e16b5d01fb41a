import type { Command } from 'commander';
import { ConnectionParams } from '../../shared/contract/connection';
import { AppError } from '../platform/errors';
import { defaultConfigDir } from '../profiles/config-dir';
import { ProfilesService } from '../profiles/profiles.service';
import { KeyFileSecretBox } from '../profiles/secret-box';

/** Adds the DB connection flags; each defaults to the OCS_DB_* variable that ocs-stack.sh env prints. */
export function withDbOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'database server (env OCS_DB_HOST)', process.env.OCS_DB_HOST ?? '127.0.0.1')
    .option('--port <port>', 'database port (env OCS_DB_PORT)', process.env.OCS_DB_PORT ?? '3306')
    .option('--database <name>', 'OCS database (env OCS_DB_NAME)', process.env.OCS_DB_NAME ?? 'ocsweb')
    .option('--user <user>', 'database user (env OCS_DB_USER)', process.env.OCS_DB_USER ?? 'ocs')
    .option('--password-env <var>', 'read the password from this environment variable', 'OCS_DB_PASSWORD')
    .option('--tls', 'use TLS to the database server')
    .option('--tls-ca <file>', 'CA file (PEM) that signed the database server certificate')
    .option('--tls-insecure', 'do not verify the database server certificate')
    .option(
      '--profile <name>',
      'use a saved connection profile (overrides the flags above; env OCS_DESK_PROFILE)',
      process.env.OCS_DESK_PROFILE,
    );
}

export interface DbFlags {
  host: string;
  port: string;
  database: string;
  user: string;
  passwordEnv: string;
  tls?: boolean;
  tlsCa?: string;
  tlsInsecure?: boolean;
  profile?: string;
}

/** The password is never a flag value (it would show in `ps` and shell history). */
export function connectionFromFlags(f: DbFlags): ConnectionParams {
  if (f.profile) {
    throw new AppError('VALIDATION_FAILED', {
      field: 'profile',
      detail: 'this command does not read profiles yet; use the --host/--user flags',
    });
  }
  return ConnectionParams.parse({
    host: f.host,
    port: f.port,
    database: f.database,
    user: f.user,
    password: process.env[f.passwordEnv] ?? '',
    tls: f.tls || f.tlsCa ? { enabled: true, caFile: f.tlsCa, verifyServer: !f.tlsInsecure } : undefined,
  });
}

/**
 * Like connectionFromFlags, but `--profile NAME` loads a saved profile (config folder of
 * defaultConfigDir(), passwords from the key-file box) with its read replica, if any.
 */
export async function resolveConnection(
  f: DbFlags,
): Promise<{ primary: ConnectionParams; replica?: ConnectionParams }> {
  if (!f.profile) return { primary: connectionFromFlags(f) };
  const dir = defaultConfigDir();
  const { primary, replica } = await new ProfilesService(dir, [new KeyFileSecretBox(dir)]).params(f.profile);
  return { primary, replica };
}
