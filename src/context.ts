// What every resolver receives. Built once per request, so per-request caches (the facts' dataloaders, the
// data version read once) live here and never outlive the request: a write is visible to the next one. The
// unit tree is the server's, read again when the tree version moves (src/analytics/facts.ts).
import { Scope } from './access/scope.ts';
import type { Keys } from './access/tokens.ts';
import { actorOf, ANONYMOUS, type Viewer } from './access/viewer.ts';
import { createFacts, type Facts } from './analytics/facts.ts';
import type { Database } from './db/client.ts';
import type { DataVersions } from './db/data-version.ts';

export interface Context {
  db: Database;
  /** The default for `asOf` arguments and the base of relative periods: today at 00:00 UTC, fixed per request. */
  today: Date;
  facts: Facts;
  /** Who is asking (src/access/viewer.ts); the rules of every field are judged on it. */
  viewer: Viewer;
  /** The subtree the viewer reads and writes. */
  scope: Scope;
  /** Who the audit trail names for this request's writes. */
  actor: string;
  /** The signing key for sessions and embed tokens; absent where nothing is signed (tests of reads). */
  keys?: Keys;
  /** Set by a resolver whose answer moves without a write (how far an import is): the answer is not cached. */
  uncached: boolean;
}

export interface ContextOptions {
  now?: Date;
  viewer?: Viewer;
  keys?: Keys;
  /** Reads the request's data versions, once (src/server/requests.ts); by default, on the facts' first use. */
  versions?: () => Promise<DataVersions>;
}

export function createContext(db: Database, { now = new Date(), viewer = ANONYMOUS, keys, versions }: ContextOptions = {}): Context {
  const facts = createFacts(db, versions);
  return {
    db,
    today: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())),
    facts,
    viewer,
    scope: Scope.of(viewer, facts.tree),
    actor: actorOf(viewer),
    keys,
    uncached: false,
  };
}
