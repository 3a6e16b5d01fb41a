/**
 * Debian's Chromium as the e2e tests and bench:browser drive it: one set of switches and one viewport,
 * so the benchmark measures the browser the tests check.
 */

/**
 * Chromium keeps only the LAST `--disable-features` switch, so ours must repeat the list Playwright
 * (1.65, pinned) passes itself, then add ours: headless Chromium 156 starts its own omnibox popup WebUI
 * (a third renderer, lit components, ~1 s of CPU) with every new browser context, right while the page
 * under test loads. On 2 cores that stretched every cold first screen and every e2e test's first page.
 * chromium-switches.spec.ts checks that no such renderer runs and that Playwright's entries are kept.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];
export const BROWSER_UI_FEATURES = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxAimPopup',
  'WebUIOmniboxFullPopup',
  'PreloadTopChromeWebUI',
];

export const CHROMIUM_LAUNCH = {
  executablePath: process.env.OCS_DESK_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES].join(',')}`,
  ],
};
export const VIEWPORT = { width: 1400, height: 900 };
