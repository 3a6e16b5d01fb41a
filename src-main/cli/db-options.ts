import type { Command } from 'commander';
import { ConnectionParams } from '../../shared/contract/connection';

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
    .option('--tls-insecure', 'do not verify the database server certificate');
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
}

/** The password is never a flag value (it would show in `ps` and shell history). */
export function connectionFromFlags(f: DbFlags): ConnectionParams {
  return ConnectionParams.parse({
    host: f.host,
    port: f.port,
    database: f.database,
    user: f.user,
    password: process.env[f.passwordEnv] ?? '',
    tls: f.tls || f.tlsCa ? { enabled: true, caFile: f.tlsCa, verifyServer: !f.tlsInsecure } : undefined,
  });
}
