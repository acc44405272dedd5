// Exports 100,000 rows (satisfaction results of 1,000 communes over 100 years, imported first) as an
// administrator's `exportSpreadsheet` would, and prints how long it took and how long the event loop of the
// process that served it was held meanwhile: a server that exports stops answering for that long.
//   npm run bench:export                 # SQLite in a temporary file
//   BENCH_DATABASE_URL=postgresql://… npm run bench:export   # an EMPTY, migrated PostgreSQL database
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/migrations.ts';
import { importSpreadsheet } from '../src/import/index.ts';
import { exportCsv } from '../src/import/template.ts';
import { benchCsv, seedBenchUnits } from './import.ts';

const file = join(tmpdir(), `dvk-bench-export-${process.pid}.sqlite`);
const url = process.env.BENCH_DATABASE_URL ?? `file:${file}`;
await applyMigrations(url);
const db = createDatabase(url);
try {
  await seedBenchUnits(db);
  await importSpreadsheet(db, new TextEncoder().encode(benchCsv()), { actor: 'bench', kind: 'SATISFACTION_SURVEYS' });
  for (let pass = 1; pass <= 3; pass++) {
    // The longest gap between two ticks of a 5 ms timer: what a request waited at worst.
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const csv = await exportCsv(db, 'SATISFACTION_SURVEYS');
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    console.log(
      `export ${pass}: ${csv.split('\n').length - 2} rows, ${(csv.length / 1e6).toFixed(1)} MB in ${Math.round(ms)} ms; event loop held up to ${Math.round(longest)} ms between two ticks of a 5 ms timer`,
    );
  }
} finally {
  await db.$disconnect();
  if (!process.env.BENCH_DATABASE_URL) rmSync(file, { force: true });
}
process.exit(0);
