// Embedding that does not die (issue 15): embed tokens without expiry unless one is asked for, bound to the
// origins of their portals, flagged before they expire; refusals every page can read, each with its code;
// and what a portal's visitor and its developer see in Chromium: the chart on its portal, and elsewhere, or
// once withdrawn or expired, a short sentence for the visitor and the exact cause in the console.
import { createServer, type Server } from 'node:http';
import { request as forward } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEmbedToken, revokeEmbedToken } from '../../src/access/accounts.ts';
import { signEmbed, type EmbedGrant } from '../../src/access/tokens.ts';
import type { Database } from '../../src/db/client.ts';
import { EMBEDDED_CHART_HASH, WIDGET_HEADER } from '../../src/embed/operation.ts';
import { createListener } from '../../src/server/listener.ts';
import { embedTokenFor, launchChromium } from '../support/browser.ts';
import { providers } from '../support/databases.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { listen } from '../support/listening.ts';
import { signedInAs, testKeys, testServer } from '../support/viewers.ts';

const grant: EmbedGrant = { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', fromYear: 2016, toYear: 2019, chart: 'bar' };
const portal = 'https://backan.gov.vn';
const stranger = 'https://tin-gia.example';
const DAY = 86_400_000;

type Body = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };

describe.each(providers)('embed tokens on %s', (provider) => {
  let db: Database;
  // CORS_ORIGINS lists a portal of its own, for the tokens that name none.
  let server: ReturnType<typeof testServer>;
  let admin: string;
  /** The record of a token issued before portal origins (made in one test, its `exp` signed past in another). */
  const oldId = `old-${provider}-${Date.now()}`;

  beforeAll(async () => {
    db = openDemoDatabase(provider);
    server = testServer(db, { corsOrigins: ['https://cors.example.gov.vn'] });
    admin = await signedInAs(db, 'lifecycle.admin');
  });
  afterAll(() => db.$disconnect());

  /** The widget's request: its persisted operation, its mark, and the page's Origin when it has one. */
  const widget = async (token: string, headers: Record<string, string> = {}) => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [WIDGET_HEADER]: '1', ...headers },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: EMBEDDED_CHART_HASH } } }),
    });
    const body = (await response.json()) as Body;
    return { status: response.status, code: body.errors?.[0]?.extensions?.code, body, headers: response.headers };
  };
  const graphql = async (query: string, variables?: object) => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: admin },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Body;
  };
  const issue = (input: object) =>
    graphql(`mutation($input: EmbedTokenInput!) { issueEmbedToken(input: $input) { id token expiresAt portalOrigins } }`, { input: { ...grant, ...input } });

  it('issues a token without expiry for the portal origins named, as browsers write them', async () => {
    const issued = await issue({ portalOrigins: ['https://BackAn.gov.vn/', 'http://localhost:4001'] });
    expect(issued.errors).toBeUndefined();
    expect(issued.data.issueEmbedToken).toMatchObject({ expiresAt: null, portalOrigins: [portal, 'http://localhost:4001'] });
    // No `exp` claim: the record decides, and can be moved without a new token.
    const claims = JSON.parse(Buffer.from(issued.data.issueEmbedToken.token.split('.')[1], 'base64url').toString());
    expect(claims.exp).toBeUndefined();
    expect(await db.embedToken.findUniqueOrThrow({ where: { id: issued.data.issueEmbedToken.id } })).toMatchObject({
      expiresAt: null,
      portalOrigins: `${portal} http://localhost:4001`,
    });

    const problems = [
      [
        { portalOrigins: ['https://backan.gov.vn/tin-tuc'] },
        /portalOrigins: "https:\/\/backan\.gov\.vn\/tin-tuc" is not an origin: .* e\.g\. https:\/\/backan\.gov\.vn$/,
      ],
      [{ portalOrigins: ['backan.gov.vn'] }, /portalOrigins: "backan\.gov\.vn" is not an origin/],
      [{ portalOrigins: ['ftp://backan.gov.vn'] }, /portalOrigins: "ftp:\/\/backan\.gov\.vn" is not an origin/],
      [{ portalOrigins: Array.from({ length: 21 }, (_, index) => `https://cong${index}.gov.vn`) }, /^portalOrigins: at most 20 /],
      [{ days: 1827 }, /^days: a whole number from 1 to 1826, or none/],
      [{ days: 0 }, /^days: a whole number from 1 to 1826, or none/],
    ] as const;
    for (const [input, message] of problems) {
      const refused = await issue(input);
      expect([refused.errors?.[0]?.extensions?.code, refused.errors?.[0]?.message], JSON.stringify(input)).toEqual([
        'BAD_USER_INPUT',
        expect.stringMatching(message),
      ]);
    }
  });

  it('shows the chart on pages of its portals, and refuses other pages with the origins, in a refusal they can read', async () => {
    const { id, token } = await embedTokenFor(db, grant, [portal]);
    const shown = await widget(token, { origin: portal });
    expect([shown.status, shown.body.data?.embeddedChart?.coverage?.unit?.code]).toEqual([200, '06']);
    expect(shown.headers.get('access-control-allow-origin')).toBe(portal);

    const refused = await widget(token, { origin: stranger });
    expect([refused.status, refused.code]).toEqual([403, 'EMBED_ORIGIN_NOT_ALLOWED']);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]).toEqual({
      message: `Embed token ${id} may be shown on pages of ${portal} only, not of ${stranger}: issue a token for ${stranger}.`,
      extensions: { code: 'EMBED_ORIGIN_NOT_ALLOWED', tokenId: id, origin: stranger, allowedOrigins: [portal], allowedBy: 'token' },
    });
    // Readable by the page that was refused: the widget can say why, rather than "cannot connect".
    expect(refused.headers.get('access-control-allow-origin')).toBe(stranger);
    expect(refused.headers.get('access-control-allow-credentials')).toBeNull();

    // The server's CORS_ORIGINS does not widen a token that names its portals.
    expect((await widget(token, { origin: 'https://cors.example.gov.vn' })).code).toBe('EMBED_ORIGIN_NOT_ALLOWED');
    // The iframe page is this server's own (same origin), and programs send no Origin: the binding is the browsers'.
    expect((await widget(token, { origin: 'http://localhost' })).status).toBe(200);
    expect((await widget(token, { origin: 'https://api.behind.a.proxy', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await widget(token)).status).toBe(200);
    // The check is per request, after the token's check is remembered.
    expect((await widget(token, { origin: stranger })).code).toBe('EMBED_ORIGIN_NOT_ALLOWED');
  });

  it('holds a token that names no portal to CORS_ORIGINS, as tokens issued before were, and keeps an old token working', async () => {
    const { id, token } = await embedTokenFor(db, grant);
    expect((await widget(token, { origin: 'https://cors.example.gov.vn' })).status).toBe(200);
    const refused = await widget(token, { origin: stranger });
    expect([refused.status, refused.body.errors?.[0]?.extensions]).toEqual([
      403,
      { code: 'EMBED_ORIGIN_NOT_ALLOWED', tokenId: id, origin: stranger, allowedOrigins: ['https://cors.example.gov.vn'], allowedBy: 'CORS_ORIGINS' },
    ]);
    expect(refused.body.errors?.[0]?.message).toContain("names no portal origins, so it follows the server's CORS_ORIGINS (https://cors.example.gov.vn)");

    // A token as issued before this change: an `exp` claim a year ahead and its record without origins.
    const expiresAt = new Date(Math.floor((Date.now() + 365 * DAY) / 1000) * 1000);
    await db.embedToken.create({
      data: {
        id: oldId,
        indicator: grant.indicator,
        unitCode: grant.unit,
        fromYear: grant.fromYear,
        toYear: grant.toYear,
        chart: grant.chart,
        issuedBy: 'quantri',
        expiresAt,
      },
    });
    const old = await signEmbed(testKeys, oldId, grant, expiresAt);
    expect((await widget(old, { origin: 'https://cors.example.gov.vn' })).status).toBe(200);
  });

  it('answers a revoked or expired token with its own code and date', async () => {
    const revokedToken = await embedTokenFor(db, grant, [portal]);
    const { revokedAt } = await revokeEmbedToken(db, revokedToken.id);
    const revoked = await widget(revokedToken.token, { origin: portal });
    expect([revoked.status, revoked.headers.get('www-authenticate'), revoked.body.errors?.[0]]).toEqual([
      401,
      'Bearer error="invalid_token"',
      {
        message: `Embed token ${revokedToken.id} was revoked on ${revokedAt!.toISOString()}.`,
        extensions: { code: 'EMBED_TOKEN_REVOKED', tokenId: revokedToken.id, revokedAt: revokedAt!.toISOString() },
      },
    ]);
    // Revoked is said before where: a withdrawn link is what the stranger's page should learn too.
    expect((await widget(revokedToken.token, { origin: stranger })).code).toBe('EMBED_TOKEN_REVOKED');
    expect(revoked.headers.get('access-control-allow-origin')).toBe(portal);

    // Expired by its record (tokens issued now), and by its signed `exp` (tokens issued before).
    const dated = await issueEmbedToken(db, testKeys, grant, { days: 30, portalOrigins: [portal], issuedBy: 'test' });
    const past = new Date(Math.floor((Date.now() - DAY) / 1000) * 1000);
    await db.embedToken.update({ where: { id: dated.id }, data: { expiresAt: past } });
    const expired = await widget(dated.token, { origin: portal });
    expect([expired.status, expired.body.errors?.[0]]).toEqual([
      401,
      {
        message: `Embed token ${dated.id} expired on ${past.toISOString()}.`,
        extensions: { code: 'EMBED_TOKEN_EXPIRED', tokenId: dated.id, expiredAt: past.toISOString() },
      },
    ]);
    const signedPast = await signEmbed(testKeys, oldId, grant, past, new Date(Date.now() - 2 * DAY));
    expect((await widget(signedPast)).body.errors?.[0]?.extensions).toEqual({ code: 'EMBED_TOKEN_EXPIRED', tokenId: oldId, expiredAt: past.toISOString() });
  });

  it('flags the tokens that expire within 30 days, and lists them alone on request', async () => {
    const ids: Record<string, string> = {};
    for (const [name, input] of Object.entries({ soon: { days: 10 }, later: { days: 100 }, never: {}, withdrawn: { days: 5 } })) {
      ids[name] = (await issue({ ...input, portalOrigins: [portal] })).data.issueEmbedToken.id;
    }
    await graphql(`mutation($id: String!) { revokeEmbedToken(id: $id) { id } }`, { id: ids.withdrawn });
    const listed = await graphql(`{ all: embedTokens { id expiresSoon expiresAt } soon: embedTokens(expiresSoon: true) { id } }`);
    expect(listed.errors).toBeUndefined();
    const flags = Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, listed.data.all.find((token: { id: string }) => token.id === id)]));
    expect(Object.fromEntries(Object.entries(flags).map(([name, token]) => [name, token.expiresSoon]))).toEqual({
      soon: true,
      later: false,
      never: false,
      withdrawn: false,
    });
    expect(flags.never.expiresAt).toBeNull();
    const soon = listed.data.soon.map((token: { id: string }) => token.id);
    expect(soon).toContain(ids.soon);
    for (const name of ['later', 'never', 'withdrawn']) expect(soon).not.toContain(ids[name]);
  });

  it('grants a widget’s preflight to any page, and a widget’s request nothing without an embed token', async () => {
    const preflight = await server.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin: stranger, 'access-control-request-method': 'POST', 'access-control-request-headers': `authorization,content-type,${WIDGET_HEADER}` },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(stranger);
    expect(preflight.headers.get('access-control-allow-headers')).toContain(WIDGET_HEADER);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    // Without the widget's mark, a stranger gets nothing, as before.
    const plain = await server.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin: stranger, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();

    // The mark with a session, or with no token, is refused before anything runs.
    for (const authorization of [admin, null]) {
      const response = await server.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: stranger, [WIDGET_HEADER]: '1', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ me { username } }' }),
      });
      const body = (await response.json()) as Body;
      expect([response.status, body.errors?.[0]?.extensions?.code, body.data]).toEqual([401, 'EMBED_TOKEN_REQUIRED', undefined]);
    }
    // With an embed token, any document but the widget's is refused, as without the mark.
    const { token } = await embedTokenFor(db, grant, [stranger]);
    const other = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stranger, [WIDGET_HEADER]: '1', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ units { totalCount } }' }),
    });
    expect([other.status, ((await other.json()) as Body).errors?.[0]?.extensions?.code]).toEqual([403, 'PERSISTED_QUERY_ONLY']);
    // The widget script is public: a module loads on any portal.
    const script = await server.fetch('http://localhost/widgets/dvk.js', { headers: { origin: stranger } });
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets only its portals frame the iframe page of a token', async () => {
    const framing = async (query: string) =>
      (await server.fetch(`http://localhost/embed/chart${query}`)).headers.get('content-security-policy')?.match(/frame-ancestors ([^;]*)/)?.[1];
    const bound = await embedTokenFor(db, grant, [portal, 'https://www.backan.gov.vn']);
    expect(await framing(`?token=${bound.token}`)).toBe(`'self' ${portal} https://www.backan.gov.vn`);
    // Revoked, its page still reaches its portals, to say so there.
    await revokeEmbedToken(db, bound.id);
    expect(await framing(`?token=${bound.token}`)).toBe(`'self' ${portal} https://www.backan.gov.vn`);
    const unbound = await embedTokenFor(db, grant);
    for (const query of [`?token=${unbound.token}`, '', '?token=not-a-token']) expect(await framing(query)).toBe("'self' https://cors.example.gov.vn");
  });
});

/**
 * A page of a portal on its own origin: the widget script from the API (or from `via`, the origin of a proxy
 * in front of it), one element, and with `frame` the iframe.
 */
function portalPage(api: () => string): Server {
  return createServer((request, response) => {
    const params = new URL(request.url ?? '/', 'http://portal').searchParams;
    const token = params.get('token') ?? '';
    const lang = params.get('lang') ?? 'vi';
    const script = params.get('via') ?? api();
    const frame = params.has('frame')
      ? `<iframe src="${api()}/embed/chart?token=${token}&amp;lang=${lang}" title="chart" style="width:600px;height:320px;border:0"></iframe>`
      : '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="${script}/widgets/dvk.js" defer></script></head>
<body><dvk-chart token="${token}" lang="${lang}" year="2019"></dvk-chart>${frame}</body></html>`);
  });
}

/** A reverse proxy in front of the API that drops every CORS header: the misconfiguration a widget must name. */
function corsStrippingProxy(api: () => string): Server {
  return createServer((request, response) => {
    const upstream = forward(`${api()}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith('access-control-')));
      response.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(response);
    });
    request.pipe(upstream);
  });
}

// The widget's pages on the embedded default only: what it shows depends on the API's answers, checked on
// both databases above, not on the database behind them.
describe('the widget in Chromium, on sqlite', () => {
  const provider = 'sqlite';
  let db: Database;
  let browser: Browser;
  let api: Server;
  let apiOrigin = '';
  const closing: (() => Promise<void>)[] = [];
  let allowed: string;
  let other: string;
  let proxied: string;

  beforeAll(async () => {
    db = openDemoDatabase(provider);
    browser = await launchChromium();
    // CORS_ORIGINS lists no portal: the tokens name theirs.
    api = createListener(testServer(db, { corsOrigins: [] }));
    apiOrigin = (await listen(api)).origin;
    for (const server of [portalPage(() => apiOrigin), portalPage(() => apiOrigin), corsStrippingProxy(() => apiOrigin)]) {
      const listening = await listen(server);
      closing.push(listening.close);
      if (!allowed) allowed = listening.origin;
      else if (!other) other = listening.origin;
      else proxied = listening.origin;
    }
  });
  afterAll(async () => {
    await browser?.close();
    api?.closeAllConnections();
    await Promise.all([new Promise((resolve) => api?.close(resolve)), ...closing.map((close) => close())]);
    await db?.$disconnect();
  });

  /** Opens a portal page, keeping what the console says in red. */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(url);
    return { page, errors };
  }
  const settled = (page: Page, selector = 'dvk-chart') => page.locator(`${selector}:is([state="ready"], [state="error"])`).first().waitFor({ timeout: 30_000 });
  /** The widget's state and what it says to the visitor (the message's first paragraph: no detail, no button). */
  const said = (page: Page) =>
    page
      .locator('dvk-chart')
      .evaluate((element) => ({ state: element.getAttribute('state'), message: element.shadowRoot!.querySelector('[part="message"] p')?.textContent }));
  const ours = (errors: string[]) => errors.filter((line) => line.startsWith('dvk-chart: '));

  it('draws the chart, and its iframe, on a portal its token names', async () => {
    const { token } = await embedTokenFor(db, grant, [allowed]);
    const { page, errors } = await open(`${allowed}/?token=${token}&frame`);
    await settled(page);
    expect((await said(page)).state).toBe('ready');
    await page.frameLocator('iframe').locator('dvk-chart[state="ready"]').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tells a visitor of another site that it may not show the chart, and its developer which origins may', async () => {
    const { id, token } = await embedTokenFor(db, grant, [allowed]);
    const { page, errors } = await open(`${other}/?token=${token}&frame`);
    await settled(page);
    expect(await said(page)).toEqual({ state: 'error', message: 'Trang web này không được phép hiển thị biểu đồ.' });
    expect(await page.locator('dvk-chart').locator('button[part="retry"]').count()).toBe(0);
    await expect
      .poll(() => ours(errors))
      .toEqual([
        `dvk-chart: EMBED_ORIGIN_NOT_ALLOWED: Embed token ${id} may be shown on pages of ${allowed} only, not of ${other}: issue a token for ${other}.`,
      ]);
    // The iframe is refused by the browser itself (frame-ancestors), which says so in the console.
    await expect.poll(() => errors.some((line) => line.includes('frame-ancestors') && line.includes(allowed))).toBe(true);
    expect(await page.frameLocator('iframe').locator('dvk-chart').count()).toBe(0);
    await page.close();

    const english = await open(`${other}/?token=${token}&lang=en`);
    await settled(english.page);
    expect((await said(english.page)).message).toBe('This website is not allowed to show this chart.');
    await english.page.close();
  });

  it('says the link was withdrawn once its token is revoked, in the element and in the iframe', async () => {
    const { id, token } = await embedTokenFor(db, grant, [allowed]);
    const { page, errors } = await open(`${allowed}/?token=${token}&frame`);
    await settled(page);
    expect((await said(page)).state).toBe('ready');
    const { revokedAt } = await revokeEmbedToken(db, id);
    await page.reload();
    await settled(page);
    expect(await said(page)).toEqual({ state: 'error', message: 'Liên kết đến biểu đồ này đã bị thu hồi.' });
    const framed = page.frameLocator('iframe').locator('dvk-chart[state="error"]');
    await framed.waitFor({ timeout: 30_000 });
    expect(await framed.evaluate((element) => element.shadowRoot!.querySelector('[part="message"]')!.textContent)).toBe(
      'Liên kết đến biểu đồ này đã bị thu hồi.',
    );
    await expect.poll(() => ours(errors)).toContain(`dvk-chart: EMBED_TOKEN_REVOKED: Embed token ${id} was revoked on ${revokedAt!.toISOString()}.`);
    await page.close();
  });

  it('says the link expired, and when', async () => {
    const dated = await issueEmbedToken(db, testKeys, grant, { days: 30, portalOrigins: [allowed], issuedBy: 'test' });
    const past = new Date(Math.floor((Date.now() - DAY) / 1000) * 1000);
    await db.embedToken.update({ where: { id: dated.id }, data: { expiresAt: past } });
    const { page, errors } = await open(`${allowed}/?token=${dated.token}&lang=en`);
    await settled(page);
    expect(await said(page)).toEqual({ state: 'error', message: 'This chart’s link has expired.' });
    await expect.poll(() => ours(errors)).toEqual([`dvk-chart: EMBED_TOKEN_EXPIRED: Embed token ${dated.id} expired on ${past.toISOString()}.`]);
    await page.close();
  });

  it('tells CORS withheld by a proxy from a server out of reach', async () => {
    const { token } = await embedTokenFor(db, grant, [allowed]);
    // The script comes through the proxy, so the widget asks the proxy, which drops the CORS headers.
    const { page, errors } = await open(`${allowed}/?token=${token}&via=${encodeURIComponent(proxied)}`);
    await settled(page);
    expect(await said(page)).toEqual({ state: 'error', message: 'Không kết nối được máy chủ dữ liệu.' });
    expect(await page.locator('dvk-chart').locator('button[part="retry"]').count()).toBe(1);
    await expect
      .poll(() => ours(errors))
      .toEqual([
        expect.stringMatching(
          new RegExp(`^dvk-chart: CORS: ${proxied}/graphql is up, but the browser withheld its answer from this page \\(origin ${allowed}\\)`),
        ),
      ]);

    // The API stops: the widget asks again (its retry), and nothing answers.
    const { page: stopped, errors: stoppedErrors } = await open(`${allowed}/?token=${token}`);
    await settled(stopped);
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
    await stopped.locator('dvk-chart').evaluate((element) => element.setAttribute('year', '2018'));
    await stopped.locator('dvk-chart[state="error"]').waitFor({ timeout: 30_000 });
    expect((await said(stopped)).message).toBe('Không kết nối được máy chủ dữ liệu.');
    await expect
      .poll(() => ours(stoppedErrors))
      .toEqual([expect.stringMatching(new RegExp(`^dvk-chart: UNREACHABLE: no answer from ${apiOrigin}/graphql \\(`))]);
    await stopped.close();
    await page.close();
  });
});
