import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH, VIEWPORT } from './test/e2e/chromium';

/** E2E in Debian's Chromium against the web shell (the Electron binary is not downloadable here). */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  projects: [
    { name: 'screens', testIgnore: '**/ipdiscover.spec.ts' },
    // Creating veth pairs changes the host's network: Chromium then aborts in-flight requests of other
    // pages (ERR_NETWORK_CHANGED). The namespace spec therefore runs alone, after the others.
    { name: 'network-namespaces', testMatch: '**/ipdiscover.spec.ts', dependencies: ['screens'] },
  ],
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: VIEWPORT,
    // A trace records what the test typed and sent (the planted passwords of the login forms), and the
    // secret sweep that ends `npm test` searches test-results/: CI keeps screenshots and error contexts.
    trace: process.env.CI ? 'off' : 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
});
