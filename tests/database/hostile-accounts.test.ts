// What an attacker tries against the accounts rather than the queries: racing the password limit with
// parallel guesses, a production server started on an empty database (it must not seed the demo's
// published administrator), and the embed tokens of an administrator who is disabled.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, disableUser, issueEmbedToken } from '../../src/access/accounts.ts';
import type { EmbedGrant } from '../../src/access/tokens.ts';
import { authenticate } from '../../src/access/viewer.ts';
import { readConfig } from '../../src/config.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/users.ts';
import { SIGN_IN_FAILURES_PER_MINUTE } from '../../src/schema/access.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { signedInAs, testKeys, testServer } from '../support/viewers.ts';

type Answer = { status: number; code: string | undefined; token: string | undefined };

/** Posts a signIn through the yoga server, as a client on the network would. */
async function signIn(server: ReturnType<typeof testServer>, username: string, password: string): Promise<Answer> {
  const response = await server.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      variables: { u: username, p: password },
    }),
  });
  const body = (await response.json()) as { data?: { signIn: { token: string } | null }; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, token: body.data?.signIn?.token };
}

describe('the password limit, raced', () => {
  let database: TestDatabase;
  let db: Database;
  const server = () => testServer(db);
  const RIGHT = 'the right password';

  beforeAll(async () => {
    database = await freshDatabase('sqlite');
    db = createDatabase(database.url);
    for (const username of ['race.target', 'often.signs.in']) await createUser(db, { username, displayName: '', role: 'ADMIN', password: RIGHT });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('checks at most ten of 40 parallel guesses, the right one among them, and answers the rest 429', async () => {
    const passwords = [RIGHT, ...Array.from({ length: 39 }, (_, index) => `wrong guess ${index}`)];
    for (let index = passwords.length - 1; index > 0; index--) {
      const other = Math.floor(Math.random() * (index + 1));
      [passwords[index], passwords[other]] = [passwords[other]!, passwords[index]!];
    }
    const yoga = server();
    const answers = await Promise.all(passwords.map((password) => signIn(yoga, 'race.target', password)));
    const accepted = answers.filter((answer) => answer.token);
    const refused = answers.filter((answer) => answer.code === 'UNAUTHENTICATED');
    const limited = answers.filter((answer) => answer.code === 'RATE_LIMITED');
    // A checked password answers either a session or UNAUTHENTICATED; the right one is accepted only if it
    // was among the ten attempts counted, and every other attempt is refused before its scrypt.
    expect(accepted.length + refused.length).toBe(SIGN_IN_FAILURES_PER_MINUTE);
    expect(accepted.length).toBeLessThanOrEqual(1);
    expect(limited).toHaveLength(passwords.length - SIGN_IN_FAILURES_PER_MINUTE);
    expect(new Set(limited.map((answer) => answer.status))).toEqual(new Set([429]));
  });

  it('gives a successful sign-in its count back, so a user who signs in often is not locked out', async () => {
    const yoga = server();
    for (let attempt = 0; attempt < 2 * SIGN_IN_FAILURES_PER_MINUTE; attempt++) expect((await signIn(yoga, 'often.signs.in', RIGHT)).token).toBeTruthy();
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_MINUTE - 1; attempt++)
      expect((await signIn(yoga, 'often.signs.in', 'wrong')).code).toBe('UNAUTHENTICATED');
    // Only its own count comes back: the wrong passwords before it still count.
    expect((await signIn(yoga, 'often.signs.in', RIGHT)).token).toBeTruthy();
    expect((await signIn(yoga, 'often.signs.in', 'wrong')).code).toBe('UNAUTHENTICATED');
    expect(await signIn(yoga, 'often.signs.in', RIGHT)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });
});

const PRODUCTION = { NODE_ENV: 'production', AUTH_SECRET: 'the production test secret, long enough to sign', PORT: '0', HOST: '127.0.0.1' };

/** The real entry of `npm start` as a child process; resolves when its output matches `until`, or when it exits. */
function startServer(env: Record<string, string>, until: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const settled = new Promise<{ output: string; exitCode: number | null }>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) resolve({ output, exitCode: null });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (exitCode) => resolve({ output, exitCode }));
  });
  return { child, settled };
}

describe('a production server', () => {
  const started: ChildProcess[] = [];
  const databases: TestDatabase[] = [];
  const start = (env: Record<string, string>, until = /Ready in/) => {
    const server = startServer(env, until);
    started.push(server.child);
    return server.settled;
  };
  afterEach(async () => {
    await Promise.all(
      started
        .splice(0)
        .map((child) =>
          child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL')),
        ),
    );
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it.each(providers)('on %s seeds nothing, tells how to create the first administrator, who then signs in', async (provider) => {
    const database = await freshDatabase(provider);
    databases.push(database);
    const { output, exitCode } = await start({ ...PRODUCTION, DATABASE_URL: database.url });
    expect(exitCode, output).toBeNull();
    expect(output).toContain('npm run users -- add <name> --role ADMIN');
    expect(output).not.toContain(DEMO_PASSWORD);
    expect(output).not.toMatch(/password[^\n]*:\s*\S/i);
    expect(output).not.toMatch(/demo/i);

    const db = createDatabase(database.url);
    try {
      expect(await db.user.count()).toBe(0);
      expect([await db.unit.count(), await db.indicator.count(), await db.model.count()]).toEqual([0, 0, 0]);

      const added = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/users.ts', 'add', 'chanh.vanphong', '--role', 'ADMIN'], {
        encoding: 'utf8',
        env: { ...process.env, ...PRODUCTION, DATABASE_URL: database.url },
      });
      expect(added.status, added.stderr).toBe(0);
      const password = /Password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
      expect(password).toBeTruthy();
      expect(await signIn(testServer(db), 'chanh.vanphong', password!)).toMatchObject({ status: 200, code: undefined, token: expect.any(String) });
    } finally {
      await db.$disconnect();
    }
  });

  it('refuses SEED_DEMO=true with a message and an exit code, not a stack trace', async () => {
    const database = await freshDatabase('sqlite');
    databases.push(database);
    const { output, exitCode } = await start({ ...PRODUCTION, DATABASE_URL: database.url, SEED_DEMO: 'true' });
    expect(exitCode, output).toBe(1);
    expect(output).toMatch(/SEED_DEMO=true is refused with NODE_ENV=production/);
    expect(output).not.toMatch(/\bat .+\.(ts|js):\d+/);
    const db = createDatabase(database.url);
    expect(await db.user.count()).toBe(0);
    await db.$disconnect();
  });

  it('refuses to serve a database whose demo users still have the published password, and names them', async () => {
    const { output, exitCode } = await start({ ...PRODUCTION, DATABASE_URL: inject('demoDatabases').sqlite });
    expect(exitCode, output).toBe(1);
    for (const { username } of DEMO_USERS) expect(output).toContain(`npm run users -- disable ${username}`);
    expect(output).not.toContain(DEMO_PASSWORD);
    expect(output).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });

  it('seeds the demo outside production, as `npm start` promises, and turns it off only on request', () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, SEED_DEMO: process.env.SEED_DEMO, AUTH_SECRET: process.env.AUTH_SECRET };
    const configWith = (env: Record<string, string | undefined>) => {
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      return readConfig().seedDemo;
    };
    try {
      expect(configWith({ NODE_ENV: undefined, SEED_DEMO: undefined, AUTH_SECRET: undefined })).toBe(true);
      expect(configWith({ SEED_DEMO: 'false' })).toBe(false);
      expect(configWith({ NODE_ENV: 'production', SEED_DEMO: undefined, AUTH_SECRET: PRODUCTION.AUTH_SECRET })).toBe(false);
      expect(() => configWith({ SEED_DEMO: 'true' })).toThrow(/SEED_DEMO=true is refused with NODE_ENV=production/);
    } finally {
      configWith(saved);
    }
  });
});

describe('the embed tokens of a disabled administrator', () => {
  let db: Database;
  const grant: EmbedGrant = { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', fromYear: 2016, toYear: 2019, chart: 'bar' };
  const works = async (token: string) => (await authenticate(db, testKeys, `Bearer ${token}`)).viewer.kind === 'embed';
  const issueAs = (issuedBy: string) => issueEmbedToken(db, testKeys, grant, { days: 30, label: `portal of ${issuedBy}`, issuedBy });

  beforeAll(() => {
    db = openDemoDatabase('sqlite');
  });
  afterAll(() => db.$disconnect());

  it('keeps them working and lists them by default: they are grants of the organisation', async () => {
    await signedInAs(db, 'embed.leaver');
    const live = await issueAs('embed.leaver');
    const revoked = await issueAs('embed.leaver');
    await db.embedToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const disabled = await disableUser(db, 'embed.leaver');
    expect(disabled.user.disabledAt).not.toBeNull();
    expect(disabled.liveEmbeds.map((token) => token.id)).toEqual([live.id]);
    expect(disabled.revokedEmbeds).toEqual([]);
    expect(await works(live.token)).toBe(true);
  });

  it('revokes them with the issuer on request, and only theirs', async () => {
    await signedInAs(db, 'embed.misconduct');
    const theirs = await issueAs('embed.misconduct');
    const colleague = await issueAs('embed.colleague');
    const disabled = await disableUser(db, 'embed.misconduct', { revokeEmbeds: true });
    expect(disabled.revokedEmbeds.map((token) => token.id)).toEqual([theirs.id]);
    expect(disabled.liveEmbeds).toEqual([]);
    await expect(authenticate(db, testKeys, `Bearer ${theirs.token}`)).rejects.toMatchObject({ extensions: { code: 'EMBED_TOKEN_REVOKED' } });
    expect(await works(colleague.token)).toBe(true);
  });

  it('has `npm run users -- disable` list the tokens that stay, and revoke them with --revoke-embeds', async () => {
    const database = await freshDatabase('sqlite');
    const own = createDatabase(database.url);
    try {
      await createUser(own, { username: 'quantri.cu', displayName: '', role: 'ADMIN' });
      const expiresAt = new Date(Date.now() + 86_400_000);
      await own.embedToken.create({
        data: { id: 'portal-chart', indicator: 'X', unitCode: '06', fromYear: 2019, toYear: 2020, chart: 'bar', issuedBy: 'quantri.cu', expiresAt },
      });
      const users = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/users.ts', ...args], {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: database.url },
        });
      const kept = users('disable', 'quantri.cu');
      expect(kept.status, kept.stderr).toBe(0);
      expect(kept.stdout).toMatch(/stay live[^\n]*\n\s+portal-chart .*\nTo revoke them too: npm run users -- disable quantri\.cu --revoke-embeds\n$/);
      expect((await own.embedToken.findUniqueOrThrow({ where: { id: 'portal-chart' } })).revokedAt).toBeNull();
      const revoked = users('disable', 'quantri.cu', '--revoke-embeds');
      expect(revoked.stdout).toContain('Revoked the 1 embed token(s) they issued: portal-chart.');
      expect((await own.embedToken.findUniqueOrThrow({ where: { id: 'portal-chart' } })).revokedAt).not.toBeNull();
    } finally {
      await own.$disconnect();
      await database.drop();
    }
  });
});
