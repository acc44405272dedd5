// The response cache: answers reused per viewer, and never after a write, even when the write went through
// another server sharing the database (two yoga instances with their own caches and their own clients).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/access/passwords.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { raiseDataVersion } from '../../src/db/data-version.ts';
import { SIGN_IN_FAILURES_PER_MINUTE } from '../../src/schema/access.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { createCommuneNtmIndicator } from '../support/fixtures.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

describe.each(providers)('response cache on %s', (provider) => {
  let database: TestDatabase;
  let first: Database;
  let second: Database;
  const servers: ReturnType<typeof testServer>[] = [];

  beforeAll(async () => {
    database = await freshDatabase(provider);
    first = createDatabase(database.url);
    second = createDatabase(database.url);
    const unit = (code: string, kind: 'PROVINCE' | 'COMMUNE') =>
      first.unit.create({ data: { code, officialCode: code, name: `Đơn vị ${code}`, searchName: code.toLowerCase(), kind, level: kind } });
    const province = await unit('P', 'PROVINCE');
    for (const code of ['C1', 'C2']) await first.unitParent.create({ data: { unitId: (await unit(code, 'COMMUNE')).id, parentId: province.id } });
    await first.field.create({ data: { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' } });
    await createCommuneNtmIndicator(first);
    // Two servers, as behind a load balancer: each its own cache and its own connection pool.
    for (const db of [first, second]) servers.push(testServer(db, { responseCache: { ttl: 60_000, showHits: true } }));
  });
  afterAll(async () => {
    await Promise.all([first.$disconnect(), second.$disconnect()]);
    await database.drop();
  });

  const coverage = `{ coverage(indicator: "COMMUNE_NTM", unit: "P", period: { year: 2020 }) { numerator denominator } }`;
  async function ask(server: number, source: string, authorization: string, variables?: object) {
    const response = await servers[server]!.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: source, variables }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[]; extensions?: { responseCache?: { hit: boolean } } };
  }

  it('reuses an answer for the same viewer, and for nobody else', async () => {
    const admin = await signedInAs(first, 'cache.admin');
    const officer = await signedInAs(first, 'cache.officer', 'PROVINCE_OFFICER', 'P');
    const computed = await ask(0, coverage, admin);
    expect(computed).toMatchObject({ data: { coverage: { numerator: 0, denominator: 2 } }, extensions: { responseCache: { hit: false } } });
    expect((await ask(0, coverage, admin)).extensions?.responseCache?.hit).toBe(true);
    // Another user, even with the same answer, has it computed for them: their area may differ.
    expect((await ask(0, coverage, officer)).extensions?.responseCache?.hit).toBe(false);
    // A refusal is never kept: it is asked again, and refused again.
    const outside = await signedInAs(first, 'cache.elsewhere', 'COMMUNE_OFFICER', 'C2');
    for (let time = 0; time < 2; time++) expect((await ask(0, coverage, outside)).extensions?.responseCache?.hit).toBe(false);
  });

  it('computes once for readers who ask the same at once after a write, and gives each of them the answer', async () => {
    const admin = await signedInAs(first, 'cache.admin');
    const officer = await signedInAs(first, 'cache.officer', 'PROVINCE_OFFICER', 'P');
    await raiseDataVersion(first);
    // Eight identical queries of one viewer, and one of another, sent together: the first computes, the
    // other seven wait for it and find its answer kept; the other viewer's is computed for them.
    const answers = await Promise.all([...Array(8).fill(admin), officer].map((authorization: string) => ask(0, coverage, authorization)));
    for (const answer of answers) expect(answer.data).toEqual({ coverage: { numerator: 0, denominator: 2 } });
    expect(
      answers
        .slice(0, 8)
        .map((answer) => answer.extensions?.responseCache?.hit)
        .sort(),
    ).toEqual([false, ...Array(7).fill(true)]);
    expect(answers[8]!.extensions?.responseCache?.hit).toBe(false);
  });

  it('answers a write made through the other server in the very next read', async () => {
    const admin = await signedInAs(first, 'cache.admin');
    expect((await ask(0, coverage, admin)).extensions?.responseCache?.hit).toBe(true);
    const register = `mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey } }`;
    const input = {
      registrationKey: 'C1-NTM',
      kind: 'MODEL',
      holder: 'COLLECTIVE',
      title: 'Đường giao thông nông thôn',
      unit: 'C1',
      field: 'NONG_THON_MOI',
      startYear: 2019,
    };
    expect((await ask(1, register, admin, { input })).errors).toBeUndefined();
    const evaluate = `mutation { recordEvaluation(input: { model: "C1-NTM", year: 2020, rating: EFFECTIVE }) { year } }`;
    expect((await ask(1, evaluate, admin)).errors).toBeUndefined();
    const after = await ask(0, coverage, admin);
    expect(after).toMatchObject({ data: { coverage: { numerator: 1, denominator: 2 } }, extensions: { responseCache: { hit: false } } });
    expect((await ask(0, coverage, admin)).extensions?.responseCache?.hit).toBe(true);
    expect((await ask(1, coverage, admin)).data).toEqual(after.data);
  });

  it('checks a token before answering from the cache: a revoked embed token gets nothing', async () => {
    const admin = await signedInAs(first, 'cache.admin');
    const issued = await ask(
      0,
      `mutation { issueEmbedToken(input: { indicator: "COMMUNE_NTM", unit: "P", fromYear: 2020, toYear: 2020, chart: bar, days: 1 }) { id token } }`,
      admin,
    );
    const { id, token } = issued.data.issueEmbedToken;
    const widget = async () =>
      (
        await servers[0]!.fetch('http://localhost/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            extensions: { persistedQuery: { version: 1, sha256Hash: (await import('../../src/embed/operation.ts')).EMBEDDED_CHART_HASH } },
          }),
        })
      ).json() as Promise<{ data?: unknown; errors?: { extensions: { code: string } }[]; extensions?: { responseCache?: { hit: boolean } } }>;
    expect((await widget()).errors).toBeUndefined();
    expect((await widget()).extensions?.responseCache?.hit).toBe(true);
    await ask(1, `mutation($id: String!) { revokeEmbedToken(id: $id) { revokedAt } }`, admin, { id });
    const revoked = await widget();
    expect([revoked.data, revoked.errors?.[0]?.extensions.code]).toEqual([undefined, 'EMBED_TOKEN_REVOKED']);
  });

  it('never answers a mutation from the cache: each sign-in is a new session, and a locked-out name is refused', async () => {
    // Wrong passwords are counted per name in this process: each provider signs in as its own name.
    const username = `cache.signin.${provider}`;
    await first.user.create({ data: { username, displayName: username, role: 'VIEWER', passwordHash: await hashPassword('mat-khau-dung') } });
    const signIn = (password: string) => ask(0, `mutation($p: String!) { signIn(username: "${username}", password: $p) { token } }`, '', { p: password });
    const before = await signIn('mat-khau-dung');
    // A session token changes with the second it is signed in.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await signIn('mat-khau-dung');
    expect(again.extensions?.responseCache?.hit).not.toBe(true);
    expect(again.data.signIn.token).not.toBe(before.data.signIn.token);
    for (let attempt = 0; attempt < SIGN_IN_FAILURES_PER_MINUTE; attempt++) await signIn(`sai-${attempt}`);
    const locked = await signIn('mat-khau-dung');
    expect(locked.data?.signIn ?? null).toBeNull();
    expect(locked.errors).toMatchObject([{ extensions: { code: 'RATE_LIMITED' } }]);
  });
});
