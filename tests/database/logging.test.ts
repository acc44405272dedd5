// The request log (issue 15): one JSON line per request from the real listener, with its method, path,
// status, duration, operation name and error codes, and never a password, a token or an Authorization header,
// wherever the client put them (variables, headers, the query string).
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { hashPassword } from '../../src/access/passwords.ts';
import { createDatabase } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { createListener, LISTENER_LIMITS } from '../../src/server/listener.ts';
import { providers } from '../support/databases.ts';
import { listen } from '../support/listening.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

interface Line {
  level: number;
  time: string;
  msg: string;
  method?: string;
  path?: string;
  status?: number;
  ms?: number;
  operation?: string;
  codes?: string[];
  [key: string]: unknown;
}

/** A logger whose lines the test reads, as a log shipper would: each one JSON object. */
function capturedLogger(format: 'json' | 'text' = 'json') {
  const written: string[] = [];
  const logger = createLogger({ level: 'info', format }, { write: (line: string) => void written.push(line) });
  return { logger, written, lines: () => written.map((line) => JSON.parse(line) as Line) };
}

const json = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

describe.each(providers)('the request log on %s', (provider) => {
  const db = createDatabase(inject('demoDatabases')[provider]);
  const { logger, written, lines } = capturedLogger();
  let api: Awaited<ReturnType<typeof listen>>;
  let admin: string;
  const password = `mat-khau-${provider}-Zq81`;

  beforeAll(async () => {
    admin = await signedInAs(db, 'log.admin');
    const passwordHash = await hashPassword(password);
    await db.user.upsert({
      where: { username: 'log.user' },
      create: { username: 'log.user', displayName: 'Log user', role: 'ANALYST', passwordHash },
      update: { passwordHash },
    });
    api = await listen(createListener(testServer(db, { logger }), LISTENER_LIMITS, logger));
  });
  afterAll(async () => {
    await api.close();
    await db.$disconnect();
  });

  /** Sends a request and waits for its line: the listener writes it once the answer has gone. */
  async function logged(path: string, init?: RequestInit): Promise<{ response: Response; line: Line }> {
    const before = written.length;
    const response = await fetch(`${api.origin}${path}`, init);
    await response.arrayBuffer();
    await vi.waitFor(() => expect(written.length).toBe(before + 1));
    return { response, line: lines().at(-1)! };
  }

  it('writes one line per request: method, path, status, duration, operation name and error codes', async () => {
    const dashboard = await logged('/graphql', {
      method: 'POST',
      headers: { ...json, authorization: admin },
      body: JSON.stringify({ query: 'query Dashboard { dashboard(unit: "06", year: 2019) { coverages { ratio } } }' }),
    });
    expect(dashboard.response.status).toBe(200);
    expect(dashboard.line).toMatchObject({ level: 30, msg: 'request', method: 'POST', path: '/graphql', status: 200, operation: 'Dashboard' });
    expect(dashboard.line.ms).toBeGreaterThan(0);
    expect(new Date(dashboard.line.time).toISOString()).toBe(dashboard.line.time);
    expect(dashboard.line).not.toHaveProperty('codes');

    // An error of the operation: its code, and the operation the document named.
    const refused = await logged('/graphql', {
      method: 'POST',
      headers: { ...json, authorization: admin },
      body: JSON.stringify({ query: 'query Coverage { dashboard(unit: "06", year: 1200) { unit { code } } }' }),
    });
    expect(refused.line).toMatchObject({ method: 'POST', path: '/graphql', status: refused.response.status, operation: 'Coverage', codes: ['BAD_USER_INPUT'] });

    // A refusal answered before any operation is read has its code too.
    const crossSite = await logged('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ me { username } }' });
    expect(crossSite.line).toMatchObject({ status: 403, codes: ['CSRF_HEADER_REQUIRED'] });

    const health = await logged('/health');
    expect(health.line).toMatchObject({ method: 'GET', path: '/health', status: 200 });
    expect(health.line.ms).toBeGreaterThanOrEqual(0);
  });

  it('never writes a password, a token or an Authorization header', async () => {
    const signIn = 'mutation SignIn($username: String!, $password: String!) { signIn(username: $username, password: $password) { token } }';
    const signedIn = await fetch(`${api.origin}/graphql`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: signIn, variables: { username: 'log.user', password } }),
    });
    const { data } = (await signedIn.json()) as { data: { signIn: { token: string } } };
    const token = data.signIn.token;
    const wrong = await logged('/graphql', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: signIn, variables: { username: 'log.user', password: `${password}-sai` } }),
    });
    expect(wrong.line).toMatchObject({ operation: 'SignIn', codes: ['UNAUTHENTICATED'] });

    await logged('/graphql', {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Me { me { username } }' }),
    });
    // GET carries the operation, and an embed page its token, in the query string: only the path is written.
    const get = await logged(`/graphql?query=${encodeURIComponent(`query Me { me { username } }`)}&token=${token}`, {
      headers: { accept: 'application/json', 'x-dvk-csrf': '1', authorization: `Bearer ${token}` },
    });
    expect(get.line).toMatchObject({ method: 'GET', path: '/graphql', status: 200, operation: 'Me' });
    const embed = await logged(`/embed/chart?token=${token}&year=2019`);
    expect(embed.line.path).toBe('/embed/chart');

    // A careless call of the future is censored too.
    logger.info({ authorization: `Bearer ${token}`, password, headers: { authorization: `Bearer ${token}`, cookie: token } }, 'careless');
    expect(lines().at(-1)).toMatchObject({
      authorization: '[redacted]',
      password: '[redacted]',
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
    });

    const everything = written.join('');
    for (const secret of [password, token, token.split('.')[2]!, admin.slice('Bearer '.length)]) expect(everything).not.toContain(secret);
    expect(everything.toLowerCase()).not.toContain('bearer');
  });

  it('writes a line for what Node refuses before yoga reads it', async () => {
    const before = written.length;
    const response = await fetch(`${api.origin}/graphql`, { headers: { 'x-large': 'x'.repeat(20_000), authorization: admin } });
    expect(response.status).toBe(431);
    await vi.waitFor(() => expect(written.length).toBe(before + 1));
    expect(lines().at(-1)).toMatchObject({ level: 30, status: 431, codes: ['REQUEST_HEADER_FIELDS_TOO_LARGE'] });
    expect(written.at(-1)).not.toContain(admin.slice('Bearer '.length));
  });
});

describe('the text format', () => {
  it('writes one readable line, without the time and process of every line', () => {
    const { logger, written } = capturedLogger('text');
    logger.info({ method: 'GET', path: '/health', status: 200, ms: 0.4 }, 'request');
    logger.warn({ password: 'x' }, 'careless');
    expect(written).toEqual(['[dvk] request method=GET path=/health status=200 ms=0.4\n', '[dvk] WARN careless password=[redacted]\n']);
  });
});
