// Restores a backup of `npm run backup` into DATABASE_URL, which must not hold a database yet: a new SQLite
// file, or a new, empty PostgreSQL database (createdb). Start the server on it afterwards: it applies the
// migrations newer than the backup (docs/deployment.md).
//   npm run restore -- backups/dvk-2026-12-04.sqlite
import { ConfigError, configOrExit } from '../src/config.ts';
import { restore } from '../src/db/backup.ts';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run restore -- <backup file>');
  process.exit(2);
}
const { databaseUrl } = configOrExit('restore:');
try {
  const { migrations } = await restore(file, databaseUrl);
  console.log(`Restored ${file}, with ${migrations} migration(s) applied; \`npm run db:migrate\` (or starting the server) applies any newer one.`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`restore: ${error.message}`);
  process.exit(1);
}
