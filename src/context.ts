// What every resolver receives. Built once per request, so per-request caches (dataloaders, the unit tree
// of the analytics) live here and never outlive the request: a write is visible to the next one.
import { createFacts, type Facts } from './analytics/facts.ts';
import type { Database } from './db/client.ts';

export interface Context {
  db: Database;
  /** The default for `asOf` arguments and the base of relative periods: today at 00:00 UTC, fixed per request. */
  today: Date;
  facts: Facts;
  /** Whether indicator administration is switched on (INDICATOR_ADMIN=true); access control comes later. */
  indicatorAdmin: boolean;
}

export interface ContextOptions {
  now?: Date;
  indicatorAdmin?: boolean;
}

export function createContext(db: Database, { now = new Date(), indicatorAdmin = false }: ContextOptions = {}): Context {
  return {
    db,
    today: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    facts: createFacts(db),
    indicatorAdmin,
  };
}
