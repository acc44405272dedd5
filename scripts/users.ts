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
// The command itself is src/access/users-command.ts.
import { text } from 'node:stream/consumers';
import { usersCommand } from '../src/access/users-command.ts';
import { configOrExit } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { migrateOrExit } from '../src/db/migrations.ts';

const config = configOrExit('users:');
await migrateOrExit(config.databaseUrl, 'users:');
const db = createDatabase(config.databaseUrl);
let status: number;
try {
  status = await usersCommand(process.argv.slice(2), db, config, {
    stdin: () => text(process.stdin),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} finally {
  await db.$disconnect();
}
// The WebAssembly schema engine leaves a timer that would hold the process ten seconds on PostgreSQL.
process.exit(status);
