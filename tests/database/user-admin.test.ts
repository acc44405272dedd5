// Accounts managed through the API (createUser, disableUser, resetPassword, users): administrators only,
// within their area; a province's administrator can neither reach another province's accounts nor make a
// whole-country one, nor lock themself out; the password is answered once and never filed; two requests for
// one name at once make one account. On a copy of the demo, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { demoCopy, providers, type TestDatabase } from '../support/databases.ts';
import { post } from '../support/graphql.ts';
import { signedInAs } from '../support/viewers.ts';

/** The answer's body: what a client reads. */
const ask = async (...args: Parameters<typeof post>) => (await post(...args)).body;
type Answer = Awaited<ReturnType<typeof ask>>;
const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
const problemsOf = (answer: Answer) => (answer.errors?.[0]?.extensions?.problems ?? []) as { path: string[]; message: string }[];

const CREATE = `mutation($input: UserInput!) { createUser(input: $input) { password user { username role unit { code } disabledAt } } }`;
const DISABLE = `mutation($username: String!) { disableUser(username: $username) { username disabledAt } }`;
const RESET = `mutation($username: String!) { resetPassword(username: $username) { password user { username } } }`;
const SIGN_IN = `mutation($username: String!, $password: String!) { signIn(username: $username, password: $password) { token } }`;

describe.each(providers)('account administration on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  /** Authorization headers: the whole country's administrator, Bắc Kạn's (06), and a district officer of Bắc Kạn. */
  let national: string;
  let province: string;
  let officer: string;

  beforeAll(async () => {
    database = await demoCopy(provider);
    db = createDatabase(database.url);
    national = await signedInAs(db, 'admin.country', 'ADMIN');
    province = await signedInAs(db, 'admin.backan', 'ADMIN', '06');
    officer = await signedInAs(db, 'officer.nari', 'DISTRICT_OFFICER', '066');
  }, 180_000);
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  const create = (as: string, input: object) => ask(db, CREATE, { input: { displayName: 'Cán bộ', ...input } }, as);
  const signIn = async (username: string, password: string) => (await ask(db, SIGN_IN, { username, password }, null)).data?.signIn?.token as string | undefined;
  const accounts = () => db.user.count();

  it('creates an account of the area with a password answered once, which signs in; the audit trail files it without the password', async () => {
    const answer = await create(province, { username: 'CanBo.NaRi', role: 'DISTRICT_OFFICER', unit: '066' });
    expect(answer.errors).toBeUndefined();
    const { password, user } = answer.data.createUser;
    expect(user).toEqual({ username: 'canbo.nari', role: 'DISTRICT_OFFICER', unit: { code: '066' }, disabledAt: null });
    expect(password).toMatch(/^[\w-]{16}$/);
    expect(await signIn('canbo.nari', password)).toBeTruthy();
    const [entry] = await db.auditEntry.findMany({ where: { entity: 'User', entityKey: 'canbo.nari' } });
    expect(entry).toMatchObject({ action: 'CREATE', actor: 'admin.backan', source: 'MUTATION', before: null });
    expect(JSON.parse(entry!.after!)).toEqual({ displayName: 'Cán bộ', role: 'DISTRICT_OFFICER', unit: '066' });
    const stored = await db.user.findUniqueOrThrow({ where: { username: 'canbo.nari' } });
    expect(JSON.stringify(await db.auditEntry.findMany())).not.toContain(stored.passwordHash!);
    expect(JSON.stringify(await db.auditEntry.findMany())).not.toContain(password);
  });

  it("refuses a province's administrator the accounts of another province and of the whole country, and everyone else every account", async () => {
    const before = await accounts();
    expect(codeOf(await create(province, { username: 'thainguyen.admin', role: 'ADMIN', unit: '19' }))).toBe('FORBIDDEN');
    expect(codeOf(await create(province, { username: 'ca.nuoc', role: 'ANALYST' }))).toBe('FORBIDDEN');
    expect(codeOf(await create(province, { username: 'ca.nuoc2', role: 'ADMIN' }))).toBe('FORBIDDEN');
    expect(codeOf(await create(officer, { username: 'ban.toi', role: 'COMMUNE_OFFICER', unit: '02152' }))).toBe('FORBIDDEN');
    expect(codeOf(await ask(db, `{ users { username } }`, {}, officer))).toBe('FORBIDDEN');
    const refusal = await create(province, { username: 'thainguyen.xem', role: 'VIEWER', unit: '19' });
    expect(refusal.errors?.[0]?.extensions?.vi).toMatch(/nằm ngoài địa bàn của bạn/);
    expect(await accounts()).toBe(before);

    // Another province's account, and the whole country's, are not Bắc Kạn's to disable or reset.
    await create(national, { username: 'thainguyen.canbo', role: 'PROVINCE_OFFICER', unit: '19' });
    for (const username of ['thainguyen.canbo', 'admin.country']) {
      expect(codeOf(await ask(db, DISABLE, { username }, province)), username).toBe('FORBIDDEN');
      expect(codeOf(await ask(db, RESET, { username }, province)), username).toBe('FORBIDDEN');
    }
    expect(await db.user.count({ where: { username: { in: ['thainguyen.canbo', 'admin.country'] }, disabledAt: { not: null } } })).toBe(0);
    // The province's list holds its own accounts only; the country's, every one.
    const listed = (await ask(db, `{ users { username unit { code } } }`, {}, province)).data.users as { username: string }[];
    expect(listed.map((user) => user.username)).toEqual(expect.arrayContaining(['admin.backan', 'canbo.nari', 'officer.nari']));
    expect(listed.map((user) => user.username)).not.toContain('thainguyen.canbo');
    expect(listed.map((user) => user.username)).not.toContain('admin.country');
    expect((await ask(db, `{ users { username } }`, {}, national)).data.users.length).toBe(await accounts());
  });

  it('puts each problem of a new account at its field, and makes one account of two requests for one name at once', async () => {
    const bad = await create(province, { username: 'x', role: 'DISTRICT_OFFICER' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(problemsOf(bad)).toEqual([{ path: ['input', 'username'], message: '3 to 64 of a-z, 0-9, . _ -' }]);
    expect(problemsOf(await create(province, { username: 'khong.don.vi', role: 'DISTRICT_OFFICER', unit: '06' }))).toEqual([
      { path: ['input', 'unit'], message: 'a DISTRICT_OFFICER holds a DISTRICT unit; Tỉnh Bắc Kạn is at PROVINCE level' },
    ]);
    const both = await Promise.all([1, 2].map(() => create(province, { username: 'hai.lan', role: 'DISTRICT_OFFICER', unit: '066' })));
    expect(both.filter((answer) => !answer.errors)).toHaveLength(1);
    expect(problemsOf(both.find((answer) => answer.errors)!)).toEqual([{ path: ['input', 'username'], message: 'hai.lan is taken' }]);
    expect(await db.user.count({ where: { username: 'hai.lan' } })).toBe(1);
  });

  it('changes an account’s role or unit within the area, at once for its open session, and enables it again', async () => {
    const UPDATE = `mutation($input: UserInput!) { updateUser(input: $input) { username role unit { code } } }`;
    const { password } = (await create(province, { username: 'doi.vaitro', role: 'DISTRICT_OFFICER', unit: '066' })).data.createUser;
    const session = `Bearer ${await signIn('doi.vaitro', password)}`;
    const plan = `mutation { recordPlan(input: { unit: "066", year: 2021 }) { year } }`;
    expect((await ask(db, plan, {}, session)).errors).toBeUndefined();
    // Not outside the area, not the whole country, not one's own.
    const refused = [
      [{ username: 'doi.vaitro', role: 'PROVINCE_OFFICER', unit: '19' }, 'FORBIDDEN'],
      [{ username: 'doi.vaitro', role: 'ANALYST' }, 'FORBIDDEN'],
      [{ username: 'admin.backan', role: 'ADMIN', unit: '06' }, 'BAD_USER_INPUT'],
    ] as const;
    for (const [input, code] of refused)
      expect(codeOf(await ask(db, UPDATE, { input: { displayName: 'x', ...input } }, province)), JSON.stringify(input)).toBe(code);
    expect((await db.user.findUniqueOrThrow({ where: { username: 'doi.vaitro' }, include: { unit: true } })).unit?.code).toBe('066');
    expect(
      problemsOf(await ask(db, UPDATE, { input: { username: 'doi.vaitro', displayName: 'x', role: 'DISTRICT_OFFICER', unit: '06' } }, province))[0]?.path,
    ).toEqual(['input', 'unit']);

    // A viewer now: the open session may no longer write, from its next request.
    const changed = await ask(db, UPDATE, { input: { username: 'doi.vaitro', displayName: 'Người xem', role: 'VIEWER', unit: '06' } }, province);
    expect(changed.data.updateUser).toEqual({ username: 'doi.vaitro', role: 'VIEWER', unit: { code: '06' } });
    expect(codeOf(await ask(db, plan, {}, session))).toBe('FORBIDDEN');

    await ask(db, DISABLE, { username: 'doi.vaitro' }, province);
    expect(await signIn('doi.vaitro', password)).toBeUndefined();
    expect((await ask(db, `mutation { enableUser(username: "doi.vaitro") { username } }`, {}, province)).errors).toBeUndefined();
    expect(await signIn('doi.vaitro', password)).toBeTruthy();
    const entries = await db.auditEntry.findMany({ where: { entity: 'User', entityKey: 'doi.vaitro' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => entry.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE']);
    expect(JSON.parse(entries[1]!.before!)).toEqual({ displayName: 'Cán bộ', role: 'DISTRICT_OFFICER', unit: '066' });
    expect(JSON.parse(entries[1]!.after!)).toEqual({ displayName: 'Người xem', role: 'VIEWER', unit: '06' });
  });

  it('makes API tokens of one’s own only when signed in with a password, lists them without the token, and revokes only one’s own', async () => {
    const made = await ask(db, `mutation { createApiToken(name: "xuất số liệu hằng đêm", days: 30) { id token expiresAt } }`, {}, officer);
    expect(made.errors).toBeUndefined();
    const { id, token } = made.data.createApiToken;
    expect(token).toMatch(/^dvk_/);
    const bearer = `Bearer ${token}`;
    expect((await ask(db, `{ me { username } }`, {}, bearer)).data.me.username).toBe('officer.nari');
    // A token, leaked, must not mint others, nor read the list.
    expect(codeOf(await ask(db, `mutation { createApiToken(name: "another") { token } }`, {}, bearer))).toBe('FORBIDDEN');
    expect(codeOf(await ask(db, `{ apiTokens { id } }`, {}, bearer))).toBe('FORBIDDEN');
    const listed = await ask(db, `{ apiTokens { id name expiresAt revokedAt } }`, {}, officer);
    expect(listed.data.apiTokens).toEqual([{ id, name: 'xuất số liệu hằng đêm', expiresAt: expect.any(String), revokedAt: null }]);
    expect(problemsOf(await ask(db, `mutation { createApiToken(name: "x", days: 5000) { id } }`, {}, officer))).toEqual([
      { path: ['days'], message: 'a whole number from 1 to 3650' },
    ]);
    // Another account's token is no token of theirs, even for an administrator.
    expect(problemsOf(await ask(db, `mutation($id: Int!) { revokeApiToken(id: $id) { id } }`, { id }, province))).toEqual([
      { path: ['id'], message: `you have no API token ${id}` },
    ]);
    expect((await ask(db, `{ me { username } }`, {}, bearer)).data.me.username).toBe('officer.nari');
    expect((await ask(db, `mutation($id: Int!) { revokeApiToken(id: $id) { revokedAt } }`, { id }, officer)).data.revokeApiToken.revokedAt).not.toBeNull();
    expect(codeOf(await ask(db, `{ me { username } }`, {}, bearer))).toBe('UNAUTHENTICATED');
    const entries = await db.auditEntry.findMany({ where: { entity: 'ApiToken', entityKey: `officer.nari/${id}` }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
      ['CREATE', 'officer.nari'],
      ['UPDATE', 'officer.nari'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(token.slice(4));
  });

  it('resets a password (the old one stops) and disables an account (its session stops), never the administrator’s own', async () => {
    const { password } = (await create(province, { username: 'quen.matkhau', role: 'DISTRICT_OFFICER', unit: '066' })).data.createUser;
    const session = await signIn('quen.matkhau', password);
    const reset = await ask(db, RESET, { username: 'quen.matkhau' }, province);
    expect(reset.errors).toBeUndefined();
    expect(await signIn('quen.matkhau', password)).toBeUndefined();
    expect(await signIn('quen.matkhau', reset.data.resetPassword.password)).toBeTruthy();

    expect(codeOf(await ask(db, DISABLE, { username: 'admin.backan' }, province))).toBe('BAD_USER_INPUT');
    const disabled = await ask(db, DISABLE, { username: 'quen.matkhau' }, province);
    expect(disabled.data.disableUser.disabledAt).not.toBeNull();
    expect(codeOf(await ask(db, `{ me { username } }`, {}, `Bearer ${session}`))).toBe('UNAUTHENTICATED');
    expect(await signIn('quen.matkhau', reset.data.resetPassword.password)).toBeUndefined();
    const entries = await db.auditEntry.findMany({ where: { entity: 'User', entityKey: 'quen.matkhau' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.actor, entry.after])).toEqual([
      ['CREATE', 'admin.backan', expect.any(String)],
      ['UPDATE', 'admin.backan', '{"password":"reset"}'],
      ['UPDATE', 'admin.backan', expect.stringContaining('disabledAt')],
    ]);
  });
});
