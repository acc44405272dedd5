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
  /** Whether the data-entry mutations are switched on (DATA_ENTRY=true); access control comes later. */
  dataEntry: boolean;
  /** Who the audit trail names for this request's writes. */
  actor: string;
  /** Coverages this request has asked for so far, against the per-request limit. */
  coveragesAsked: number;
}

export interface ContextOptions {
  now?: Date;
  indicatorAdmin?: boolean;
  dataEntry?: boolean;
  actor?: string | null;
}

export function createContext(db: Database, { now = new Date(), indicatorAdmin = false, dataEntry = false, actor }: ContextOptions = {}): Context {
  return {
    db,
    today: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    facts: createFacts(db),
    indicatorAdmin,
    dataEntry,
    actor: actorName(actor),
    coveragesAsked: 0,
  };
}

/**
 * Until users sign in, a client names itself in the X-DVK-Actor header (an officer's name or an import
 * job); the name is cut to printable text of a sane length, and "anonymous" when absent.
 */
function actorName(claimed: string | null | undefined): string {
  const name = (claimed ?? '').replace(/[^\p{L}\p{N} .@_-]/gu, '').trim().slice(0, 100);
  return name || 'anonymous';
}
