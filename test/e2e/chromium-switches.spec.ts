import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { BROWSER_UI_FEATURES, PLAYWRIGHT_DISABLED_FEATURES } from './chromium';

/** /proc/<pid>/cmdline as arguments ('' when the process is gone). */
function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

test.describe('the Chromium the tests drive', () => {
  test('runs no browser-UI renderer beside the page, and keeps the features Playwright disables', async ({
    page,
    browser,
  }) => {
    await page.goto('about:blank');
    // Chromium starts its own omnibox popup WebUI a moment after a window opens: give it that moment.
    await page.waitForTimeout(1500);
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{ type: string; id: number }>;
    };
    const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => cmdline(p.id));
    expect(renderers.length).toBeGreaterThan(0);
    expect(renderers.filter((args) => args.some((a) => a.includes('webui')))).toEqual([]);

    const browserProc = processInfo.find((p) => p.type === 'browser');
    const switches = cmdline(browserProc!.id).filter((a) => a.startsWith('--disable-features='));
    // Chromium honours only the last one: it must hold Playwright's own list and ours.
    const last = switches.at(-1)!.slice('--disable-features='.length).split(',');
    for (const f of [...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES]) expect(last).toContain(f);
    const playwrights = switches
      .slice(0, -1)
      .flatMap((s) => s.slice('--disable-features='.length).split(','));
    expect(playwrights.filter((f) => !last.includes(f) && !f.startsWith('ms'))).toEqual([]);
    await cdp.detach();
  });
});
