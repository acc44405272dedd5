// Migrates DATABASE_URL (default: the embedded SQLite file) and fills it with the demo data if it is empty:
//   npm run db:seed
// A database that already has data is left as it is, so running this twice is harmless. With
// NODE_ENV=production it refuses: the demo is never seeded there (src/config.ts says why).
import { ConfigError, configOrExit } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { migrateOrExit } from '../src/db/migrations.ts';
import { isEmpty, seedDemo } from '../src/demo/seed.ts';

const { databaseUrl } = configOrExit('db:seed:');
await migrateOrExit(databaseUrl, 'db:seed:');
const db = createDatabase(databaseUrl);
let status = 0;
try {
  if (await isEmpty(db)) {
    const started = performance.now();
    const summary = await seedDemo(db, (step) => console.log(`… ${step}`));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Seeded the demo data in ${seconds} s:`);
    for (const [table, rows] of Object.entries(summary)) console.log(`  ${table.padEnd(17)} ${rows}`);
  } else {
    console.log('The database already has data: nothing seeded.');
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`db:seed: ${error.message}`);
  status = 1;
} finally {
  await db.$disconnect();
}
// The WebAssembly schema engine leaves a timer that would hold the process ten seconds on PostgreSQL.
process.exit(status);
