import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/setup/compile-cli.ts'],
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: [
            'src/core/**/*.test.ts',
            'src/data/**/*.test.ts',
            'src/cli/**/*.test.ts',
            'tests/unit/**/*.test.ts',
            'tests/arch/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      { test: { name: 'build', environment: 'node', include: ['tests/build/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
