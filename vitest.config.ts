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
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Two cores: a few files at once against the real MariaDB; tests that drive the
          // shared OCS stack serialise themselves with test/helpers/ocs-stack.ts.
          maxWorkers: 3,
        },
      },
    ],
  },
});
