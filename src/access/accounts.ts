// Users, API tokens and embed tokens: created and revoked here, for the command line (scripts/users.ts)
// and the administrators' mutations alike. Every refusal names what is wrong: an account's at its field
// (InvalidInputError, which a form shows there), an embed token's as an InputError.
import { FIRST_ADMINISTRATOR_COMMAND } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { raiseDataVersion } from '../db/data-version.ts';
import { InputError, InvalidInputError } from '../errors.ts';
import { FIRST_YEAR, LAST_YEAR } from '../entry/rules.ts';
import { generatedPassword, hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { MAX_PORTAL_ORIGINS, portalOriginOf, portalOriginsFrom, storedPortalOrigins } from './portals.ts';
import { OFFICER_LEVELS, ROLES, type Role } from './roles.ts';
import type { Scope } from './scope.ts';
import { CHART_TYPES, newApiToken, newEmbedId, signEmbed, type EmbedGrant, type Keys } from './tokens.ts';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  /** Unit code; omit for the whole country (administrators, analysts and viewers only). */
  unit?: string | null;
  password?: string | null;
}

/**
 * An account's write in the audit trail (a user, an API token, an embed token), as the API's writes are
 * (the command line's operator is not filed): under the unit it belongs to, so that the log of that area
 * shows it; never a password, a token or a hash.
 */
function fileAccountWrite(
  tx: Prisma.TransactionClient,
  write: { actor: string; entity: 'User' | 'ApiToken' | 'EmbedToken'; entityKey: string; unitId: number | null; before: object | null; after: object },
) {
  const { before, after, ...entry } = write;
  return tx.auditEntry.create({
    data: { ...entry, source: 'MUTATION', action: before ? 'UPDATE' : 'CREATE', before: before && JSON.stringify(before), after: JSON.stringify(after) },
  });
}

/** A problem of an account at its field. */
const problemAt = (field: string, message: string) => new InvalidInputError([{ path: [field], message }]);

/** The unit an account of this role holds, checked: an officer holds a unit of their level; no code, the whole country. */
async function accountUnitId(db: Database, role: Role, code: string | null | undefined): Promise<number | null> {
  if (!ROLES.includes(role)) throw problemAt('role', `one of ${ROLES.join(', ')}`);
  const level = OFFICER_LEVELS[role];
  if (!code) {
    if (level) throw problemAt('unit', `a ${role} needs the code of their ${level} unit`);
    return null;
  }
  const unit = await db.unit.findUnique({ where: { code }, select: { id: true, level: true, name: true } });
  if (!unit) throw problemAt('unit', `no unit has the code ${JSON.stringify(code)}`);
  if (level && unit.level !== level) throw problemAt('unit', `a ${role} holds a ${level} unit; ${unit.name} is at ${unit.level} level`);
  return unit.id;
}

/**
 * Gives an account another name, role or unit (`auditedAs` files it). The data version moves with it:
 * servers reuse a session's check until then, and a role taken away must hold at the next request.
 */
export async function changeUser(db: Database, username: string, change: { displayName: string; role: Role; unit?: string | null }, auditedAs?: string) {
  const user = await userNamed(db, username);
  const unitId = await accountUnitId(db, change.role, change.unit);
  const codeOf = async (id: number | null) => (id === null ? null : (await db.unit.findUniqueOrThrow({ where: { id }, select: { code: true } })).code);
  const before = { displayName: user.displayName, role: user.role, unit: await codeOf(user.unitId) };
  const after = { displayName: change.displayName.trim() || user.username, role: change.role, unit: await codeOf(unitId) };
  return db.$transaction(async (tx) => {
    const changed = await tx.user.update({ where: { id: user.id }, data: { displayName: after.displayName, role: after.role, unitId } });
    if (auditedAs) await fileAccountWrite(tx, { actor: auditedAs, entity: 'User', entityKey: user.username, unitId, before, after });
    await raiseDataVersion(tx);
    return changed;
  });
}

/** Lets a disabled account sign in again (its old API tokens too, unless revoked); `auditedAs` files it. */
export async function enableUser(db: Database, username: string, auditedAs?: string) {
  const user = await userNamed(db, username);
  return db.$transaction(async (tx) => {
    const enabled = await tx.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    if (auditedAs && user.disabledAt)
      await fileAccountWrite(tx, {
        actor: auditedAs,
        entity: 'User',
        entityKey: user.username,
        unitId: user.unitId,
        before: { disabledAt: user.disabledAt },
        after: { disabledAt: null },
      });
    await raiseDataVersion(tx);
    return enabled;
  });
}

/** Creates a user; `auditedAs`, the API's viewer, files it in the audit trail. */
export async function createUser(db: Database, user: NewUser, auditedAs?: string) {
  const username = user.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(username)) throw problemAt('username', '3 to 64 of a-z, 0-9, . _ -');
  if (user.password != null && user.password.length < MIN_PASSWORD_LENGTH) throw problemAt('password', `at least ${MIN_PASSWORD_LENGTH} characters`);
  const unitId = await accountUnitId(db, user.role, user.unit);
  if (await db.user.findUnique({ where: { username }, select: { id: true } })) throw problemAt('username', `${username} is taken`);
  const passwordHash = user.password == null ? null : await hashPassword(user.password);
  const created = db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { username, displayName: user.displayName.trim() || username, role: user.role, unitId, passwordHash } });
    if (auditedAs)
      await fileAccountWrite(tx, {
        actor: auditedAs,
        entity: 'User',
        entityKey: username,
        unitId,
        before: null,
        after: { displayName: created.displayName, role: created.role, unit: user.unit || null },
      });
    // A list of users cached before must not miss the new one, whoever made it.
    await raiseDataVersion(tx);
    return created;
  });
  // Two requests for one name at once: both pass the check above, the unique index refuses the second.
  return created.catch((error: unknown) =>
    Promise.reject((error as { code?: string }).code === 'P2002' ? problemAt('username', `${username} is taken`) : error),
  );
}

/** A new password for a user, to give them; `auditedAs` files it in the audit trail (the password is not filed). */
export async function resetPassword(db: Database, username: string, auditedAs?: string) {
  const user = await userNamed(db, username);
  const password = generatedPassword();
  const passwordHash = await hashPassword(password);
  const updated = await db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    if (auditedAs)
      await fileAccountWrite(tx, {
        actor: auditedAs,
        entity: 'User',
        entityKey: user.username,
        unitId: user.unitId,
        before: { password: 'old' },
        after: { password: 'reset' },
      });
    return updated;
  });
  return { user: updated, password };
}

export async function userNamed(db: Database, username: string) {
  const user = await db.user.findUnique({ where: { username: username.trim().toLowerCase() } });
  if (!user) throw new InputError(`no user is called ${JSON.stringify(username)}`);
  return user;
}

/**
 * Disables a user (`auditedAs` files it in the audit trail): their sessions and tokens stop at once. The
 * embed tokens they issued stay live unless `revokeEmbeds`: a token is the organisation's grant to a portal,
 * whose public chart should not go dark the day its issuer leaves; an issuer disabled for misconduct has
 * theirs revoked with them. Either way the answer lists those tokens, so that the operator decides knowing
 * what stays.
 */
export async function disableUser(db: Database, username: string, options: { revokeEmbeds?: boolean; auditedAs?: string } = {}) {
  const user = await userNamed(db, username);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const disabled = await tx.user.update({ where: { id: user.id }, data: { disabledAt: user.disabledAt ?? now } });
    if (options.auditedAs && !user.disabledAt)
      await fileAccountWrite(tx, {
        actor: options.auditedAs,
        entity: 'User',
        entityKey: user.username,
        unitId: user.unitId,
        before: { disabledAt: null },
        after: { disabledAt: now },
      });
    const live = { issuedBy: user.username, ...liveEmbedTokens(now) };
    const embeds = await tx.embedToken.findMany({ where: live, orderBy: { issuedAt: 'asc' } });
    if (options.revokeEmbeds) await tx.embedToken.updateMany({ where: live, data: { revokedAt: now } });
    // Servers reuse a session's and an embed token's check until the data version moves (src/server/requests.ts).
    await raiseDataVersion(tx);
    return { user: disabled, liveEmbeds: options.revokeEmbeds ? [] : embeds, revokedEmbeds: options.revokeEmbeds ? embeds : [] };
  });
}

/** How to make the first administrator, for the start-up log; nothing once an enabled administrator exists. */
export async function firstAdministratorHelp(db: Database): Promise<string[]> {
  if (await db.user.findFirst({ where: { role: 'ADMIN', disabledAt: null }, select: { id: true } })) return [];
  return [
    'No administrator yet. Create the first one on this machine, with the same DATABASE_URL:',
    `  ${FIRST_ADMINISTRATOR_COMMAND} [--name "…"]     (prints a generated password, once)`,
    `  echo '<a chosen password>' | ${FIRST_ADMINISTRATOR_COMMAND} --password-stdin`,
  ];
}

/** A new API token for a user: the token is answered once; only its hash is stored. `auditedAs` files it in the audit trail. */
export async function createApiToken(db: Database, username: string, name: string, days?: number, auditedAs?: string) {
  const user = await userNamed(db, username);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) throw problemAt('days', 'a whole number from 1 to 3650');
  const { token, hash } = newApiToken();
  const stored = await db.$transaction(async (tx) => {
    const stored = await tx.apiToken.create({
      data: { userId: user.id, name: name.trim() || 'API token', hash, expiresAt: days === undefined ? null : new Date(Date.now() + days * 86_400_000) },
    });
    if (auditedAs)
      await fileAccountWrite(tx, {
        actor: auditedAs,
        entity: 'ApiToken',
        entityKey: `${user.username}/${stored.id}`,
        unitId: user.unitId,
        before: null,
        after: { name: stored.name, expiresAt: stored.expiresAt },
      });
    return stored;
  });
  return { id: stored.id, token, expiresAt: stored.expiresAt };
}

/** Revokes an API token; `auditedAs` files it in the audit trail. */
export async function revokeApiToken(db: Database, id: number, auditedAs?: string) {
  const stored = await db.apiToken.findUnique({ where: { id }, include: { user: { select: { username: true, unitId: true } } } });
  if (!stored) throw new InputError(`no API token has the id ${id}`);
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: stored.revokedAt ?? new Date() } });
    if (auditedAs && !stored.revokedAt)
      await fileAccountWrite(tx, {
        actor: auditedAs,
        entity: 'ApiToken',
        entityKey: `${stored.user.username}/${id}`,
        unitId: stored.user.unitId,
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt },
      });
    return revoked;
  });
}

/**
 * An embed token that expires does so within five years. Most need no expiry: a portal keeps its page for
 * years, and a chart that goes dark on a date nobody remembers is the failure to avoid; revoking ends one.
 */
export const MAX_EMBED_DAYS = 1826;

/** An embed token that expires within this many days is flagged (`expiresSoon`) for its administrators. */
export const EMBED_EXPIRY_WARNING_DAYS = 30;

/** Embed tokens that still work at `now`: not revoked, and without expiry or not yet expired. */
export function liveEmbedTokens(now: Date) {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** The live embed tokens that expire within EMBED_EXPIRY_WARNING_DAYS of `now`. */
export function embedTokensExpiringSoon(now: Date) {
  return { revokedAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + EMBED_EXPIRY_WARNING_DAYS * 86_400_000) } };
}

/** Whether a token is live at `now` and expires within EMBED_EXPIRY_WARNING_DAYS: embedTokensExpiringSoon's rule, for one record. */
export function expiresSoon(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  const left = token.expiresAt ? token.expiresAt.getTime() - now.getTime() : Infinity;
  return !token.revokedAt && left > 0 && left <= EMBED_EXPIRY_WARNING_DAYS * 86_400_000;
}

export interface EmbedTokenOptions {
  /** Days until it expires, at most MAX_EMBED_DAYS; none: it never expires. */
  days?: number | null;
  /** The origins of the portal pages that may show it; none: the server's CORS_ORIGINS (src/access/portals.ts). */
  portalOrigins?: string[] | null;
  label?: string | null;
  issuedBy: string;
  /** With it, the unit must be within the issuer's area in every year the token shows. */
  scope?: Scope;
  /** Files the write in the audit trail, as the API's writes are (the command line's operator is not filed). */
  audited?: boolean;
}

export async function issueEmbedToken(db: Database, keys: Keys, grant: EmbedGrant, options: EmbedTokenOptions) {
  if (!CHART_TYPES.includes(grant.chart)) throw new InputError(`chart: one of ${CHART_TYPES.join(', ')}`);
  if (
    !(
      Number.isInteger(grant.fromYear) &&
      Number.isInteger(grant.toYear) &&
      FIRST_YEAR <= grant.fromYear &&
      grant.fromYear <= grant.toYear &&
      grant.toYear <= LAST_YEAR
    )
  ) {
    throw new InputError(`fromYear, toYear: years from ${FIRST_YEAR} to ${LAST_YEAR}, the first not after the last`);
  }
  const { days } = options;
  if (days != null && !(Number.isInteger(days) && days >= 1 && days <= MAX_EMBED_DAYS))
    throw new InputError(`days: a whole number from 1 to ${MAX_EMBED_DAYS}, or none for a token that does not expire`);
  if ((options.portalOrigins?.length ?? 0) > MAX_PORTAL_ORIGINS)
    throw new InputError(`portalOrigins: at most ${MAX_PORTAL_ORIGINS} (they are written into the iframe page's Content-Security-Policy)`);
  const portalOrigins = storedPortalOrigins(options.portalOrigins?.map(portalOriginOf));
  if (!(await db.indicator.findUnique({ where: { code: grant.indicator }, select: { id: true } })))
    throw new InputError(`indicator: no indicator has the code ${JSON.stringify(grant.indicator)}`);
  const unit = await db.unit.findUnique({ where: { code: grant.unit }, select: { id: true } });
  if (!unit) throw new InputError(`unit: no unit has the code ${JSON.stringify(grant.unit)}`);
  if (options.scope) for (let year = grant.fromYear; year <= grant.toYear; year++) await options.scope.require(unit.id, year);
  const id = newEmbedId();
  const expiresAt = days == null ? null : new Date(Date.now() + days * 86_400_000);
  // No `exp` claim: the record's expiry governs, so that it can move without a new token for the portal.
  const token = await signEmbed(keys, id, grant, null);
  await db.$transaction(async (tx) => {
    await tx.embedToken.create({
      data: {
        id,
        indicator: grant.indicator,
        unitCode: grant.unit,
        fromYear: grant.fromYear,
        toYear: grant.toYear,
        chart: grant.chart,
        label: options.label ?? null,
        issuedBy: options.issuedBy,
        expiresAt,
        portalOrigins,
      },
    });
    if (options.audited)
      await fileAccountWrite(tx, {
        actor: options.issuedBy,
        entity: 'EmbedToken',
        entityKey: id,
        unitId: unit.id,
        before: null,
        after: { ...grant, label: options.label ?? null, expiresAt, portalOrigins },
      });
    // The list of tokens is an answer like any other: cached lists must not miss the new one.
    await raiseDataVersion(tx);
  });
  return { id, token, expiresAt, portalOrigins: portalOriginsFrom(portalOrigins) };
}

/** Revokes a token; `auditedAs`, the API's viewer, files it in the audit trail. */
export async function revokeEmbedToken(db: Database, id: string, auditedAs?: string) {
  const stored = await db.embedToken.findUnique({ where: { id } });
  if (!stored) throw new InputError(`no embed token has the id ${JSON.stringify(id)}`);
  return db.$transaction(async (tx) => {
    const revoked = await tx.embedToken.update({ where: { id }, data: { revokedAt: stored.revokedAt ?? new Date() } });
    const unit = auditedAs && !stored.revokedAt ? await tx.unit.findUnique({ where: { code: stored.unitCode }, select: { id: true } }) : null;
    if (auditedAs && unit)
      await fileAccountWrite(tx, {
        actor: auditedAs,
        entity: 'EmbedToken',
        entityKey: id,
        unitId: unit.id,
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt },
      });
    await raiseDataVersion(tx);
    return revoked;
  });
}

/** The HTML a portal editor pastes: the widget script from this server and the element with its token. */
export function embedSnippet(origin: string, token: string, grant: EmbedGrant): string {
  return [`<script src="${origin}/widgets/dvk.js" defer></script>`, `<dvk-chart token="${token}" year="${grant.toYear}" lang="vi"></dvk-chart>`].join('\n');
}
