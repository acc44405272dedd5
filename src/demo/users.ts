// One demo user per role, so that a first `npm start` can be tried in every role. They share one
// password, printed at start-up and in the README, so they exist only outside production: a production
// server never seeds them, and refuses to serve a database where they can still sign in (docs/access.md).
import { hashPassword, verifyPassword } from '../access/passwords.ts';
import type { Role } from '../access/roles.ts';
import type { Database } from '../db/client.ts';
import type { Prisma } from '../generated/sqlite/client.ts';

export const DEMO_PASSWORD = 'dan-van-kheo-demo';

export const DEMO_USERS: { username: string; displayName: string; role: Role; unit: string | null }[] = [
  { username: 'quantri', displayName: 'Quản trị viên (demo)', role: 'ADMIN', unit: null },
  { username: 'tinh.backan', displayName: 'Cán bộ Ban Dân vận Tỉnh ủy Bắc Kạn (demo)', role: 'PROVINCE_OFFICER', unit: '06' },
  { username: 'huyen.nari', displayName: 'Cán bộ Ban Dân vận Huyện ủy Na Rì (demo)', role: 'DISTRICT_OFFICER', unit: '066' },
  { username: 'xa.cuongloi', displayName: 'Cán bộ xã Cường Lợi (demo)', role: 'COMMUNE_OFFICER', unit: '02152' },
  { username: 'phantich', displayName: 'Chuyên viên phân tích (demo)', role: 'ANALYST', unit: null },
  { username: 'xem.backan', displayName: 'Người xem Bắc Kạn (demo)', role: 'VIEWER', unit: '06' },
];

/** The demo password's hash, made once before the seed's transaction (scrypt is slow on purpose). */
export const demoPasswordHash = () => hashPassword(DEMO_PASSWORD);

/** The users' rows. */
export function demoUserRows(unitIdOf: (code: string) => number, passwordHash: string): Prisma.UserCreateManyInput[] {
  return DEMO_USERS.map(({ unit, ...user }) => ({ ...user, unitId: unit === null ? null : unitIdOf(unit), passwordHash }));
}

/** How to sign in, for the start-up log; nothing when the demo users are gone or disabled. */
export async function demoSignInHelp(db: Database): Promise<string[]> {
  const present = await db.user.findMany({
    where: { username: { in: DEMO_USERS.map((user) => user.username) }, disabledAt: null },
    select: { username: true },
  });
  if (!present.length) return [];
  const names = new Set(present.map((user) => user.username));
  return [
    `Demo users (password "${DEMO_PASSWORD}"; sign in at /dashboard):`,
    ...DEMO_USERS.filter((user) => names.has(user.username)).map(
      (user) => `  ${user.username.padEnd(12)} ${user.role.padEnd(17)} ${user.unit ?? 'cả nước / whole country'}`,
    ),
  ];
}

/**
 * The demo users who still sign in with the published password, for a production server to refuse the
 * database they are in (a database seeded before production refused the demo). Their names alone do not
 * tell: an operator may well have made a real `phantich`.
 */
export async function demoUsersWithPublishedPassword(db: Database): Promise<string[]> {
  const present = await db.user.findMany({
    where: { username: { in: DEMO_USERS.map((user) => user.username) }, disabledAt: null },
    select: { username: true, passwordHash: true },
  });
  // The seed gives them all one hash: each distinct hash costs one scrypt.
  const published = new Map<string, Promise<boolean>>();
  const signsIn = (hash: string | null) => {
    if (!hash) return Promise.resolve(false);
    if (!published.has(hash)) published.set(hash, verifyPassword(DEMO_PASSWORD, hash));
    return published.get(hash)!;
  };
  const flags = await Promise.all(present.map((user) => signsIn(user.passwordHash)));
  return present
    .filter((_user, index) => flags[index])
    .map((user) => user.username)
    .sort();
}
