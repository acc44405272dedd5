// Users, API tokens and embed tokens, from the command line of the server's machine (docs/access.md):
//   npm run users -- add <username> --role DISTRICT_OFFICER --unit 066 [--name "…"] [--password-stdin]
//   npm run users -- list | disable <username> [--revoke-embeds]   (their embed tokens stay unless --revoke-embeds)
//   npm run users -- token <username> [--name "…"] [--days 90]        (prints the token once)
//   npm run users -- revoke-token <id>
//   npm run users -- embed --indicator COMMUNE_NTM_EFFECTIVE --unit 06 --from 2015 --to 2024 --chart bar
//                          --portal https://backan.gov.vn [--portal …] [--days 365] [--label "…"]
//                          [--origin https://dvk.example.gov.vn]   (needs the server's AUTH_SECRET; no --days: no expiry)
//   npm run users -- embeds | revoke-embed <id>
// It works on DATABASE_URL directly, as the operator of the server; what it prints is shown only once.
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import {
  createApiToken,
  createUser,
  disableUser,
  embedSnippet,
  expiresSoon,
  issueEmbedToken,
  revokeApiToken,
  revokeEmbedToken,
} from '../src/access/accounts.ts';
import { generatedPassword } from '../src/access/passwords.ts';
import { ROLES, type Role } from '../src/access/roles.ts';
import { keysFrom, type ChartType } from '../src/access/tokens.ts';
import { configOrExit } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { migrateOrExit } from '../src/db/migrations.ts';
import { InputError, InvalidInputError } from '../src/errors.ts';
import type { EmbedToken } from '../src/generated/sqlite/client.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
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
  },
});
const [command, subject] = positionals;
const config = configOrExit('users:');
await migrateOrExit(config.databaseUrl, 'users:');
const db = createDatabase(config.databaseUrl);
const days = values.days === undefined ? undefined : Number(values.days);
const need = (value: string | undefined, what: string): string => {
  if (!value) throw new InputError(`give ${what}`);
  return value;
};

function describeEmbed(token: EmbedToken): string {
  const until = token.expiresAt ? `until ${token.expiresAt.toISOString().slice(0, 10)}` : 'no expiry';
  const state = token.revokedAt ? '  REVOKED' : expiresSoon(token, new Date()) ? '  EXPIRES SOON' : '';
  return `${token.id}  ${token.indicator} ${token.unitCode} ${token.fromYear}-${token.toYear} ${token.chart}  ${until}${state}  on ${token.portalOrigins ?? '(CORS_ORIGINS)'}  ${token.label ?? ''}`;
}

async function run(): Promise<void> {
  switch (command) {
    case 'add': {
      const role = need(values.role, `--role (${ROLES.join(', ')})`) as Role;
      const password = values['password-stdin'] ? (await text(process.stdin)).split('\n')[0]!.trim() : generatedPassword();
      const user = await createUser(db, { username: need(subject, 'the user name'), displayName: values.name ?? '', role, unit: values.unit, password });
      console.log(`Created ${user.username} (${user.role}${values.unit ? `, ${values.unit}` : ', whole country'}).`);
      if (!values['password-stdin']) console.log(`Password (shown once): ${password}`);
      return;
    }
    case 'list':
      for (const user of await db.user.findMany({ include: { unit: { select: { code: true } } }, orderBy: { username: 'asc' } })) {
        console.log(
          `${user.username.padEnd(16)} ${user.role.padEnd(17)} ${(user.unit?.code ?? '(whole country)').padEnd(16)} ${user.disabledAt ? 'disabled' : ''}`,
        );
      }
      return;
    case 'disable': {
      const { liveEmbeds, revokedEmbeds } = await disableUser(db, need(subject, 'the user name'), { revokeEmbeds: values['revoke-embeds'] });
      console.log(`Disabled ${subject}: their sessions and tokens stop working now.`);
      if (revokedEmbeds.length)
        console.log(`Revoked the ${revokedEmbeds.length} embed token(s) they issued: ${revokedEmbeds.map((token) => token.id).join(', ')}.`);
      if (liveEmbeds.length) {
        console.log(`The embed tokens they issued stay live (the portals' charts keep working):`);
        for (const token of liveEmbeds) console.log(`  ${describeEmbed(token)}`);
        console.log(`To revoke them too: npm run users -- disable ${subject} --revoke-embeds`);
      }
      return;
    }
    case 'token': {
      const issued = await createApiToken(db, need(subject, 'the user name'), values.name ?? 'API token', days);
      console.log(`API token ${issued.id} for ${subject}${issued.expiresAt ? `, until ${issued.expiresAt.toISOString()}` : ''} (shown once):\n${issued.token}`);
      return;
    }
    case 'revoke-token':
      await revokeApiToken(db, Number(need(subject, 'the token id')));
      console.log(`Revoked API token ${subject}.`);
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
      console.log(
        `Embed token ${issued.id}, ${where}, ${issued.expiresAt ? `until ${issued.expiresAt.toISOString()}` : 'without expiry'}. Paste into the portal:\n`,
      );
      console.log(embedSnippet(values.origin ?? `http://localhost:${config.port}`, issued.token, grant));
      return;
    }
    case 'embeds':
      for (const token of await db.embedToken.findMany({ orderBy: { issuedAt: 'desc' } })) console.log(describeEmbed(token));
      return;
    case 'revoke-embed':
      await revokeEmbedToken(db, need(subject, 'the embed token id'));
      console.log(`Revoked embed token ${subject}: widgets using it stop at their next request.`);
      return;
    default:
      throw new InputError('commands: add, list, disable, token, revoke-token, embed, embeds, revoke-embed (see the top of scripts/users.ts)');
  }
}

let status = 0;
try {
  await run();
} catch (error) {
  if (!(error instanceof InputError || error instanceof InvalidInputError)) throw error;
  // An account's problems name their fields, as the options do: "unit: a DISTRICT_OFFICER needs …".
  console.error(`users: ${error instanceof InvalidInputError ? InvalidInputError.listed(error.problems) : error.message}`);
  status = 2;
} finally {
  await db.$disconnect();
}
// The WebAssembly schema engine leaves a timer that would hold the process ten seconds on PostgreSQL.
process.exit(status);
