// Which pages may show an embed token's chart: those of the portal origins its record names, or, for a token
// that names none (every token issued before origins were recorded), the server's CORS_ORIGINS. It is held
// twice: the API refuses a widget's request from another page's origin with a code the widget can read
// (src/server/guards.ts corsOf answers widgets' requests with CORS headers whatever their origin), and the
// browser lets only those origins frame the iframe page (its frame-ancestors). See docs/widgets.md.
import type { Database } from '../db/client.ts';
import { EmbedRefusedError, InputError } from '../errors.ts';
import { embedIdOf } from './tokens.ts';

/** Origins a token may name: a portal answers on a few (with and without www., old and new names), not on hundreds. */
export const MAX_PORTAL_ORIGINS = 20;

/** A portal's origin as a browser sends it ("https://backan.gov.vn"), from what an administrator typed. */
export function portalOriginOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InputError(`portalOrigins: ${JSON.stringify(text)} is not an origin: write its scheme, host and port only, e.g. https://backan.gov.vn`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new InputError(
      `portalOrigins: ${JSON.stringify(text)} is not an origin: write its scheme (http or https), host and port only, e.g. ${url.protocol.startsWith('http') ? url.origin : 'https://backan.gov.vn'}`,
    );
  }
  return url.origin;
}

/** The record's column: origins hold no space, so a space separates them. Null: none named. */
export function storedPortalOrigins(origins: string[] | null | undefined): string | null {
  return origins?.length ? [...new Set(origins)].join(' ') : null;
}

export function portalOriginsFrom(stored: string | null): string[] | null {
  return stored ? stored.split(' ') : null;
}

/**
 * Refuses an embed token's request from a page of an origin it is not for. A request without an Origin is
 * no browser's cross-origin request (browsers send one with every widget's POST), and a program outside a
 * browser can write any Origin it likes, so the binding is the browsers' and such a request passes, as it
 * always did. The iframe page is this server's own: its requests are same-origin, its framing is checked
 * by frame-ancestors instead.
 */
export function requirePortalOrigin(request: Request, viewer: { id: string; portalOrigins: string[] | null }, corsOrigins: string[]): void {
  const origin = request.headers.get('origin');
  if (origin === null || request.headers.get('sec-fetch-site') === 'same-origin' || origin === new URL(request.url).origin) return;
  const allowed = viewer.portalOrigins ?? corsOrigins;
  if (allowed.includes(origin)) return;
  const list = allowed.length ? allowed.join(', ') : 'none';
  const message = viewer.portalOrigins
    ? `Embed token ${viewer.id} may be shown on pages of ${list} only, not of ${origin}: issue a token for ${origin}.`
    : `Embed token ${viewer.id} names no portal origins, so it follows the server's CORS_ORIGINS (${list}), which does not list ${origin}: add ${origin} there, or issue a token for it.`;
  throw new EmbedRefusedError('EMBED_ORIGIN_NOT_ALLOWED', message, {
    tokenId: viewer.id,
    origin,
    allowedOrigins: allowed,
    allowedBy: viewer.portalOrigins ? 'token' : 'CORS_ORIGINS',
  });
}

/**
 * The origins that may frame the iframe page of `token`: its record's portal origins, else `corsOrigins`. The
 * token is read unverified, on purpose: this only narrows who may frame a page that shows nothing the API
 * does not grant the token itself, and an expired or revoked token's page must still reach its portal to say
 * so. A database that does not answer lets no portal frame it.
 */
export async function framingOrigins(db: Database, token: string | null, corsOrigins: string[]): Promise<string[]> {
  const id = token ? embedIdOf(token) : null;
  if (!id) return corsOrigins;
  try {
    const stored = await db.embedToken.findUnique({ where: { id }, select: { portalOrigins: true } });
    return portalOriginsFrom(stored?.portalOrigins ?? null) ?? corsOrigins;
  } catch {
    return [];
  }
}
