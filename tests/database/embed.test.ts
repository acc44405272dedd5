// Public widgets on signed embed tokens, and the other tokens a client may hold: what a grant shows, and
// every way a token can be wrong (tampered, foreign, expired, revoked, of a disabled user), through HTTP.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, disableUser, issueEmbedToken, revokeApiToken, revokeEmbedToken } from '../../src/access/accounts.ts';
import { usersCommand } from '../../src/access/users-command.ts';
import { keysFrom, signEmbed, signSession, type EmbedGrant } from '../../src/access/tokens.ts';
import { readConfig } from '../../src/config.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/demo/users.ts';
import { EARLIER_EMBEDDED_CHART_OPERATIONS, EMBEDDED_CHART_HASH, EMBEDDED_CHART_OPERATION } from '../../src/embed/operation.ts';
import { providers } from '../support/databases.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { signedInAs, testKeys, testServer } from '../support/viewers.ts';

const grant: EmbedGrant = { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '066', fromYear: 2016, toYear: 2019, chart: 'line' };

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

describe.each(providers)('tokens on %s', (provider) => {
  let db: Database;
  // One server for every request, as in production: it remembers checks of sessions and embed tokens.
  let server: ReturnType<typeof testServer>;
  const send = async (authorization: string | null, body: object) => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const persisted = (year?: number, variables: Record<string, unknown> = {}) => ({
    extensions: { persistedQuery: { version: 1, sha256Hash: EMBEDDED_CHART_HASH } },
    variables: { ...variables, ...(year === undefined ? {} : { year }) },
  });
  const codeOf = (result: { body: Body }) => result.body.errors?.[0]?.extensions?.code;

  beforeAll(() => {
    db = openDemoDatabase(provider);
    server = testServer(db);
  });
  afterAll(() => db.$disconnect());

  it('knows the widget’s operation by the SHA-256 of its text, and still answers the operation of an earlier script', async () => {
    expect(createHash('sha256').update(EMBEDDED_CHART_OPERATION).digest('hex')).toBe(EMBEDDED_CHART_HASH);
    const { token } = await issueEmbedToken(db, testKeys, grant, { days: 30, issuedBy: 'test' });
    for (const [hash, operation] of Object.entries(EARLIER_EMBEDDED_CHART_OPERATIONS)) {
      expect(createHash('sha256').update(operation).digest('hex')).toBe(hash);
      // A portal's cached copy of the earlier script: answered, without the records it does not ask.
      const earlier = await send(`Bearer ${token}`, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { year: 2019 } });
      expect(earlier.status).toBe(200);
      expect(earlier.body.data.embeddedChart.coverage).toMatchObject({ year: 2019 });
      expect(earlier.body.data.embeddedChart.coverage.records).toBeUndefined();
    }
    const current = await send(`Bearer ${token}`, persisted(2019));
    expect(current.body.data.embeddedChart.coverage.records).toBeGreaterThan(0);
  });

  it('issues an embed token to an administrator, with the snippet to paste', async () => {
    const admin = await signedInAs(db, 'embed.admin');
    const issued = await send(admin, {
      query: `mutation($input: EmbedTokenInput!) { issueEmbedToken(input: $input, origin: "https://dvk.example.gov.vn") { id token snippet expiresAt } }`,
      variables: { input: { ...grant, days: 30, label: 'Cổng thông tin tỉnh' } },
    });
    expect(issued.body.errors).toBeUndefined();
    const { token, snippet, id } = issued.body.data.issueEmbedToken;
    expect(snippet).toBe(
      `<script src="https://dvk.example.gov.vn/widgets/dvk.js" defer></script>\n<dvk-chart token="${token}" year="2019" lang="vi"></dvk-chart>`,
    );
    expect((await db.embedToken.findUniqueOrThrow({ where: { id } })).issuedBy).toBe('embed.admin');
    const shown = await send(`Bearer ${token}`, persisted());
    expect(shown.status).toBe(200);
    expect(shown.body.data.embeddedChart).toMatchObject({ chart: 'line', fromYear: 2016, toYear: 2019, coverage: { unit: { code: '066' }, year: 2019 } });
    expect(shown.body.data.embeddedChart.series.map((point: { year: number }) => point.year)).toEqual([2016, 2017, 2018, 2019]);
  });

  it('shows only what the grant allows, whatever the page sends', async () => {
    const { token } = await issueEmbedToken(db, testKeys, grant, { days: 30, issuedBy: 'test' });
    const bearer = `Bearer ${token}`;
    // Variables the operation does not declare change nothing; a year within the range moves the chart.
    const widened = await send(bearer, persisted(2017, { unit: '06', indicator: 'SURVEY_SATISFIED' }));
    expect(widened.body.data.embeddedChart.coverage).toMatchObject({ unit: { code: '066' }, indicator: { code: 'COMMUNE_NTM_EFFECTIVE' }, year: 2017 });
    expect(widened.body.data.embeddedChart.series.map((point: { year: number }) => point.year)).toEqual([2016, 2017]);
    for (const year of [2015, 2020]) {
      const outside = await send(bearer, persisted(year));
      expect([outside.status, codeOf(outside)]).toEqual([403, 'FORBIDDEN']);
      expect(outside.body.errors?.[0]?.message).toBe(`This embed token shows 2016–2019, not ${year}.`);
    }
    // Any other document, even the one the dashboard sends, is refused before it is parsed.
    const arbitrary = await send(bearer, { query: `{ dashboard(unit: "066", year: 2019) { unit { name } } }` });
    expect([arbitrary.status, codeOf(arbitrary)]).toEqual([403, 'PERSISTED_QUERY_ONLY']);
    const unknown = await send(bearer, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect([unknown.status, codeOf(unknown)]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses a tampered or foreign embed token with UNAUTHENTICATED, an expired or revoked one with its own code', async () => {
    const { id, token } = await issueEmbedToken(db, testKeys, grant, { days: 30, issuedBy: 'test' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, unit: '06', from: 2011, to: 2024 })).toString('base64url');
    const foreign = await signEmbed(keysFrom('another server’s secret, just as long as ours'), id, grant, new Date(Date.now() + 86_400_000));
    const expired = await signEmbed(testKeys, id, grant, new Date(Date.now() - 1000), new Date(Date.now() - 86_400_000));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    for (const forged of [`${header}.${widened}.${signature}`, foreign, unsigned, 'not-a-token', `${token}x`]) {
      const result = await send(`Bearer ${forged}`, persisted());
      expect([result.status, codeOf(result)], forged.slice(0, 40)).toEqual([401, 'UNAUTHENTICATED']);
      expect(result.body.data).toBeUndefined();
    }
    // Signed by this server, with an `exp` claim past, as tokens were before their records held the expiry.
    const outdated = await send(`Bearer ${expired}`, persisted());
    expect([outdated.status, codeOf(outdated)]).toEqual([401, 'EMBED_TOKEN_EXPIRED']);
    expect((await send(`Bearer ${token}`, persisted())).status).toBe(200);
    const { revokedAt } = await revokeEmbedToken(db, id);
    const revoked = await send(`Bearer ${token}`, persisted());
    expect([revoked.status, codeOf(revoked), revoked.body.errors?.[0]?.message]).toEqual([
      401,
      'EMBED_TOKEN_REVOKED',
      `Embed token ${id} was revoked on ${revokedAt!.toISOString()}.`,
    ]);
  });

  it('signs in with a password, and refuses wrong ones without telling which part was wrong', async () => {
    const signIn = (username: string, password: string) =>
      send(null, {
        query: `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token user { username role } } }`,
        variables: { u: username, p: password },
      });
    const session = await signIn('huyen.nari', DEMO_PASSWORD);
    expect(session.body.data.signIn.user).toEqual({ username: 'huyen.nari', role: 'DISTRICT_OFFICER' });
    const me = await send(`Bearer ${session.body.data.signIn.token}`, { query: `{ me { username unit { code } } }` });
    expect(me.body.data).toEqual({ me: { username: 'huyen.nari', unit: { code: '066' } } });
    for (const [username, password] of [
      ['huyen.nari', 'wrong password'],
      ['nobody.here', DEMO_PASSWORD],
    ] as const) {
      const refused = await signIn(username, password);
      expect([refused.status, codeOf(refused), refused.body.errors?.[0]?.message]).toEqual([401, 'UNAUTHENTICATED', 'Wrong user name or password.']);
    }
    const anonymous = await send(null, { query: `{ units { totalCount } }` });
    expect([anonymous.status, codeOf(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('takes API tokens until they are revoked or expire, and nothing of a disabled user', async () => {
    const user = await db.user.upsert({
      where: { username: 'api.analyst' },
      create: { username: 'api.analyst', displayName: 'API', role: 'ANALYST' },
      update: { disabledAt: null },
    });
    const issued = await createApiToken(db, 'api.analyst', 'nightly export', 30);
    const ask = (token: string) => send(`Bearer ${token}`, { query: `{ me { username } }` });
    expect((await ask(issued.token)).body.data).toEqual({ me: { username: 'api.analyst' } });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: issued.id } })).hash).not.toContain(issued.token.slice(4, 20));
    await revokeApiToken(db, issued.id);
    expect(codeOf(await ask(issued.token))).toBe('UNAUTHENTICATED');
    const expiring = await createApiToken(db, 'api.analyst', 'short', 1);
    await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(codeOf(await ask(expiring.token))).toBe('UNAUTHENTICATED');
    const fresh = await createApiToken(db, 'api.analyst', 'fresh');
    const session = (await signSession(testKeys, user.id)).token;
    // Both answered once, so that the server remembers the session's check (src/server/requests.ts).
    for (const token of [fresh.token, session]) expect((await ask(token)).body.data).toEqual({ me: { username: 'api.analyst' } });
    await disableUser(db, 'api.analyst');
    for (const token of [fresh.token, session]) expect(codeOf(await ask(token))).toBe('UNAUTHENTICATED');
  });
});

describe('the users command', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dvk-users-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(directory, 'users.sqlite')}`, AUTH_SECRET: 'the command line test secret, long enough' };
  let db: Database | undefined;
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(directory, { recursive: true, force: true });
  });
  /** As the operator runs it (`npm run users -- …`): a process of its own, which migrates the database first. */
  const spawned = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/users.ts', ...args], { encoding: 'utf8', env });
  /** The same command in this process, on the same database, as that process reads its settings. */
  const users = async (...args: string[]) => {
    db ??= createDatabase(env.DATABASE_URL);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const config = { ...readConfig(), authSecret: env.AUTH_SECRET, authSecretGenerated: false };
    const io = { stdin: async () => '', out: (line: string) => stdout.push(`${line}\n`), err: (line: string) => stderr.push(`${line}\n`) };
    const status = await usersCommand(args, db, config, io);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  };

  it('creates users and tokens, lists and disables them, and explains a mistake', async () => {
    const added = spawned('add', 'quan.tri', '--role', 'ADMIN', '--name', 'Quản trị');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Created quan\.tri \(ADMIN, whole country\)\.\nPassword \(shown once\): \S{16}\n$/);
    const officer = spawned('add', 'can.bo', '--role', 'DISTRICT_OFFICER');
    expect([officer.status, officer.stderr]).toEqual([2, 'users: unit: a DISTRICT_OFFICER needs the code of their DISTRICT unit\n']);
    const token = await users('token', 'quan.tri', '--name', 'GraphiQL', '--days', '30');
    expect(token.stdout).toMatch(/\ndvk_[A-Za-z0-9_-]{43}\n$/);
    expect((await users('disable', 'quan.tri')).status).toBe(0);
    expect((await users('list')).stdout).toMatch(/^quan\.tri\s+ADMIN\s+\(whole country\)\s+disabled\n$/);
    expect((await users('embed', '--indicator', 'X')).stderr).toBe('users: give --unit\n');
    expect((await users('embed', '--indicator', 'X', '--unit', '06', '--from', '2019', '--to', '2020')).stderr).toBe(
      'users: indicator: no indicator has the code "X"\n',
    );
    // An option it does not know is a mistake told in a line, with the commands, not a stack trace.
    const unknown = await users('--help');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^users: Unknown option '--help'\..*\ncommands: add, list, /);
  });
});
