import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutBoxLines, aboutInfo, aboutLines } from '../app/about';
import { menuTemplate } from './menu-template';

const actions = () => ({
  connectRecent: vi.fn(),
  openLogs: vi.fn(),
  showAbout: vi.fn(),
  openDocs: vi.fn(),
});
const sub = (m: MenuItemConstructorOptions[], id: string) =>
  (m.find((i) => i.id === id)?.submenu ?? []) as MenuItemConstructorOptions[];
const click = (i: MenuItemConstructorOptions | undefined) =>
  (i?.click as unknown as () => void | undefined)?.();

describe('application menu', () => {
  it('has File (recent connections, Open Logs, Quit), Edit, View and Help with About on Linux/Windows', () => {
    const a = actions();
    const m = menuTemplate({
      platform: 'linux',
      recent: [{ name: 'Lab', detail: 'ocs@db:3306 / ocs' }],
      actions: a,
    });
    expect(m.map((i) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const file = sub(m, 'file');
    const recent = file.find((i) => i.id === 'recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent[0]!.label).toContain('Lab');
    click(recent[0]);
    expect(a.connectRecent).toHaveBeenCalledWith('Lab');
    click(file.find((i) => i.id === 'open-logs'));
    expect(a.openLogs).toHaveBeenCalled();
    expect(file.some((i) => i.role === 'quit')).toBe(true);
    click(sub(m, 'help').find((i) => i.id === 'about'));
    expect(a.showAbout).toHaveBeenCalled();
    expect(sub(m, 'view').some((i) => i.role === 'reload' || i.role === 'toggleDevTools')).toBe(false);
  });

  it('says when there is no saved connection, and follows macOS conventions', () => {
    const m = menuTemplate({ platform: 'darwin', recent: [], actions: actions() });
    expect(m[0]!.label).toBe('OCS Desk');
    expect((m[0]!.submenu as MenuItemConstructorOptions[])[0]!.id).toBe('about');
    const recent = sub(m, 'file').find((i) => i.id === 'recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent).toEqual([expect.objectContaining({ enabled: false })]);
    expect(m.some((i) => i.role === 'windowMenu')).toBe(true);
  });

  it('About lists OCS Desk, Electron, Chromium, Node and the DB server', () => {
    const lines = aboutLines(
      aboutInfo({ ...process.versions, electron: '41.7.1', chrome: '140.0.1' }, '11.4.2-MariaDB'),
    );
    expect(lines.join('\n')).toMatch(/OCS Desk .*\nElectron 41\.7\.1\nChromium 140\.0\.1\nNode\.js /);
    expect(lines.at(-1)).toBe('Database server 11.4.2-MariaDB');
    expect(aboutInfo(process.versions, null).electron).toBeNull();
  });

  it('the native About box shows what system.about says (schema level included), or the versions alone', async () => {
    const data = { ...aboutInfo(process.versions, '10.11.6-MariaDB'), schemaLevel: '7069' };
    const lines = await aboutBoxLines(() => Promise.resolve({ ok: true, data }));
    expect(lines.slice(-2)).toEqual(['Database server 10.11.6-MariaDB', 'OCS schema level 7069']);
    const failed = await aboutBoxLines(() => Promise.reject(new Error('router down')));
    expect(failed.at(-1)).toBe('Database server: not connected');
  });
});
