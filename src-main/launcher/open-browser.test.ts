import { describe, expect, it } from 'vitest';
import { browserCommand, openInBrowser } from './open-browser';

const URL = 'http://127.0.0.1:4000/#token=abc';

describe('browserCommand', () => {
  it('uses the desktop opener of each platform, with the URL as one argument (no shell)', () => {
    expect(browserCommand(URL, 'darwin', {})).toEqual({ command: 'open', args: [URL] });
    expect(browserCommand(URL, 'win32', {})).toEqual({
      command: 'rundll32.exe',
      args: ['url.dll,FileProtocolHandler', URL],
    });
    expect(browserCommand(URL, 'linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [URL] });
    expect(browserCommand(URL, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })?.command).toBe('xdg-open');
  });

  it('has nothing to open on a Linux session without a display (SSH, server)', () => {
    expect(browserCommand(URL, 'linux', {})).toBeNull();
    expect(browserCommand(URL, 'freebsd', {})).toBeNull();
  });

  it('reports false when there is no display or the opener is missing', async () => {
    await expect(openInBrowser(URL, 'linux', {})).resolves.toBe(false);
    await expect(openInBrowser(URL, 'linux', { DISPLAY: ':0', PATH: '/nonexistent' })).resolves.toBe(false);
  });
});
