// The server always answers (issue 14): /metrics shows how late the event loop is, an operation that runs
// past its budget is answered 503 with a code while the server goes on answering, and a body that does not
// arrive in time gets the API's 408 rather than a closed connection. Budgets and Node's limits are
// shortened by options, so nothing here waits minutes.
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { createListener } from '../../src/server/listener.ts';
import { METRICS_PATH, RETRY_AFTER_SECONDS } from '../../src/server/liveness.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

interface Metrics {
  status: string;
  eventLoop: { p50: number; p99: number; max: number; mean: number; seconds: number };
  operations: { timedOut: number };
}

const metricsOf = async (server: ReturnType<typeof testServer>) => (await (await server.fetch(`http://localhost${METRICS_PATH}`)).json()) as Metrics;

/** Holds the event loop, as a computation that never yields would. */
function busyWait(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** The demo database behind a driver that takes `delayMs` for every statement: operations as slow as wanted. */
function slowDatabase(delayMs: number): Database {
  const db = createDatabase(inject('demoDatabases').sqlite);
  return db.$extends({
    query: {
      $allOperations: async ({ args, query }) => {
        await sleep(delayMs);
        return query(args);
      },
    },
  }) as unknown as Database;
}

const dashboard = JSON.stringify({ query: '{ dashboard(unit: "06", year: 2019) { coverages { numerator denominator } } }' });
const post = (body: string, authorization?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(authorization ? { authorization } : {}) },
  body,
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const db = createDatabase(inject('demoDatabases').sqlite);
const slow = slowDatabase(300);
let admin: string;
beforeAll(async () => {
  admin = await signedInAs(db, 'health.admin');
});
afterAll(() => Promise.all([db.$disconnect(), slow.$disconnect()]));

describe('/metrics', () => {
  it('answers the event loop’s delay as JSON, uncached, and /health still answers', async () => {
    const server = testServer(db);
    await sleep(100);
    const response = await server.fetch(`http://localhost${METRICS_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const metrics = (await response.json()) as Metrics;
    expect(metrics.status).toBe('ok');
    const { p50, p99, max, seconds } = metrics.eventLoop;
    for (const figure of [p50, p99, max]) expect(figure).toBeGreaterThanOrEqual(0);
    expect(p50).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
    expect(seconds).toBeGreaterThan(0);
    expect(metrics.operations.timedOut).toBe(0);
    expect((await server.fetch('http://localhost/health')).status).toBe(200);
  });

  it('shows a 200 ms busy-wait in max', async () => {
    const server = testServer(db);
    await sleep(50);
    busyWait(200);
    // The histogram records the late timer once the loop runs again.
    await sleep(30);
    expect((await metricsOf(server)).eventLoop.max).toBeGreaterThanOrEqual(180);
  });
});

describe('the operation budget', () => {
  it('answers a query that runs past it 503 REQUEST_TIMEOUT with Retry-After, then answers the next request', async () => {
    const server = testServer(slow, { operationBudget: 100 });
    const response = await server.fetch('http://localhost/graphql', post(dashboard, admin));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    const body = await response.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.stringMatching(/0\.1 s .*try again/), extensions: { code: 'REQUEST_TIMEOUT' } }]);
    expect((await metricsOf(server)).operations.timedOut).toBe(1);
    // Within the budget, on the same slow database: nothing of the request before is left in the way.
    const next = await server.fetch('http://localhost/graphql', post(JSON.stringify({ query: '{ __typename }' }), admin));
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await server.fetch('http://localhost/health')).status).toBe(200);
  });

  it('tells a mutation’s caller that the change may still be written', async () => {
    const server = testServer(slow, { operationBudget: 100 });
    const signIn = JSON.stringify({ query: 'mutation { signIn(username: "health.nobody", password: "wrong password") { token } }' });
    const response = await server.fetch('http://localhost/graphql', post(signIn));
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
    expect(body.errors[0].message).toMatch(/may still be written/);
  });

  it('leaves an operation within it alone', async () => {
    const response = await testServer(db, { operationBudget: 10_000 }).fetch('http://localhost/graphql', post(dashboard, admin));
    expect(response.status).toBe(200);
    expect((await response.json()).data.dashboard.coverages.length).toBeGreaterThan(0);
  });
});

describe('the listener’s limits', () => {
  it('answers a body still arriving at the request timeout 408 REQUEST_TIMEOUT, not a closed connection', async () => {
    const listener = createListener(testServer(db), { headersTimeout: 200, requestTimeout: 400 });
    const host = await listen(listener);
    try {
      const [hostname, port] = host.split(':');
      const socket = connect(Number(port), hostname);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      const closed = new Promise((resolve) => socket.on('close', resolve));
      socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":`);
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'REQUEST_TIMEOUT' } }],
      });
      expect((await fetch(`http://${host}/health`)).status).toBe(200);
    } finally {
      listener.close();
    }
  });

  it('lets an operation run past Node’s request timeout once its body has arrived: the budget governs', async () => {
    const listener = createListener(testServer(slow), { headersTimeout: 200, requestTimeout: 400 });
    const host = await listen(listener);
    try {
      const started = performance.now();
      const response = await fetch(`http://${host}/graphql`, post(dashboard, admin));
      expect(performance.now() - started).toBeGreaterThan(400);
      expect(response.status).toBe(200);
      expect((await response.json()).data.dashboard.coverages.length).toBeGreaterThan(0);
    } finally {
      listener.close();
    }
  });
});
