// What a prober would send a public server: query bombs, floods, malformed and oversized bodies, forged
// requests. Each must answer a 4xx with a stable code, none a 5xx, and the server must answer the next
// request as if nothing happened. The count of hostile requests is printed for the closing note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { SIGN_IN_FAILURES_PER_MINUTE } from '../../src/schema/access.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

type Answer = { status: number; code: string | undefined; body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };

describe('hostile requests', () => {
  let db: Database;
  let admin: string;
  let viewer: string;
  let analyst: string;
  const yoga = () => testServer(db);
  let hostile = 0;
  const statuses: number[] = [];

  /** Sends one hostile request; every answer is checked to be a 4xx with a code, and counted. */
  async function attack(init: RequestInit & { path?: string }, server = yoga()): Promise<Answer> {
    const response = await server.fetch(`http://localhost${init.path ?? '/graphql'}`, init);
    const text = await response.text();
    const body = text ? JSON.parse(text) : {};
    hostile++;
    statuses.push(response.status);
    const code = body.errors?.[0]?.extensions?.code;
    expect(response.status, text.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(response.status, text.slice(0, 200)).toBeLessThan(500);
    expect(code, text.slice(0, 200)).toMatch(/^[A-Z_]+$/);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    return { status: response.status, code, body };
  }
  const json = (query: string, authorization: string | null = admin, variables?: object): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });

  /** The server still answers a plain request correctly. */
  async function stillAnswers(server = yoga()) {
    const response = await server.fetch('http://localhost/graphql', json(`{ unit(code: "06") { name } }`));
    expect(await response.json()).toEqual({ data: { unit: { name: 'Tỉnh Bắc Kạn' } } });
  }

  beforeAll(async () => {
    db = openDemoDatabase('sqlite');
    admin = await signedInAs(db, 'hostile.admin');
    viewer = await signedInAs(db, 'hostile.viewer', 'VIEWER', '06');
    analyst = await signedInAs(db, 'hostile.analyst', 'ANALYST');
  });
  afterAll(async () => {
    console.log(
      `hostile requests sent: ${hostile}; statuses: ${[...new Set(statuses)].sort().join(', ')}; 5xx: ${statuses.filter((status) => status >= 500).length}`,
    );
    await db.$disconnect();
  });

  it('refuses query bombs before running them: depth 50, 1,000 aliases, directives, tokens, page sizes', async () => {
    const deep = `{ unit(code: "01960") { ${'successors { '.repeat(49)} code ${'} '.repeat(49)} } }`;
    expect(await attack(json(deep))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    const aliases = `{ ${Array.from({ length: 1000 }, (_, index) => `a${index}: unit(code: "06") { name }`).join(' ')} }`;
    expect(await attack(json(aliases))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    const directives = `{ unit(code: "06") { name ${'@include(if: true) '.repeat(100)} } }`;
    expect(await attack(json(directives))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    const tokens = `{ unit(code: "06") { ${'name '.repeat(5000)} } }`;
    expect(await attack(json(tokens))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    const costly = `{ units(first: 100) { edges { node { children { children { children { models(first: 100) { edges { node { evaluations { model { title } } } } } } } } } } } }`;
    expect(await attack(json(costly))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    // Armor's cost counts a page's size: a million items is refused before a resolver asks the database.
    expect(await attack(json(`{ units(first: 1000000) { totalCount } }`))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(await attack(json(`{ units(first: 101) { totalCount } }`))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await attack(json(`{ models(first: -1) { totalCount } }`))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    const series = `{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2019 }) {
      series(from: 1995, to: 2024) { breakdown(by: CHILD_UNITS) { series(from: 1995, to: 2024) { numerator } } } } }`;
    // The coverage budget (src/server/budget.ts) refuses it before anything runs.
    expect(await attack(json(series))).toMatchObject({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    await stillAnswers();
  });

  it('refuses bodies it cannot or should not read', async () => {
    const megabyte = `{ unit(code: "06") { name } } # ${'x'.repeat(1024 * 1024)}`;
    expect(await attack(json(megabyte))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const endless = new ReadableStream({
      start(controller) {
        for (let chunk = 0; chunk < 20; chunk++) controller.enqueue(new TextEncoder().encode(' '.repeat(64 * 1024)));
        controller.close();
      },
    });
    const chunked = { method: 'POST', headers: { 'content-type': 'application/json', authorization: admin }, body: endless, duplex: 'half' } as RequestInit;
    expect(await attack(chunked)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await attack({ ...json(''), body: '{"query": "{ unit(code: \\"06\\")' })).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(await attack({ ...json(''), body: '[{"query": "{ me { username } }"}]' })).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(await attack({ ...json(''), body: '{}' })).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    const xml = { method: 'POST', headers: { 'content-type': 'application/xml', authorization: admin }, body: '<query/>' };
    expect(await attack(xml)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await attack(json(`{ unit(code: `))).toMatchObject({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
    const typo = await attack(json(`{ unitt(code: "06") { name } }`));
    expect(typo).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(await attack(json(`query($y: Int!) { dashboard(unit: "06", year: $y) { year } }`, admin, { y: 'năm ngoái' }))).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
    });
    await stillAnswers();
  });

  it('refuses forged, anonymous and cross-site requests', async () => {
    // A form on another site can post text/plain or multipart without a preflight; a GET needs no body.
    const form = {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: admin },
      body: '{"query":"mutation { recordPlan(input: { unit: \\"06\\", year: 2019 }) { year } }"}',
    };
    expect(await attack(form)).toMatchObject({ status: 403, code: 'CSRF_HEADER_REQUIRED' });
    const link = { path: `/graphql?query=${encodeURIComponent('{ auditLog { totalCount } }')}`, headers: { authorization: admin } };
    expect(await attack(link)).toMatchObject({ status: 403, code: 'CSRF_HEADER_REQUIRED' });
    const mutationByGet = {
      path: `/graphql?query=${encodeURIComponent('mutation { recordPlan(input: { unit: "06", year: 2019 }) { year } }')}`,
      headers: { authorization: admin, [CSRF_HEADER]: '1' },
    };
    expect(await attack(mutationByGet)).toMatchObject({ status: 405, code: 'BAD_REQUEST' });
    expect(await attack(json(`{ auditLog { totalCount } }`, null))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await attack(json(`{ auditLog { totalCount } }`, 'Basic cXVhbnRyaTpwYXNz'))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const forged = `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"typ":"session","sub":"1","exp":9999999999}').toString('base64url')}.`;
    expect(await attack(json(`{ me { username } }`, forged))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await attack(json(`{ auditLog { totalCount } }`, viewer))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await attack(json(`mutation { recordPlan(input: { unit: "06", year: 2019 }) { year } }`, analyst))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    await stillAnswers();
  });

  it('keeps the schema to analysts where configured, and off where switched off', async () => {
    const introspection = `{ __schema { queryType { name } } }`;
    const forAnalysts = testServer(db, { introspection: 'analysts' });
    expect(await attack(json(introspection, viewer), forAnalysts)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await attack(json(`{ __type(name: "Unit") { name } }`, null), forAnalysts)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const allowed = await forAnalysts.fetch('http://localhost/graphql', json(introspection, analyst));
    expect(await allowed.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect(await attack(json(introspection, analyst), testServer(db, { introspection: 'off' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const noGraphiql = await testServer(db, { graphiql: false }).fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(noGraphiql.headers.get('content-type') ?? '').not.toMatch(/html/);
    await stillAnswers(forAnalysts);
  });

  it('limits each token and each address, and answers the others meanwhile', async () => {
    const limited = testServer(db, { rateLimit: 5 });
    const plain = json(`{ me { username } }`);
    for (let request = 0; request < 5; request++) expect((await limited.fetch('http://localhost/graphql', plain)).status).toBe(200);
    const flooded = await attack(plain, limited);
    expect(flooded).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const again = await limited.fetch('http://localhost/graphql', plain);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.fetch('http://localhost/graphql', json(`{ me { username } }`, analyst))).status).toBe(200);
    // One address may send five allowances in all, whatever tokens it makes up.
    const fresh = testServer(db, { rateLimit: 5 });
    for (let request = 0; request < 5 * 5; request++) await fresh.fetch('http://localhost/graphql', json(`{ me { username } }`, `Bearer made-up-${request}`));
    expect(await attack(json(`{ me { username } }`, null), fresh)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('makes a guessed user name wait after ten wrong passwords, whoever guesses', async () => {
    const guess = (password: string) => json(`mutation($p: String!) { signIn(username: "doan.mo", password: $p) { token } }`, null, { p: password });
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_MINUTE; attempt++) {
      expect(await attack(guess(`mat-khau-${attempt}`))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    const waiting = await attack(guess('mat-khau-cuoi'));
    expect(waiting).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(waiting.body.errors?.[0]?.message).toMatch(/^Too many wrong passwords for this user name: try again in \d+ s\.$/);
    await stillAnswers();
  });

  it('sends security headers with every page, and lets only the portals frame the embed page', async () => {
    const server = testServer(db, { corsOrigins: ['https://portal.example.gov.vn'] });
    const dashboard = await server.fetch('http://localhost/dashboard');
    expect(dashboard.headers.get('x-frame-options')).toBe('DENY');
    expect(dashboard.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(dashboard.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dashboard.headers.get('referrer-policy')).toBe('no-referrer');
    const embed = await server.fetch('http://localhost/embed/chart');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:\/\/portal\.example\.gov\.vn/);
    const script = await server.fetch('http://localhost/widgets/dvk.js');
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const api = await server.fetch('http://localhost/graphql', json(`{ me { username } }`));
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    const stranger = await server.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
