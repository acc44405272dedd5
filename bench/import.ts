// Imports 100,000 rows (satisfaction results of 1,000 communes over 100 years) into a fresh database and
// prints how long it took; the requirement is under 30 s. Then imports the same file again (all unchanged).
//   npm run bench:import                 # SQLite in a temporary file
//   BENCH_DATABASE_URL=postgresql://… npm run bench:import   # an EMPTY, migrated PostgreSQL database
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/migrations.ts';
import { importSpreadsheet } from '../src/import/index.ts';
import { toCsv } from '../src/lib/csv.ts';

export const BENCH_UNITS = 1000;
export const BENCH_YEARS = 100;

/** The benchmark's file: 100,000 rows of satisfaction results, as the template writes them. */
export function benchCsv(units = BENCH_UNITS, years = BENCH_YEARS): string {
  const rows: (string | number)[][] = [];
  for (let u = 0; u < units; u++) for (let y = 0; y < years; y++) rows.push([`B${u}`, 1995 + y, 100 + ((u * 7 + y) % 400), 50 + ((u + y) % 50)]);
  return toCsv(['Mã đơn vị', 'Năm', 'Số người được khảo sát', 'Số người hài lòng'], rows);
}

export async function seedBenchUnits(db: ReturnType<typeof createDatabase>, units = BENCH_UNITS) {
  await db.unit.createMany({
    data: Array.from({ length: units }, (_, u) => ({
      code: `B${u}`,
      officialCode: `B${u}`,
      name: `Xã ${u}`,
      searchName: `xa ${u}`,
      kind: 'COMMUNE' as const,
      level: 'COMMUNE' as const,
    })),
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = join(tmpdir(), `dvk-bench-import-${process.pid}.sqlite`);
  const url = process.env.BENCH_DATABASE_URL ?? `file:${file}`;
  await applyMigrations(url);
  const db = createDatabase(url);
  try {
    await seedBenchUnits(db);
    const bytes = new TextEncoder().encode(benchCsv());
    for (const pass of ['first import (all created)', 'second import (all unchanged)']) {
      const started = performance.now();
      const summary = await importSpreadsheet(db, bytes, { actor: 'bench', kind: 'SATISFACTION_SURVEYS' });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${pass}: ${summary.rowsRead} rows in ${seconds.toFixed(1)} s (${Math.round(summary.rowsRead / seconds)} rows/s); created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, problems ${summary.problems.length}`,
      );
    }
    console.log(`audit entries: ${await db.auditEntry.count()}`);
  } finally {
    await db.$disconnect();
    if (!process.env.BENCH_DATABASE_URL) rmSync(file, { force: true });
  }
  process.exit(0);
}
