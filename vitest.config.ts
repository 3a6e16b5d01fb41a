import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's alias, for the renderer's pure modules tested here (e.g. the wizards' step checks).
  resolve: { alias: { '@shared': path.resolve(__dirname, 'shared') } },
  test: {
    env: { OCS_DESK_LOG_LEVEL: process.env.OCS_DESK_LOG_LEVEL ?? 'error' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Different maxWorkers per project need distinct group orders (unit files run first).
          sequence: { groupOrder: 0 },
          include: [
            'shared/**/*.test.ts',
            'src-main/**/*.test.ts',
            'src-renderer/**/*.test.ts',
            'test/unit/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
          ],
          environment: 'node',
          // Generous: CI machines are shared and loaded; a unit test asserts behaviour, never speed
          // (speed lives in bench/).
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // A hang guard, not a speed check: a test that drives the shared OCS stack first waits for
          // its lock (test/helpers/ocs-stack.ts) while other files use it, and that wait counts here; on
          // a loaded machine it reached minutes (tests failed at 120-240 s that pass alone).
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // Two cores: a few files at once against the real MariaDB; tests that drive the
          // shared OCS stack serialise themselves with test/helpers/ocs-stack.ts.
          maxWorkers: 3,
        },
      },
    ],
  },
});
