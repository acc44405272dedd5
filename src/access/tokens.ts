// The three kinds of bearer token. Sessions and embed tokens are JWTs signed with the server's secret
// (HS256, through jose); API tokens are random strings stored only as their SHA-256 hash, so a leaked
// database does not leak them. Embed tokens are also recorded by id, and the record decides whether one
// still works: its revocation, its expiry (tokens issued since portal origins carry no `exp` claim, so that
// a portal keeps its token while administrators move the date) and the portal origins that may show it.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

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
  /** `expiresAt` is the token's own `exp` claim, if it has one: possibly past (the caller says it expired). */
  | { kind: 'embed'; id: string; grant: EmbedGrant; expiresAt: Date | null };

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

/** An embed token; `expiresAt` null signs none (the record's expiry governs: how new tokens are issued). */
export async function signEmbed(keys: Keys, id: string, grant: EmbedGrant, expiresAt: Date | null, now = new Date()): Promise<string> {
  const jwt = new SignJWT({ typ: 'embed', ind: grant.indicator, unit: grant.unit, from: grant.fromYear, to: grant.toYear, chart: grant.chart })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setJti(id)
    .setIssuedAt(Math.floor(now.getTime() / 1000));
  if (expiresAt) jwt.setExpirationTime(Math.floor(expiresAt.getTime() / 1000));
  return jwt.sign(keys.secret);
}

function embedOf(payload: JWTPayload): VerifiedToken | null {
  const { ind, unit, from, to, chart } = payload;
  if (
    payload.typ === 'embed' &&
    typeof payload.jti === 'string' &&
    typeof ind === 'string' &&
    typeof unit === 'string' &&
    Number.isInteger(from) &&
    Number.isInteger(to) &&
    CHART_TYPES.includes(chart as ChartType)
  ) {
    const expiresAt = payload.exp === undefined ? null : new Date(payload.exp * 1000);
    return {
      kind: 'embed',
      id: payload.jti,
      grant: { indicator: ind, unit, fromYear: from as number, toYear: to as number, chart: chart as ChartType },
      expiresAt,
    };
  }
  return null;
}

/**
 * The token's claims if its signature and issuer hold, and a session's expiry; null otherwise (the caller
 * says why not). An embed token past its `exp` is answered all the same, its signature checked, so that the
 * caller can say it expired, and when.
 */
export async function verifyJwt(keys: Keys, token: string, now = new Date()): Promise<VerifiedToken | null> {
  try {
    const { payload } = await jwtVerify(token, keys.secret, { issuer: ISSUER, algorithms: [ALGORITHM], currentDate: now });
    if (payload.typ === 'session' && /^\d+$/.test(payload.sub ?? '') && payload.exp !== undefined) {
      return { kind: 'session', userId: Number(payload.sub), expiresAt: new Date(payload.exp * 1000) };
    }
    return embedOf(payload);
  } catch (error) {
    // jose checks the claims after the signature: an expired token's payload is the signed one.
    return error instanceof errors.JWTExpired ? embedOf(error.payload) : null;
  }
}

/** The token of an Authorization header that reads `Bearer <token>` (the header trimmed as HTTP allows), else null. */
export function bearerToken(authorization: string): string | null {
  return /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization)?.[1] ?? null;
}

/**
 * Whether a bearer token claims to be an embed token. Unverified on purpose: it only decides whether the
 * request is held to the persisted operations, and a forged claim gains nothing (verification follows).
 */
export function claimsEmbed(token: string): boolean {
  return unverifiedClaims(token)?.typ === 'embed';
}

/** The id an embed token claims, unverified: for decisions a forged claim gains nothing from (src/access/portals.ts). */
export function embedIdOf(token: string): string | null {
  const claims = unverifiedClaims(token);
  return claims?.typ === 'embed' && typeof claims.jti === 'string' ? claims.jti : null;
}

function unverifiedClaims(token: string): JWTPayload | null {
  try {
    return decodeJwt(token);
  } catch {
    return null;
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
