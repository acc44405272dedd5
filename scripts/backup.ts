// Backs up DATABASE_URL into a new file, while the server runs (docs/deployment.md):
//   npm run backup -- backups/dvk-2026-12-04.sqlite     (SQLite: a SQLite file, checked)
//   npm run backup -- backups/dvk-2026-12-04.dump       (PostgreSQL: pg_dump's custom format)
import { ConfigError, configOrExit } from '../src/config.ts';
import { backUp } from '../src/db/backup.ts';

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run backup -- <new file>');
  process.exit(2);
}
const { databaseUrl } = configOrExit('backup:');
try {
  const { bytes, migrations } = await backUp(databaseUrl, file);
  console.log(`Backed up to ${file}: ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${migrations} migration(s) applied. Restore it with: npm run restore -- ${file}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`backup: ${error.message}`);
  process.exit(1);
}
