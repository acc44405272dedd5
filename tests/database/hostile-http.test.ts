// What a prober sends below GraphQL: statuses against the GraphQL-over-HTTP spec (graphql-http's audits),
// variables nested to exhaust a walker, NUL characters, uploads around the size limit, an `Origin: null`,
// Authorization headers padded with non-ASCII bytes, subscriptions, and bytes that are not HTTP at all.
// Each refusal must be a 4xx with a stable code and no stack trace, and the server must answer the next
// request as if nothing happened.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { createListener } from '../../src/server/listener.ts';
import { isUpload, MAX_UPLOAD_BYTES } from '../../src/lib/uploads.ts';
import { MAX_VARIABLE_DEPTH } from '../../src/server/limits.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

type Server = ReturnType<typeof testServer>;
type Answer = {
  status: number;
  code: string | undefined;
  headers: Headers;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
};

const RESPONSE = 'application/graphql-response+json';

/** Sends one hostile request; the answer must be a 4xx with a code and no stack trace. */
async function attack(server: Server, init: RequestInit & { path?: string }): Promise<Answer> {
  const response = await server.fetch(`http://localhost${init.path ?? '/graphql'}`, init);
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  const code = body.errors?.[0]?.extensions?.code;
  expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  expect(code, text.slice(0, 300)).toMatch(/^[A-Z_]+$/);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return { status: response.status, code, headers: response.headers, body };
}

const json = (query: string, authorization: string | null, variables?: object, accept = RESPONSE): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept, ...(authorization ? { authorization } : {}) },
  body: JSON.stringify({ query, variables }),
});

/** The server still answers a plain request correctly. */
async function stillAnswers(server: Server, authorization: string) {
  const response = await server.fetch('http://localhost/graphql', json(`{ me { username } }`, authorization));
  expect(response.status).toBe(200);
  expect((await response.json()).data.me.username).toMatch(/\w/);
}

/** The shared demo database (SQLite) and an administrator's session, for the describe block that calls it. */
function demoAsAdmin() {
  const demo = { db: undefined as unknown as Database, admin: '' };
  beforeAll(async () => {
    demo.db = openDemoDatabase('sqlite');
    demo.admin = await signedInAs(demo.db, 'http.admin');
  });
  afterAll(() => demo.db.$disconnect());
  return demo;
}

describe('statuses, as the GraphQL-over-HTTP spec gives them', () => {
  const demo = demoAsAdmin();

  it('passes every audit of graphql-http: no warning, no error', async () => {
    const yoga = testServer(demo.db);
    const results = await Promise.all(serverAudits({ url: 'http://localhost/graphql', fetchFn: yoga.fetch }).map((audit) => audit.fn()));
    const failed = results.filter((result) => result.status === 'warn' || result.status === 'error');
    expect(failed.map((result) => `${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
  });

  it('answers 200 whenever the answer holds data, under both media types, keeping the refusal in its errors', async () => {
    const yoga = testServer(demo.db);
    for (const accept of [RESPONSE, 'application/json']) {
      const signedOut = await yoga.fetch('http://localhost/graphql', json(`{ dashboard(unit: "06", year: 2019) { unit { code } } }`, null, undefined, accept));
      expect(signedOut.status).toBe(200);
      expect(await signedOut.json()).toMatchObject({ data: { dashboard: null }, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('answers a request error 4xx under graphql-response+json and 200 under application/json', async () => {
    const yoga = testServer(demo.db);
    const requestErrors: [RequestInit, string][] = [
      [json(`{ unit(code: `, demo.admin), 'GRAPHQL_PARSE_FAILED'],
      [json(`{ unitt(code: "06") { name } }`, demo.admin), 'GRAPHQL_VALIDATION_FAILED'],
      [json(`query($y: Int!) { dashboard(unit: "06", year: $y) { year } }`, demo.admin, { y: 'năm ngoái' }), 'BAD_USER_INPUT'],
      [{ ...json('', demo.admin), body: JSON.stringify({ query: 'query A { me { username } }', operationName: 'B' }) }, 'OPERATION_RESOLUTION_FAILURE'],
    ];
    for (const [init, code] of requestErrors) {
      expect(await attack(yoga, init)).toMatchObject({ status: 400, code });
      const legacy = await yoga.fetch('http://localhost/graphql', { ...init, headers: { ...(init.headers as object), accept: 'application/json' } });
      expect(legacy.status).toBe(200);
      expect((await legacy.json()).errors[0].extensions.code).toBe(code);
    }
    await stillAnswers(yoga, demo.admin);
  });

  it('refuses a subscription, which this API has none of, with a code under both media types', async () => {
    const yoga = testServer(demo.db);
    for (const accept of [RESPONSE, 'application/json']) {
      const refused = await attack(yoga, json(`subscription { me { username } }`, demo.admin, undefined, accept));
      expect(refused).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
      expect(refused.body.errors?.[0]?.message).toMatch(/no subscriptions/);
    }
    await stillAnswers(yoga, demo.admin);
  });
});

describe.each(providers)('variables and strings on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let admin: string;
  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    admin = await signedInAs(db, 'http.admin');
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('refuses variables nested deeper than the limit before anything walks them, even with the response cache on', async () => {
    const cached = testServer(db, { responseCache: { ttl: 60_000 } });
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const bomb = { ...json('', admin), body: `{"query":"query($v: String) { me { username } }","variables":{"v":${nested(40_000)}}}` };
    const refused = await attack(cached, bomb);
    expect(refused).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(refused.body.errors?.[0]?.message).toBe(`The variables are nested deeper than ${MAX_VARIABLE_DEPTH} levels.`);
    const justOver = { ...json('', admin), body: `{"query":"{ me { username } }","variables":{"v":${nested(MAX_VARIABLE_DEPTH)}}}` };
    expect(await attack(cached, justOver)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    const deepExtensions = { ...json('', admin), body: `{"query":"{ me { username } }","extensions":{"e":${nested(40_000)}}}` };
    expect(await attack(cached, deepExtensions)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    const deepEnough = await cached.fetch('http://localhost/graphql', {
      ...json('', admin),
      body: `{"query":"{ me { username } }","variables":{"v":${nested(MAX_VARIABLE_DEPTH - 1)}}}`,
    });
    expect(deepEnough.status).toBe(200);
    await stillAnswers(cached, admin);
  });

  it('refuses a NUL character in a literal, a variable or a mutation input, and writes nothing', async () => {
    const yoga = testServer(db);
    const literal = await attack(yoga, json(`{ units(search: "\\u0000") { totalCount } }`, admin));
    expect(literal).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(literal.body.errors?.[0]?.message).toMatch(/NUL/);
    expect(await attack(yoga, json(`query($s: String) { units(search: $s) { totalCount } }`, admin, { s: 'Bắc\u0000' }))).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
    });
    expect(await attack(yoga, json(`query($s: String) { units(search: $s) { totalCount } }`, admin, { s: 'x', 'k\u0000': 1 }))).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
    });
    const units = await db.unit.count();
    const create = `mutation($input: UnitInput!) { createUnit(input: $input) { code } }`;
    const input = { code: 'NUL1', name: 'Tỉnh Thử\u0000', kind: 'PROVINCE', level: 'PROVINCE' };
    expect(await attack(yoga, json(create, admin, { input }))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    const inline = `mutation { createUnit(input: { code: "NUL2", name: "Tỉnh\\u0000", kind: PROVINCE, level: PROVINCE }) { code } }`;
    expect(await attack(yoga, json(inline, admin))).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await db.unit.count()).toBe(units);
    await stillAnswers(yoga, admin);
  });
});

describe('uploads, CORS and the Authorization header', () => {
  const demo = demoAsAdmin();

  const operations = JSON.stringify({
    query: `mutation($file: File!) { importSpreadsheet(file: $file, kind: SATISFACTION_SURVEYS, dryRun: true) { rowsRead } }`,
    variables: { file: null },
  });
  const BOUNDARY = 'dvk-boundary';
  /** A multipart upload whose file has this many bytes, made as it is read (never held whole). */
  function upload(fileBytes: number): ReadableStream<Uint8Array> {
    const part = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const head = `${part('operations', operations)}${part('map', '{"0":["variables.file"]}')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="khao-sat.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    // Short lines: the reader stops at its row bound at once, so that a large upload costs only its transfer.
    const chunk = new TextEncoder().encode('a\n'.repeat(512 * 1024));
    let left = fileBytes;
    let started = false;
    return new ReadableStream({
      pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(new TextEncoder().encode(head));
        } else if (left > 0) {
          controller.enqueue(chunk.subarray(0, Math.min(left, chunk.byteLength)));
          left -= Math.min(left, chunk.byteLength);
        } else {
          controller.enqueue(new TextEncoder().encode(`\r\n--${BOUNDARY}--\r\n`));
          controller.close();
        }
      },
    });
  }
  const uploadInit = (fileBytes: number) =>
    ({
      method: 'POST',
      headers: { authorization: demo.admin, [CSRF_HEADER]: '1', accept: RESPONSE, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: upload(fileBytes),
      duplex: 'half',
    }) as RequestInit;

  it('takes an upload, as yoga gives it, for a file and not for an object whose bytes the input checks and the cache key walk', () => {
    // Yoga's files come from its fetch ponyfill and are no Blob: taken for objects, a 3 MB upload's bytes
    // were walked one by one, holding the request thread 4 s.
    const file = new (testServer(demo.db).fetchAPI.File)(['Mã đơn vị,Năm\n'], 'khao-sat.csv');
    expect(file instanceof Blob).toBe(false);
    expect(isUpload(file)).toBe(true);
    expect([Buffer.from('a'), new Uint8Array(3), { size: 3 }, null, 'a'].map(isUpload)).toEqual([false, false, false, false, false]);
  });

  it('refuses an upload beyond the one limit with 413, whether its body is sized or chunked, and reads one under it', async () => {
    const yoga = testServer(demo.db);
    const chunked = await attack(yoga, uploadInit(MAX_UPLOAD_BYTES + 1));
    expect(chunked).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(chunked.body.errors?.[0]?.message).toBe(`The body is larger than the ${MAX_UPLOAD_BYTES} bytes accepted for an upload.`);
    // 30 MB is under the limit (and over yoga's default of 25 MB): it is read, and refused only for what it holds.
    const under = await yoga.fetch('http://localhost/graphql', uploadInit(30_000_000));
    expect(JSON.stringify(await under.json())).not.toMatch(/TOO_LARGE/);
    // A sized body says its length first: it is refused before a byte of it is read.
    const listener = createListener(yoga);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect((listener.address() as AddressInfo).port, '127.0.0.1', () =>
          socket.write(
            `POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: ${demo.admin}\r\n${CSRF_HEADER}: 1\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${MAX_UPLOAD_BYTES + 1}\r\n\r\n`,
          ),
        );
        let text = '';
        socket.on('data', (data) => {
          text += data.toString('utf8');
          if (text.includes('}]}')) socket.destroy();
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 413/);
      expect(answer).toContain('"code":"PAYLOAD_TOO_LARGE"');
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
    await stillAnswers(yoga, demo.admin);
  });

  it('gives no CORS allowance to Origin: null, and refuses it', async () => {
    const yoga = testServer(demo.db, { corsOrigins: ['https://portal.example.gov.vn'] });
    const preflight = await yoga.fetch('http://localhost/graphql', { method: 'OPTIONS', headers: { origin: 'null', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await attack(yoga, {
      ...json(`{ me { username } }`, demo.admin),
      headers: { ...(json('', demo.admin).headers as object), origin: 'null' },
    });
    expect(refused).toMatchObject({ status: 403, code: 'ORIGIN_REFUSED' });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const portal = await yoga.fetch('http://localhost/graphql', {
      ...json(`{ me { username } }`, demo.admin),
      headers: { ...(json('', demo.admin).headers as object), origin: 'https://portal.example.gov.vn' },
    });
    expect(portal.headers.get('access-control-allow-origin')).toBe('https://portal.example.gov.vn');
    await stillAnswers(yoga, demo.admin);
  });

  it('refuses an Authorization header padded with non-ASCII bytes, and gives it no allowance of its own', async () => {
    const limited = testServer(demo.db, { rateLimit: 3 });
    const padded = (count: number) => `${demo.admin}${'\u00a0'.repeat(count)}`;
    const refused = await attack(limited, json(`{ me { username } }`, padded(1)));
    expect(refused).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(refused.body.errors?.[0]?.message).toMatch(/ASCII/);
    for (let request = 0; request < 3; request++)
      expect((await limited.fetch('http://localhost/graphql', json(`{ me { username } }`, demo.admin))).status).toBe(200);
    // The token has had its three; the padded header is not another token with three more.
    expect(await attack(limited, json(`{ me { username } }`, `  ${demo.admin}\t`))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(await attack(limited, json(`{ me { username } }`, padded(2)))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

describe('bytes that are not HTTP', () => {
  let db: Database;
  let admin: string;
  let listener: ReturnType<typeof createListener>;
  let port: number;
  beforeAll(async () => {
    db = openDemoDatabase('sqlite');
    admin = await signedInAs(db, 'http.admin');
    listener = createListener(testServer(db));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await db.$disconnect();
  });

  /** Writes raw bytes on a socket and reads everything the server answers until it closes. */
  function raw(bytes: string | Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.setTimeout(10_000, () => socket.destroy());
    });
  }
  function parsed(answer: string) {
    const [head, body] = answer.split('\r\n\r\n');
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]);
    expect(head).toMatch(/content-type: application\/json; charset=utf-8/i);
    expect(answer).not.toMatch(/\bat .+\.(ts|js):\d+/);
    return { status, body: JSON.parse(body ?? '') as { errors: { message: string; extensions: { code: string } }[] } };
  }

  it('answers malformed HTTP with the product’s error shape, and keeps serving', async () => {
    const garbage = parsed(await raw('HELLO WORLD\r\n\r\n'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(garbage.body.errors[0]!.message).toMatch(/not valid HTTP/);
    const badHeader = parsed(await raw('POST /graphql HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
    expect([badHeader.status, badHeader.body.errors[0]!.extensions.code]).toEqual([400, 'BAD_REQUEST']);
    const smuggled = parsed(await raw('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'));
    expect([smuggled.status, smuggled.body.errors[0]!.extensions.code]).toEqual([400, 'BAD_REQUEST']);
    const huge = parsed(await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`));
    expect([huge.status, huge.body.errors[0]!.extensions.code]).toEqual([431, 'REQUEST_HEADER_FIELDS_TOO_LARGE']);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, json(`{ me { username } }`, admin));
    expect(response.status).toBe(200);
    expect((await response.json()).data.me.username).toBe('http.admin');
  });
});
