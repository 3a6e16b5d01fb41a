import { spawn } from 'node:child_process';

export interface BrowserCommand {
  command: string;
  args: string[];
}

/**
 * How to open a URL in the default browser on this platform, or null when there is no desktop to open
 * it on (a Linux or BSD session without X11/Wayland, e.g. over SSH). Argument arrays, never a shell.
 */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): BrowserCommand | null {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // rundll32 hands the URL to the registered browser without cmd.exe parsing it.
  if (platform === 'win32') return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return { command: 'xdg-open', args: [url] };
}

/** Opens `url` in the default browser; resolves false when none could be started (nothing to open it on). */
export function openInBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const cmd = browserCommand(url, platform, env);
  if (!cmd) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, { stdio: 'ignore', detached: true });
    // Some openers wait for the browser they started: still running after 3 s means it opened.
    const timer = setTimeout(() => resolve(true), 3000);
    timer.unref();
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
    child.unref();
  });
}
