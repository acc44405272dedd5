// Who the tests ask as: viewers for contexts built directly, and real users with signed sessions for the
// tests that go through HTTP (their tokens are verified like any client's).
import type { Role } from '../../src/access/roles.ts';
import { keysFrom, signSession } from '../../src/access/tokens.ts';
import type { SignedIn } from '../../src/access/viewer.ts';
import { createContext } from '../../src/context.ts';
import { lockedOut, type Database } from '../../src/db/client.ts';
import { createServer, type ServerOptions } from '../../src/server/yoga.ts';

/** The signing key of every test server. */
export const testKeys = keysFrom('a test secret that is long enough to sign with');

/** A whole-country administrator, for tests about something other than access. */
export const nationalAdmin: SignedIn = { kind: 'user', id: 0, username: 'test.admin', displayName: 'Test administrator', role: 'ADMIN', unit: null };

/** A context as the national administrator (or another viewer). */
export function contextAs(db: Database, viewer: SignedIn = nationalAdmin) {
  return createContext(db, { viewer, keys: testKeys });
}

/** A test server with the test key; options as createServer's. */
export function testServer(db: Database, options: Omit<ServerOptions, 'keys'> = {}) {
  return createServer(db, { keys: testKeys, ...options });
}

/**
 * A user with this name, role and unit (created on first use: test files share the demo database, so the
 * same name always means the same user) and a signed session for them, as an Authorization header.
 */
export async function signedInAs(db: Database, username: string, role: Role = 'ADMIN', unitCode: string | null = null): Promise<string> {
  const unitId = unitCode === null ? null : (await db.unit.findUniqueOrThrow({ where: { code: unitCode }, select: { id: true } })).id;
  // Test files share the demo database: another file's write may hold SQLite's lock for a while.
  const user = await whileLockedOut(() =>
    db.$transaction((tx) => tx.user.upsert({ where: { username }, create: { username, displayName: username, role, unitId }, update: {} })),
  );
  return `Bearer ${(await signSession(testKeys, user.id)).token}`;
}

/** Tries again, for up to a minute, what SQLite refused because another connection held its write lock. */
async function whileLockedOut<T>(work: () => Promise<T>): Promise<T> {
  for (const started = Date.now(); ; ) {
    try {
      return await work();
    } catch (error) {
      if (!lockedOut(error) || Date.now() - started > 60_000) throw error;
    }
  }
}
