import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build for Pothos and yoga; Vite would give our sources its ES build, and
  // graphql refuses types from "another realm". One build for all.
  resolve: { alias: { graphql: 'graphql/index.js' } },
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
