/**
 * Debian's Chromium as the e2e tests and bench:browser drive it: one set of switches and one viewport,
 * so the benchmark measures the browser the tests check.
 */
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
  ],
};
export const VIEWPORT = { width: 1400, height: 900 };
