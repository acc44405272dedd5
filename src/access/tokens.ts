// The three kinds of bearer token. Sessions and embed tokens are JWTs signed with the server's secret
// (HS256, through jose) and expire; API tokens are random strings stored only as their SHA-256 hash, so a
// leaked database does not leak them. Embed tokens are also recorded by id, so that they can be revoked.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'dan-van-kheo-analytics';
const ALGORITHM = 'HS256';
/** A signed-in session lasts a working day. */
export const SESSION_SECONDS = 12 * 60 * 60;
/** API tokens start with this, which tells them from JWTs at a glance (and to secret scanners). */
export const API_TOKEN_PREFIX = 'dvk_';

export const CHART_TYPES = ['bar', 'line', 'gauge', 'table'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** What an embed token allows a widget to show, and nothing more. */
export interface EmbedGrant {
  indicator: string;
  unit: string;
  fromYear: number;
  toYear: number;
  chart: ChartType;
}

export type VerifiedToken =
  | { kind: 'session'; userId: number; expiresAt: Date }
  | { kind: 'embed'; id: string; grant: EmbedGrant; expiresAt: Date };

/** The signing key, from AUTH_SECRET. */
export interface Keys {
  secret: Uint8Array;
}

export function keysFrom(secret: string): Keys {
  return { secret: new TextEncoder().encode(secret) };
}

export async function signSession(keys: Keys, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ typ: 'session' })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setSubject(String(userId))
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .sign(keys.secret);
  return { token, expiresAt: new Date((issuedAt + SESSION_SECONDS) * 1000) };
}

export async function signEmbed(keys: Keys, id: string, grant: EmbedGrant, expiresAt: Date, now = new Date()): Promise<string> {
  return new SignJWT({ typ: 'embed', ind: grant.indicator, unit: grant.unit, from: grant.fromYear, to: grant.toYear, chart: grant.chart })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setJti(id)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keys.secret);
}

/** The token's claims if its signature, issuer and expiry hold; null otherwise (the caller says why not). */
export async function verifyJwt(keys: Keys, token: string, now = new Date()): Promise<VerifiedToken | null> {
  try {
    const { payload } = await jwtVerify(token, keys.secret, { issuer: ISSUER, algorithms: [ALGORITHM], currentDate: now, requiredClaims: ['exp'] });
    const expiresAt = new Date(payload.exp! * 1000);
    if (payload.typ === 'session' && /^\d+$/.test(payload.sub ?? '')) return { kind: 'session', userId: Number(payload.sub), expiresAt };
    const { ind, unit, from, to, chart } = payload;
    if (
      payload.typ === 'embed' && typeof payload.jti === 'string' && typeof ind === 'string' && typeof unit === 'string' &&
      Number.isInteger(from) && Number.isInteger(to) && CHART_TYPES.includes(chart as ChartType)
    ) {
      return { kind: 'embed', id: payload.jti, grant: { indicator: ind, unit, fromYear: from as number, toYear: to as number, chart: chart as ChartType }, expiresAt };
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Whether a bearer token claims to be an embed token. Unverified on purpose: it only decides whether the
 * request is held to the persisted operations, and a forged claim gains nothing (verification follows).
 */
export function claimsEmbed(token: string): boolean {
  try {
    return decodeJwt(token).typ === 'embed';
  } catch {
    return false;
  }
}

export function newApiToken(): { token: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newEmbedId(): string {
  return randomBytes(12).toString('base64url');
}
