// Configuration from the environment, read once. Every variable has a default that serves the embedded
// SQLite demo, so `npm start` needs none of them.
import { providerOf } from './db/datamodel.ts';

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  /** Fill an empty database with the demo data at start-up. */
  seedDemo: boolean;
  /** Allow the mutations that create and change indicators (off until access control exists). */
  indicatorAdmin: boolean;
  /** Allow the data-entry mutations (off until access control exists). */
  dataEntry: boolean;
  /** Origins allowed to call the API from a browser: the portals that embed widgets. */
  corsOrigins: string[];
}

export function readConfig(): Config {
  const databaseUrl = process.env.DATABASE_URL || 'file:./data/dvk.sqlite';
  providerOf(databaseUrl); // fail at start-up, not at the first query
  return {
    databaseUrl,
    port: integer('PORT', 4000),
    host: process.env.HOST || '0.0.0.0',
    seedDemo: process.env.SEED_DEMO !== 'false',
    indicatorAdmin: process.env.INDICATOR_ADMIN === 'true',
    dataEntry: process.env.DATA_ENTRY === 'true',
    // The default lets the portal example (npm run portal) embed widgets.
    corsOrigins: (process.env.CORS_ORIGINS ?? 'http://localhost:4001,http://127.0.0.1:4001').split(',').map((origin) => origin.trim()).filter(Boolean),
  };
}
