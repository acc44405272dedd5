import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build for Pothos and yoga; Vite would give our sources its ES build, and
  // graphql refuses types from "another realm". One build for all.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A poll waits for a page or a server to answer: a sign-in's scrypt and round trip took more than
    // expect.poll's default second on a busy two-core machine (a CI run failed there).
    expect: { poll: { timeout: 10_000 } },
    // Two cores: more workers only fight over them and over PostgreSQL (three took as long as two).
    maxWorkers: 2,
    // Each worker loads the sources once for all its files rather than once per file (70 s of the suite's
    // time went to loading them again). Files share no state through modules: each opens its own clients.
    isolate: false,
    // Three kinds of test, each in its folder: `npm test -- tests/unit` needs no database and takes seconds.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      // The demo database on both providers, seeded once per checkout's sources (tests/support/global-setup.ts).
      { extends: true, test: { name: 'database', include: ['tests/database/**/*.test.ts'], globalSetup: ['tests/support/global-setup.ts'] } },
      // Real headless Chromium against real servers, on the same demo databases.
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], globalSetup: ['tests/support/global-setup.ts'] } },
    ],
  },
});
