// The users command (`npm run users`, scripts/users.ts) as a function of its arguments, its database and
// configuration, and where it reads and writes: the script runs it on its process's, the tests on theirs
// without a process each (a Node process that loads the sources took 2 to 4 s of a busy machine).
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { InputError, InvalidInputError } from '../errors.ts';
import type { EmbedToken } from '../generated/sqlite/client.ts';
import { createApiToken, createUser, disableUser, embedSnippet, expiresSoon, issueEmbedToken, revokeApiToken, revokeEmbedToken } from './accounts.ts';
import { generatedPassword } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';
import { keysFrom, type ChartType } from './tokens.ts';

/** Where the command reads a password from (--password-stdin) and writes what it tells, a line at a time. */
export interface CommandIO {
  stdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const OPTIONS = {
  role: { type: 'string' },
  unit: { type: 'string' },
  name: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  days: { type: 'string' },
  indicator: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  chart: { type: 'string' },
  label: { type: 'string' },
  origin: { type: 'string' },
  portal: { type: 'string', multiple: true },
  'revoke-embeds': { type: 'boolean' },
} as const;

const COMMANDS = 'commands: add, list, disable, token, revoke-token, embed, embeds, revoke-embed (see the top of scripts/users.ts)';

/**
 * Runs the command on the arguments after `npm run users --`, and answers its exit status: 0 when done,
 * 2 for a mistake in what was asked, told on `err` as "users: …" (an unknown option too, never a stack).
 */
export async function usersCommand(args: string[], db: Database, config: Config, io: CommandIO): Promise<number> {
  try {
    await run(args, db, config, io);
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) io.err(`users: ${InvalidInputError.listed(error.problems)}`);
    else if (error instanceof InputError) io.err(`users: ${error.message}`);
    // parseArgs' own: an unknown option, a value missing after one.
    else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.err(`users: ${(error as Error).message}\n${COMMANDS}`);
    else throw error;
    return 2;
  }
}

function describeEmbed(token: EmbedToken): string {
  const until = token.expiresAt ? `until ${token.expiresAt.toISOString().slice(0, 10)}` : 'no expiry';
  const state = token.revokedAt ? '  REVOKED' : expiresSoon(token, new Date()) ? '  EXPIRES SOON' : '';
  return `${token.id}  ${token.indicator} ${token.unitCode} ${token.fromYear}-${token.toYear} ${token.chart}  ${until}${state}  on ${token.portalOrigins ?? '(CORS_ORIGINS)'}  ${token.label ?? ''}`;
}

async function run(args: string[], db: Database, config: Config, { stdin, out }: CommandIO): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  const [command, subject] = positionals;
  const days = values.days === undefined ? undefined : Number(values.days);
  const need = (value: string | undefined, what: string): string => {
    if (!value) throw new InputError(`give ${what}`);
    return value;
  };
  switch (command) {
    case 'add': {
      const role = need(values.role, `--role (${ROLES.join(', ')})`) as Role;
      const password = values['password-stdin'] ? (await stdin()).split('\n')[0]!.trim() : generatedPassword();
      const user = await createUser(db, { username: need(subject, 'the user name'), displayName: values.name ?? '', role, unit: values.unit, password });
      out(`Created ${user.username} (${user.role}${values.unit ? `, ${values.unit}` : ', whole country'}).`);
      if (!values['password-stdin']) out(`Password (shown once): ${password}`);
      return;
    }
    case 'list':
      for (const user of await db.user.findMany({ include: { unit: { select: { code: true } } }, orderBy: { username: 'asc' } })) {
        out(`${user.username.padEnd(16)} ${user.role.padEnd(17)} ${(user.unit?.code ?? '(whole country)').padEnd(16)} ${user.disabledAt ? 'disabled' : ''}`);
      }
      return;
    case 'disable': {
      const { liveEmbeds, revokedEmbeds } = await disableUser(db, need(subject, 'the user name'), { revokeEmbeds: values['revoke-embeds'] });
      out(`Disabled ${subject}: their sessions and tokens stop working now.`);
      if (revokedEmbeds.length) out(`Revoked the ${revokedEmbeds.length} embed token(s) they issued: ${revokedEmbeds.map((token) => token.id).join(', ')}.`);
      if (liveEmbeds.length) {
        out(`The embed tokens they issued stay live (the portals' charts keep working):`);
        for (const token of liveEmbeds) out(`  ${describeEmbed(token)}`);
        out(`To revoke them too: npm run users -- disable ${subject} --revoke-embeds`);
      }
      return;
    }
    case 'token': {
      const issued = await createApiToken(db, need(subject, 'the user name'), values.name ?? 'API token', days);
      out(`API token ${issued.id} for ${subject}${issued.expiresAt ? `, until ${issued.expiresAt.toISOString()}` : ''} (shown once):\n${issued.token}`);
      return;
    }
    case 'revoke-token':
      await revokeApiToken(db, Number(need(subject, 'the token id')));
      out(`Revoked API token ${subject}.`);
      return;
    case 'embed': {
      if (config.authSecretGenerated) throw new InputError('set AUTH_SECRET to the server’s: the token must be signed with its key');
      const grant = {
        indicator: need(values.indicator, '--indicator'),
        unit: need(values.unit, '--unit'),
        fromYear: Number(need(values.from, '--from')),
        toYear: Number(need(values.to, '--to')),
        chart: (values.chart ?? 'bar') as ChartType,
      };
      const issued = await issueEmbedToken(db, keysFrom(config.authSecret), grant, {
        days,
        portalOrigins: values.portal,
        label: values.label,
        issuedBy: 'command line',
      });
      const where = issued.portalOrigins ? `for pages of ${issued.portalOrigins.join(', ')}` : 'for the portals of CORS_ORIGINS (name yours with --portal)';
      out(`Embed token ${issued.id}, ${where}, ${issued.expiresAt ? `until ${issued.expiresAt.toISOString()}` : 'without expiry'}. Paste into the portal:\n`);
      out(embedSnippet(values.origin ?? `http://localhost:${config.port}`, issued.token, grant));
      return;
    }
    case 'embeds':
      for (const token of await db.embedToken.findMany({ orderBy: { issuedAt: 'desc' } })) out(describeEmbed(token));
      return;
    case 'revoke-embed':
      await revokeEmbedToken(db, need(subject, 'the embed token id'));
      out(`Revoked embed token ${subject}: widgets using it stop at their next request.`);
      return;
    default:
      throw new InputError(COMMANDS);
  }
}
