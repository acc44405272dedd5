// Users and signing in. Users are created and disabled with `npm run users` (scripts/users.ts); here a user
// signs in for a session token and reads who they are. See docs/access.md.
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../access/passwords.ts';
import { ROLE_NAMES, ROLES } from '../access/roles.ts';
import { signSession } from '../access/tokens.ts';
import type { Context } from '../context.ts';
import { RateLimitedError, UnauthenticatedError } from '../errors.ts';
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
  }),
});

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
}));
