import { defineConfig } from 'vitest/config';

/**
 * `npm run test:packages`: packs both packages, installs the tarballs into
 * fresh folders and uses them as a site owner and a developer would. Apart
 * from `npm test` because installing compiles SQLite (a minute or more); CI
 * runs both.
 */
export default defineConfig({
  test: {
    include: ['test/packages/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 1_500_000,
  },
});
