import os from 'node:os';
import path from 'node:path';

/**
 * Where OCS Desk keeps its settings: `OCS_DESK_CONFIG_DIR` when set (tests), else
 * `$XDG_CONFIG_HOME/ocs-desk` or `~/.config/ocs-desk`. The Electron app passes its userData folder.
 */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OCS_DESK_CONFIG_DIR) return path.resolve(env.OCS_DESK_CONFIG_DIR);
  const base =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(base, 'ocs-desk');
}
