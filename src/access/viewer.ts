// Who is asking: read once per request from the Authorization header. No header is an anonymous viewer,
// who may only sign in; a header that does not hold a valid token is refused outright (401), never
// treated as anonymous, so that a client with a stale token learns it at once.
import type { Database } from '../db/client.ts';
import { EmbedRefusedError, UnauthenticatedError } from '../errors.ts';
import { portalOriginsFrom } from './portals.ts';
import type { Role } from './roles.ts';
import { API_TOKEN_PREFIX, bearerToken, hashApiToken, verifyJwt, type EmbedGrant, type Keys } from './tokens.ts';

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface SignedIn {
  kind: 'user';
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The unit whose subtree the user reads and writes; null for the whole country. */
  unit: UnitRef | null;
  /** The API token the request carries, by id; absent for a signed-in session. */
  apiToken?: number;
}

export interface Embedded {
  kind: 'embed';
  id: string;
  grant: EmbedGrant;
  /** The origins of the pages that may show it; null: the server's CORS_ORIGINS (src/access/portals.ts). */
  portalOrigins: string[] | null;
}

export type Viewer = { kind: 'anonymous' } | SignedIn | Embedded;

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** An API token's last use is written at most this often, so that reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

const userSelect = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  disabledAt: true,
  unit: { select: { id: true, code: true, name: true } },
} as const;

type UserRow = { id: number; username: string; displayName: string; role: Role; disabledAt: Date | null; unit: UnitRef | null };

/** The reuse of a check of an embed token that never expires: until a write raises the data version. */
const NEVER = new Date(8.64e15);

/**
 * Who asks, and until when this answer may be reused without asking the database again while no write
 * raises the data version: the token's expiry for a session or an embed token; never (null) for an API
 * token, whose every use is checked and recorded, or for no token.
 */
export interface Authenticated {
  viewer: Viewer;
  reusableUntil: Date | null;
}

function signedIn(user: UserRow | null, apiToken?: number): SignedIn {
  if (!user || user.disabledAt) throw new UnauthenticatedError('This account is disabled or no longer exists.');
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unit: user.unit,
    ...(apiToken ? { apiToken } : {}),
  };
}

export async function authenticate(db: Database, keys: Keys, authorization: string | null, now = new Date()): Promise<Authenticated> {
  if (!authorization) return { viewer: ANONYMOUS, reusableUntil: null };
  // The header comes normalised (src/server/requests.ts authorizationOf): trimming it again here would
  // strip Unicode spaces such as a trailing U+00A0 and accept a header the rate limit counted as another.
  const token = bearerToken(authorization);
  if (!token) throw new UnauthenticatedError('The Authorization header must read "Bearer <token>".');

  if (token.startsWith(API_TOKEN_PREFIX)) {
    const stored = await db.apiToken.findUnique({ where: { hash: hashApiToken(token) }, include: { user: { select: userSelect } } });
    if (!stored || stored.revokedAt || (stored.expiresAt && stored.expiresAt <= now)) {
      throw new UnauthenticatedError('This API token is unknown, revoked or expired.');
    }
    const viewer = signedIn(stored.user, stored.id);
    if (!stored.lastUsedAt || now.getTime() - stored.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      // A mark to the hour, which the request does not wait for: in a transaction, so that on SQLite it
      // waits for another connection's write (an import's) between tries rather than in a sleep of the
      // request thread, and is left unwritten if that write goes on past its tries.
      void db.$transaction((tx) => tx.apiToken.update({ where: { id: stored.id }, data: { lastUsedAt: now } })).catch(() => {});
    }
    return { viewer, reusableUntil: null };
  }

  const verified = await verifyJwt(keys, token, now);
  if (!verified) throw new UnauthenticatedError('The token is not valid or has expired: sign in again, or ask for a new embed token.');
  if (verified.kind === 'session')
    return { viewer: signedIn(await db.user.findUnique({ where: { id: verified.userId }, select: userSelect })), reusableUntil: verified.expiresAt };
  const stored = await db.embedToken.findUnique({ where: { id: verified.id }, select: { revokedAt: true, expiresAt: true, portalOrigins: true } });
  if (!stored) throw new UnauthenticatedError('This embed token is not known to this server.');
  if (stored.revokedAt)
    throw new EmbedRefusedError('EMBED_TOKEN_REVOKED', `Embed token ${verified.id} was revoked on ${stored.revokedAt.toISOString()}.`, {
      tokenId: verified.id,
      revokedAt: stored.revokedAt.toISOString(),
    });
  // Tokens issued before portal origins also carry their expiry signed: the earlier of the two holds.
  const expiresAt = [verified.expiresAt, stored.expiresAt].filter((date) => date !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  if (expiresAt && expiresAt <= now)
    throw new EmbedRefusedError('EMBED_TOKEN_EXPIRED', `Embed token ${verified.id} expired on ${expiresAt.toISOString()}.`, {
      tokenId: verified.id,
      expiredAt: expiresAt.toISOString(),
    });
  return {
    viewer: { kind: 'embed', id: verified.id, grant: verified.grant, portalOrigins: portalOriginsFrom(stored.portalOrigins) },
    reusableUntil: expiresAt ?? NEVER,
  };
}

/** The name the audit trail records for a viewer's writes. */
export function actorOf(viewer: Viewer): string {
  return viewer.kind === 'user' ? viewer.username : viewer.kind;
}
