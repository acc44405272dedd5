// Applies the pending migrations to DATABASE_URL (default: the embedded SQLite file):
//   npm run db:migrate
// `npm start` does this too; run it alone before starting several servers against one PostgreSQL.
import { configOrExit } from '../src/config.ts';
import { migrateOrExit } from '../src/db/migrations.ts';

const { databaseUrl } = configOrExit('db:migrate:');
const applied = await migrateOrExit(databaseUrl, 'db:migrate:');
console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
// The WebAssembly schema engine leaves a timer that would hold the process ten seconds on PostgreSQL.
process.exit(0);
