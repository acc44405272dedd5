import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Migrates and seeds one demo database per provider (SQLite and PostgreSQL) for the whole run.
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers would only fight over them and over PostgreSQL.
    maxWorkers: 2,
  },
});
