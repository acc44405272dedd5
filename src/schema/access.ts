// Users and signing in: a user signs in for a session token and reads who they are; administrators create,
// disable and reset the users of their area (the command line, scripts/users.ts, does it on the server's
// machine, the first administrator included). See docs/access.md.
import { randomBytes } from 'node:crypto';
import { changeUser, createApiToken, createUser, disableUser, enableUser, resetPassword, revokeApiToken, userNamed } from '../access/accounts.ts';
import { generatedPassword, hashPassword, verifyPassword } from '../access/passwords.ts';
import { OFFICER_LEVELS, ROLE_NAMES, ROLES, type Role as RoleName } from '../access/roles.ts';
import { signSession } from '../access/tokens.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, InvalidInputError, RateLimitedError, UnauthenticatedError } from '../errors.ts';
import { RateWindows } from '../access/rate-windows.ts';
import { builder } from './builder.ts';
import { WordsRef } from './indicator.ts';

export const Role = builder.enumType('Role', {
  description: 'What a user may do (vai trò). Every role reads its area; officers and administrators write.',
  values: Object.fromEntries(ROLES.map((role) => [role, { description: `${ROLE_NAMES[role].en} (${ROLE_NAMES[role].vi}).` }])),
});

builder.prismaObject('User', {
  description: 'Someone who signs in (người dùng).',
  fields: (t) => ({
    username: t.exposeString('username', { description: 'Sign-in name.' }),
    displayName: t.exposeString('displayName', { description: 'Name shown in the dashboard and the audit trail.' }),
    role: t.field({ type: Role, description: 'What the user may do.', resolve: (user) => user.role }),
    roleName: t.field({ type: WordsRef, description: 'The role in words.', resolve: (user) => ROLE_NAMES[user.role] }),
    unit: t.relation('unit', { nullable: true, description: 'The unit whose subtree the user reads and writes; null for the whole country.' }),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true, description: 'When the account was disabled; null while it works.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
  }),
});

const UserInput = builder.inputType('UserInput', {
  description: 'An account as it should be: a new one (createUser), or the one its username names (updateUser).',
  fields: (t) => ({
    username: t.string({ required: true, description: 'Sign-in name: 3 to 64 of a-z, 0-9, . _ - (stored in lower case).' }),
    displayName: t.string({ required: true, description: 'Name shown in the dashboard and the audit trail.' }),
    role: t.field({ type: Role, required: true, description: 'What the user may do.' }),
    unit: t.string({
      description:
        'Code of the unit whose subtree the user reads and writes (officers: a unit of their level); omitted for the whole country, which only whole-country administrators may give.',
    }),
  }),
});

const IssuedPassword = builder.objectRef<{ userId: number; password: string }>('IssuedPassword').implement({
  description: 'An account with a password generated for it, answered once: give it to the user, who signs in with it.',
  fields: (t) => ({
    password: t.exposeString('password', { description: 'The password, shown this once; only its hash is stored.' }),
    user: t.prismaField({
      type: 'User',
      description: 'The account.',
      resolve: (query, issued, _args, ctx) => ctx.db.user.findUniqueOrThrow({ ...query, where: { id: issued.userId } }),
    }),
  }),
});

builder.prismaObject('ApiToken', {
  description: 'A long-lived token of your own for scripts and GraphiQL; the token itself is shown once, when made.',
  fields: (t) => ({
    id: t.exposeInt('id', { description: 'Its number, to revoke it by.' }),
    name: t.exposeString('name', { description: 'What it is for.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was made.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When it stops working; null: never.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked; null while it works.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Its last use, to the hour.' }),
  }),
});

const IssuedApiToken = builder.objectRef<{ id: number; token: string; expiresAt: Date | null }>('IssuedApiToken').implement({
  description: 'A new API token: send it as `Authorization: Bearer <token>`. Shown this once; only its hash is stored.',
  fields: (t) => ({
    id: t.exposeInt('id', { description: 'Its number, to revoke it by.' }),
    token: t.exposeString('token', { description: 'The token (dvk_…); keep it secret.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When it stops working; null: never.' }),
  }),
});

/** The signed-in user, through a session: an API token may not make or list tokens (one leaked must not mint others). */
function signedInUser(ctx: Context) {
  if (ctx.viewer.kind !== 'user') throw new UnauthenticatedError('Sign in first.');
  if (ctx.viewer.apiToken)
    throw new ForbiddenError(
      'API tokens are made and revoked signed in with a password, not with an API token.',
      'Mã API chỉ được tạo và thu hồi khi đăng nhập bằng mật khẩu, không phải bằng một mã API.',
    );
  return ctx.viewer;
}

/** An account rule's problems, found in the argument `input`, at their fields there. */
const inInput = (error: unknown) => Promise.reject(error instanceof InvalidInputError ? error.under(['input']) : error);

/** Refuses an administrator an account outside their area: of a unit never within it, or of the whole country unless they are a whole-country administrator. */
async function requireManages(ctx: Context, unitId: number | null) {
  if (ctx.scope.wholeCountry) return;
  if (unitId === null)
    throw new ForbiddenError('Only whole-country administrators manage whole-country accounts.', 'Chỉ quản trị viên toàn quốc quản lý tài khoản toàn quốc.');
  await ctx.scope.requireUnit(unitId);
}

/**
 * Refuses an account of a unit outside the area, or of the whole country to an area's administrator. An
 * unknown unit, or an officer without one, is a problem of the input (the account rules say which), not an
 * account outside the area.
 */
async function requireAccountArea(ctx: Context, role: RoleName, unitCode: string | null | undefined) {
  const unit = unitCode ? await ctx.db.unit.findUnique({ where: { code: unitCode }, select: { id: true } }) : null;
  if (unit) await requireManages(ctx, unit.id);
  else if (!unitCode && !OFFICER_LEVELS[role]) await requireManages(ctx, null);
}

/** The account named, within the viewer's area; never the viewer's own (an administrator must not lock themself out). */
async function managedUser(ctx: Context, username: string) {
  const user = await userNamed(ctx.db, username);
  await requireManages(ctx, user.unitId);
  if (ctx.viewer.kind === 'user' && ctx.viewer.id === user.id)
    throw new InvalidInputError([
      { path: ['username'], message: 'not your own account: ask another administrator', vi: 'không phải tài khoản của chính bạn: hãy nhờ quản trị viên khác' },
    ]);
  return user;
}

const Session = builder.objectRef<{ token: string; expiresAt: Date; userId: number }>('Session').implement({
  description: 'A signed-in session: send the token as `Authorization: Bearer <token>`.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The bearer token (a signed JWT); keep it secret.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When the token stops working; sign in again then.' }),
    user: t.prismaField({
      type: 'User',
      description: 'Who signed in.',
      resolve: (query, session, _args, ctx) => ctx.db.user.findUniqueOrThrow({ ...query, where: { id: session.userId } }),
    }),
  }),
});

/** One message for an unknown name and a wrong password, so that sign-in does not tell which names exist. */
const WRONG_CREDENTIALS = 'Wrong user name or password.';

/**
 * Sign-in attempts a user name may be given a minute, in this process (N servers allow N times as many:
 * docs/access.md), before it has to wait.
 */
export const SIGN_IN_FAILURES_PER_MINUTE = 10;
const signInAttempts = new RateWindows(SIGN_IN_FAILURES_PER_MINUTE);

/** An unknown name costs the same scrypt as a known one: the time taken must not tell them apart either. */
const unknownUserHash = hashPassword(randomBytes(16).toString('hex'));

async function signIn(ctx: Context, username: string, password: string) {
  if (!ctx.keys) throw new Error('the server has no signing key');
  const name = username.trim().toLowerCase();
  // Counted before the password is checked, in the same synchronous step as the check of the count: forty
  // guesses sent at once would otherwise all pass a check that only failures counted towards.
  const takenAt = Date.now();
  const wait = signInAttempts.take(name, takenAt);
  if (wait > 0) throw new RateLimitedError(`Too many wrong passwords for this user name: try again in ${wait} s.`, wait);
  const user = await ctx.db.user.findUnique({ where: { username: name } });
  const matches = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
  if (!user?.passwordHash || !matches || user.disabledAt) throw new UnauthenticatedError(WRONG_CREDENTIALS);
  // The right password gives its own count back, so that only wrong ones use the allowance up: an office
  // that signs in on one account all morning is never locked out, while a guesser, who is never right,
  // gets nothing back. Only its own count: the wrong passwords before it still stand.
  signInAttempts.giveBack(name, takenAt);
  return { ...(await signSession(ctx.keys, user.id)), userId: user.id };
}

builder.queryFields((t) => ({
  users: t.prismaField({
    authScopes: { administers: true },
    type: ['User'],
    description:
      'The accounts of your area, by user name: those of units that lie within it, and for whole-country administrators every account. Administrators only.',
    resolve: async (query, _root, _args, ctx) => {
      const users = await ctx.db.user.findMany({ ...query, orderBy: { username: 'asc' } });
      if (ctx.scope.wholeCountry) return users;
      const held = await Promise.all(users.map((user) => user.unitId !== null && ctx.scope.holdsUnit(user.unitId)));
      return users.filter((_user, index) => held[index]);
    },
  }),
  apiTokens: t.prismaField({
    authScopes: { signedIn: true },
    type: ['ApiToken'],
    description: 'Your own API tokens, newest first (never the tokens themselves). Signed in with a password.',
    resolve: (query, _root, _args, ctx) => ctx.db.apiToken.findMany({ ...query, where: { userId: signedInUser(ctx).id }, orderBy: { id: 'desc' } }),
  }),
  me: t.prismaField({
    authScopes: { public: true },
    type: 'User',
    nullable: true,
    description: 'The signed-in user; null when the request carries no user token.',
    resolve: (query, _root, _args, ctx) => (ctx.viewer.kind === 'user' ? ctx.db.user.findUnique({ ...query, where: { id: ctx.viewer.id } }) : null),
  }),
}));

builder.mutationFields((t) => ({
  signIn: t.field({
    authScopes: { public: true },
    type: Session,
    description: 'Signs in with a user name and password; answers a session token valid for 12 hours.',
    args: {
      username: t.arg.string({ required: true, description: 'Sign-in name.' }),
      password: t.arg.string({ required: true, description: 'Password.' }),
    },
    resolve: (_root, args, ctx) => signIn(ctx, args.username, args.password),
  }),
  createUser: t.field({
    authScopes: { administers: true },
    type: IssuedPassword,
    description: 'Creates an account of your area with a generated password, answered once. Administrators only; filed in the audit trail.',
    args: { input: t.arg({ type: UserInput, required: true, description: 'The account.' }) },
    resolve: async (_root, { input }, ctx) => {
      await requireAccountArea(ctx, input.role as RoleName, input.unit);
      const password = generatedPassword();
      const user = await createUser(ctx.db, { ...input, role: input.role as RoleName, unit: input.unit ?? null, password }, ctx.actor).catch(inInput);
      return { userId: user.id, password };
    },
  }),
  disableUser: t.prismaField({
    authScopes: { administers: true },
    type: 'User',
    description:
      'Disables an account of your area: its sessions and API tokens stop at once; the embed tokens it issued stay live unless `revokeEmbeds`. Not your own. Administrators only; filed in the audit trail.',
    args: {
      username: t.arg.string({ required: true, description: 'The account’s user name.' }),
      revokeEmbeds: t.arg.boolean({ description: 'Also revoke the embed tokens it issued (their portals’ charts stop).' }),
    },
    resolve: async (query, _root, { username, revokeEmbeds }, ctx) => {
      const user = await managedUser(ctx, username);
      await disableUser(ctx.db, user.username, { revokeEmbeds: revokeEmbeds ?? false, auditedAs: ctx.actor });
      return ctx.db.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  createApiToken: t.field({
    authScopes: { signedIn: true },
    type: IssuedApiToken,
    description: 'Makes an API token of your own, with your rights, answered once. Signed in with a password; filed in the audit trail.',
    args: {
      name: t.arg.string({ required: true, description: 'What it is for, e.g. "nightly export".' }),
      days: t.arg.int({ description: 'Days until it expires, 1 to 3650; omitted: it never expires.' }),
    },
    resolve: async (_root, { name, days }, ctx) => {
      const user = signedInUser(ctx);
      // Its problems are at the arguments' own paths (days).
      return createApiToken(ctx.db, user.username, name, days ?? undefined, ctx.actor);
    },
  }),
  revokeApiToken: t.prismaField({
    authScopes: { signedIn: true },
    type: 'ApiToken',
    description: 'Revokes one of your API tokens: requests carrying it are refused at once. Signed in with a password; filed in the audit trail.',
    args: { id: t.arg.int({ required: true, description: 'Its number.' }) },
    resolve: async (query, _root, { id }, ctx) => {
      const user = signedInUser(ctx);
      // Another user's token is answered as no token at all: its number tells nothing.
      const own = await ctx.db.apiToken.findFirst({ where: { id, userId: user.id }, select: { id: true } });
      if (!own) throw new InvalidInputError([{ path: ['id'], message: `you have no API token ${id}` }]);
      await revokeApiToken(ctx.db, id, ctx.actor);
      return ctx.db.apiToken.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateUser: t.prismaField({
    authScopes: { administers: true },
    type: 'User',
    description:
      'Gives an account of your area (named by `input.username`) another name, role or unit, within your area; at once, for its open sessions too. Not your own. Administrators only; filed in the audit trail.',
    args: { input: t.arg({ type: UserInput, required: true, description: 'The account as it should be.' }) },
    resolve: async (query, _root, { input }, ctx) => {
      const user = await managedUser(ctx, input.username);
      await requireAccountArea(ctx, input.role as RoleName, input.unit);
      await changeUser(ctx.db, user.username, { ...input, role: input.role as RoleName }, ctx.actor).catch(inInput);
      return ctx.db.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  enableUser: t.prismaField({
    authScopes: { administers: true },
    type: 'User',
    description: 'Lets a disabled account of your area sign in again. Administrators only; filed in the audit trail.',
    args: { username: t.arg.string({ required: true, description: 'The account’s user name.' }) },
    resolve: async (query, _root, { username }, ctx) => {
      const user = await managedUser(ctx, username);
      await enableUser(ctx.db, user.username, ctx.actor);
      return ctx.db.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  resetPassword: t.field({
    authScopes: { administers: true },
    type: IssuedPassword,
    description:
      'Gives an account of your area a new generated password, answered once (the old one stops working). Not your own. Administrators only; filed in the audit trail.',
    args: { username: t.arg.string({ required: true, description: 'The account’s user name.' }) },
    resolve: async (_root, { username }, ctx) => {
      const user = await managedUser(ctx, username);
      const { password } = await resetPassword(ctx.db, user.username, ctx.actor);
      return { userId: user.id, password };
    },
  }),
}));
