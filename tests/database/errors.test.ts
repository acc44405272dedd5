// Bad input over HTTP: each answers a precise message with a stable code, never a stack trace or a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { providers } from '../support/databases.ts';
import { openDemoDatabase, post } from '../support/graphql.ts';
import { signedInAs, testKeys, testServer } from '../support/viewers.ts';
import { signSession } from '../../src/access/tokens.ts';

describe.each(providers)('bad arguments on %s', (provider) => {
  let db: Database;
  beforeAll(() => {
    db = openDemoDatabase(provider);
  });
  afterAll(() => db.$disconnect());

  async function expectBadInput(source: string, variables: Record<string, unknown> | undefined, saying: RegExp) {
    const { status, body } = await post(db, source, variables);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(saying);
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  }

  it('rejects a malformed date, written in the operation or passed as a variable', async () => {
    await expectBadInput(`{ units(asOf: "2019-13-45") { totalCount } }`, undefined, /"2019-13-45" is not a date: write it as YYYY-MM-DD/);
    await expectBadInput(`{ units(asOf: "01/06/2019") { totalCount } }`, undefined, /YYYY-MM-DD/);
    await expectBadInput(`query($day: Date) { units(asOf: $day) { totalCount } }`, { day: '2019-02-30' }, /"2019-02-30" is not a date/);
  });

  it('rejects a negative page size and one over the limit', async () => {
    await expectBadInput(`{ units(first: -1) { totalCount } }`, undefined, /first.*non-negative/);
    await expectBadInput(`{ models(first: 101) { totalCount } }`, undefined, /first must be between 0 and 100, got 101/);
    await expectBadInput(`{ unit(code: "06") { models(first: 1000) { totalCount } } }`, undefined, /between 0 and 100/);
    await expectBadInput(`{ models(first: 3, last: 3) { totalCount } }`, undefined, /either first .* or last .*, not both/);
  });

  it('rejects years out of range and codes that name nothing in a filter', async () => {
    await expectBadInput(`{ fields(year: 3000) { code } }`, undefined, /year must be a year between 1990 and 2100, got 3000/);
    await expectBadInput(`{ models(filter: { activeIn: 20 }) { totalCount } }`, undefined, /activeIn must be a year/);
    await expectBadInput(`{ models(filter: { under: "nowhere" }) { totalCount } }`, undefined, /filter.under: no unit has the code "nowhere"/);
    await expectBadInput(`{ models(filter: { field: "ASTRONOMY" }) { totalCount } }`, undefined, /filter.field: no field has the code "ASTRONOMY"/);
    await expectBadInput(`{ units(under: "nowhere") { totalCount } }`, undefined, /under: no unit has the code "nowhere"/);
    await expectBadInput(`{ model(id: "abc") { title } }`, undefined, /"abc" is not a model id/);
  });

  it('rejects cursors that are not of the list they are passed to', async () => {
    const cursor = (text: string) => Buffer.from(text).toString('base64');
    await expectBadInput(`{ models(after: "${cursor('GPC:S:abc')}") { totalCount } }`, undefined, /after: .* is not a cursor of this list/);
    await expectBadInput(`{ units(after: "${cursor('GPC:N:123')}") { totalCount } }`, undefined, /is not a cursor of this list/);
    await expectBadInput(`{ models(after: "${cursor('GPC:N:99999999999999999999')}") { totalCount } }`, undefined, /is not a cursor/);
    const missing = (offset: string) =>
      `{ coverage(indicator: "MODELS_REVIEWED", unit: "066", period: { year: 2019 }) { missing(after: "${cursor(`OffsetConnection:${offset}`)}") { totalCount } } }`;
    await expectBadInput(missing('99999999999999999999'), undefined, /is not a cursor/);
    await expectBadInput(missing('-5'), undefined, /is not a cursor/);
  });

  it('refuses operations that would exhaust the server, and keeps answering', async () => {
    const bomb = `{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2019 }) {
      series(from: 1995, to: 2024) { breakdown(by: CHILD_UNITS) { series(from: 1995, to: 2024) { breakdown(by: CHILD_UNITS) { numerator } } } } } }`;
    const started = performance.now();
    const { status, body } = await post(db, bomb);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(performance.now() - started).toBeLessThan(20_000);
    const deep = `{ unit(code: "01960") { ${'successors { predecessors { '.repeat(10)} code ${'} } '.repeat(10)} } }`;
    const tooDeep = await post(db, deep);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors?.map((error) => error.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    expect(tooDeep.body.errors?.map((error) => error.message)).toContain('Query depth limit of 21 exceeded, found 22.');
    expect((await post(db, `{ unit(code: "06") { name } }`)).body.data).toEqual({ unit: { name: 'Tỉnh Bắc Kạn' } });
  });

  it('gives a series that starts no earlier than the first year accepted, and searches that match symbols literally', async () => {
    const { body } = await post(db, `{ dashboard(unit: "06", year: 1995) { coverages { series { year } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.dashboard.coverages[0].series[0].year).toBe(1990);
    const symbols = await post(db, `{ units(search: "%", asOf: "2019-06-01") { totalCount } }`);
    expect(symbols.body.data.units.totalCount).toBe(0);
  });

  it('answers null for unknown codes and ids where the field is nullable', async () => {
    const { status, body } = await post(db, `{ unit(code: "00000") { name } model(id: "999999") { title } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ unit: null, model: null });
  });
});

describe('unexpected failures', () => {
  it('are masked: a generic message and code, no internals', async () => {
    // A database that does not exist makes every query fail inside Prisma.
    const db = createDatabase('postgresql://postgres@127.0.0.1:5432/dvk_database_that_does_not_exist');
    try {
      const { status, body } = await post(db, `mutation { signIn(username: "quantri", password: "x") { token } }`, {}, null);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(body)).not.toMatch(/does_not_exist|prisma|stack/i);
      // Who is asking is read from the database before anything else: its silence is a 503, said plainly.
      const session = `Bearer ${(await signSession(testKeys, 1)).token}`;
      const signedIn = await post(db, `{ unit(code: "06") { name } }`, {}, session);
      expect(signedIn.status).toBe(503);
      expect(signedIn.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(signedIn.body)).not.toMatch(/does_not_exist|prisma|stack/i);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('the HTTP endpoints', () => {
  let db: Database;
  beforeAll(() => {
    db = openDemoDatabase('sqlite');
  });
  afterAll(() => db.$disconnect());

  it('report health and readiness', async () => {
    const yoga = testServer(db);
    expect((await yoga.fetch('http://localhost/health')).status).toBe(200);
    expect((await yoga.fetch('http://localhost/ready')).status).toBe(200);
  });

  it('serve GraphiQL to a browser, opening on the dashboard operation', async () => {
    const response = await testServer(db).fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('GraphiQL');
    expect(page).toContain('query Dashboard');
  });

  it('offer the spreadsheet templates as downloads with Vietnamese headers', async () => {
    const response = await testServer(db).fetch('http://localhost/templates/plans.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="mau-plans.csv"');
    const header = (await response.text()).replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header).toMatch(/Mã đơn vị/);
    expect((await testServer(db).fetch('http://localhost/templates/astronomy.csv')).status).toBe(404);
  });

  it('answers a GraphQL GET request that carries the CSRF header', async () => {
    const url = `http://localhost/graphql?query=${encodeURIComponent('{ unit(code: "06") { name } }')}`;
    const authorization = await signedInAs(db, 'test.admin');
    const bare = await testServer(db).fetch(url, { headers: { accept: 'application/json', authorization } });
    expect(bare.status).toBe(403);
    expect(await bare.json()).toMatchObject({ errors: [{ extensions: { code: 'CSRF_HEADER_REQUIRED' } }] });
    const response = await testServer(db).fetch(url, { headers: { accept: 'application/json', authorization, [CSRF_HEADER]: '1' } });
    expect(await response.json()).toEqual({ data: { unit: { name: 'Tỉnh Bắc Kạn' } } });
  });
});
