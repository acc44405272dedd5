// What every request reads first: the data version, and who asks. Each is read once per request, whoever
// asks first (the response cache, the context or the facts). The version comes before the viewer's check
// and before any fact: the answers cached under it and the kept tallies stored from the request's facts
// depend on that order.
//
// A session or embed token is checked against the database once per data version, then remembered by this
// server until the version moves or the token expires: a cached answer then costs one statement.
// Disabling a user and revoking an embed token raise the version (src/access/accounts.ts), so either is
// refused on the next request. API tokens are checked on every use, which records the last one. An embed
// token's portal origins are held against each request's own Origin, after the check it reuses.
import { GraphQLError } from 'graphql';
import { requirePortalOrigin } from '../access/portals.ts';
import { ANONYMOUS, authenticate, type Authenticated, type Viewer } from '../access/viewer.ts';
import { bearerToken, claimsEmbed, type Keys } from '../access/tokens.ts';
import type { Database } from '../db/client.ts';
import { dataVersions, type DataVersions } from '../db/data-version.ts';
import { getOrMake } from '../lib/maps.ts';

/** Checks remembered per server: the oldest go first. */
const MAX_REMEMBERED = 10_000;

/**
 * The Authorization header as every reader sees it (the rate limit, the check, the persisted operations):
 * HTTP's optional spaces and tabs around it removed, nothing else. A byte outside ASCII (a trailing 0xA0)
 * stays, so that the header is refused rather than read as the token it resembles.
 */
export function authorizationOf(request: Request): string | null {
  return request.headers.get('authorization')?.replace(/^[ \t]+|[ \t]+$/g, '') ?? null;
}

/** Whether the request's bearer token claims to be an embed token (unverified: see claimsEmbed). */
export const claimsEmbedToken = (request: Request) => claimsEmbed(bearerToken(authorizationOf(request) ?? '') ?? '');

/** Whether a header can be a bearer token at all: tokens are printable ASCII. */
export const isAsciiHeader = (header: string) => /^[\x20-\x7e]*$/.test(header);

export interface RequestReads {
  versions(request: Request): Promise<DataVersions>;
  viewer(request: Request): Promise<Viewer>;
}

/** `corsOrigins`: the pages that may show an embed token that names no portal origins of its own. */
export function requestReads(db: Database, keys: Keys, corsOrigins: string[]): RequestReads {
  const versions = perRequest((_request) => unavailableIfFailing(dataVersions(db)));
  const remembered = new Map<string, Authenticated & { version: number }>();
  const viewer = perRequest(async (request) => {
    const authorization = authorizationOf(request);
    if (authorization === null) return ANONYMOUS;
    const { version } = await versions(request);
    const known = remembered.get(authorization);
    const checked =
      known && known.version === version && known.reusableUntil!.getTime() > Date.now()
        ? known
        : await unavailableIfFailing(authenticate(db, keys, authorization));
    if (checked !== known && checked.reusableUntil) {
      remembered.delete(authorization);
      remembered.set(authorization, { ...checked, version });
      if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    }
    if (checked.viewer.kind === 'embed') requirePortalOrigin(request, checked.viewer, corsOrigins);
    return checked.viewer;
  });
  return { versions, viewer };
}

function perRequest<T>(read: (request: Request) => Promise<T>): (request: Request) => Promise<T> {
  const answers = new WeakMap<Request, Promise<T>>();
  return (request) => getOrMake(answers, request, () => read(request));
}

/** A database that does not answer is said so (503), not hidden in a generic failure. */
async function unavailableIfFailing<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    throw new GraphQLError('The database does not answer: try again in a moment.', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
  }
}
