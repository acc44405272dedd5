// What every resolver receives. Built once per request, so per-request caches (dataloaders) live here.
import type { Database } from './db/client.ts';

export interface Context {
  db: Database;
  /** The default for `asOf` arguments: the current day at 00:00 UTC, fixed for the whole request. */
  today: Date;
}

export function createContext(db: Database, now = new Date()): Context {
  return { db, today: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) };
}
