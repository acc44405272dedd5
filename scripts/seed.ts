// Migrates DATABASE_URL (default: the embedded SQLite file) and fills it with generated data; the
// database must be empty (see docs/demo-data.md):
//   npm run seed                                   Bắc Kạn's demo, as `npm start` seeds it (--scale province)
//   npm run seed -- --scale national [--seed N]    the national data set: 63 provinces, ~1.2 million models
//   npm run seed -- --scale test [--seed N]        two provinces of the national data set, in seconds
// The national and test data sets end by computing the national overview's kept tallies (about half a minute
// for the national one), which its first reader would otherwise wait for.
// `npm run db:seed` stays the lenient variant for the demo: it leaves a database with data as it is.
import cliProgress from 'cli-progress';
import { parseArgs } from 'node:util';
import { configOrExit } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { migrateOrExit } from '../src/db/migrations.ts';
import { keepDashboardTallies } from '../src/analytics/warm.ts';
import { LAST_YEAR } from '../src/demo/records.ts';
import { DEFAULT_SEED, type NationalScale, type NationalSummary, seedNational } from '../src/demo/national/seed.ts';
import { isEmpty, seedDemo } from '../src/demo/seed.ts';

const SCALES = ['province', 'national', 'test'] as const;
type Scale = (typeof SCALES)[number];

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'province' }, seed: { type: 'string' } } });
const scale = values.scale as Scale;
if (!SCALES.includes(scale)) fail(`--scale must be one of ${SCALES.join(', ')}, got "${values.scale}"`);
const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
if (scale === 'province' && values.seed !== undefined) fail('--seed applies to --scale national and test; the province demo has one fixed seed.');

const { databaseUrl } = configOrExit('seed:');
await migrateOrExit(databaseUrl, 'seed:');
const started = performance.now();
let summary: Record<string, number>;
try {
  summary = scale === 'province' ? await seedProvince() : await seedWithProgressBars(scale);
} catch (error) {
  fail(`Nothing seeded: ${error instanceof Error ? error.message : String(error)}`);
}
const seconds = (performance.now() - started) / 1000;
const rows = Object.values(summary).reduce((sum, count) => sum + count, 0);
console.log(`Seeded ${scale === 'province' ? 'the demo data' : `the ${scale} data set (seed ${seed})`} in ${seconds.toFixed(1)} s:`);
for (const [table, count] of Object.entries(summary)) console.log(`  ${table.padEnd(20)} ${count.toLocaleString('en')}`);
console.log(`  ${'all rows'.padEnd(20)} ${rows.toLocaleString('en')} (${Math.round(rows / seconds).toLocaleString('en')} rows/s)`);
if (scale !== 'province') await keepNationalOverview();
console.log(`Peak memory (resident): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
// The WebAssembly schema engine leaves a timer that would hold the process ten seconds on PostgreSQL.
process.exit(0);

async function seedProvince(): Promise<Record<string, number>> {
  const db = createDatabase(databaseUrl);
  try {
    if (!(await isEmpty(db))) throw new Error('the database already has data; the demo goes only into an empty database.');
    return { ...(await seedDemo(db, (step) => console.log(`… ${step}`))) };
  } finally {
    await db.$disconnect();
  }
}

/** The kept tallies of the national overview's dashboard (the country, every indicator, ten years). */
async function keepNationalOverview() {
  const db = createDatabase(databaseUrl);
  const started = performance.now();
  console.log(`Computing the national overview's kept tallies (VN, ${LAST_YEAR - 9}–${LAST_YEAR}), which its first reader would wait for …`);
  try {
    if (!(await keepDashboardTallies(db, 'VN', LAST_YEAR))) return console.log('… no unit VN: nothing computed.');
    console.log(`… ${(await db.unitTally.count()).toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await db.$disconnect();
  }
}

/** One bar per phase, kept on screen once done; on a terminal that is not interactive, a line every few seconds. */
async function seedWithProgressBars(scale: NationalScale): Promise<NationalSummary> {
  const bars = new cliProgress.MultiBar(
    {
      format: '{phase} |{bar}| {percentage}% | {value}/{total} | {rows} rows | {duration_formatted}',
      clearOnComplete: false,
      stopOnComplete: true,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const phases = new Map<string, cliProgress.SingleBar>();
  try {
    return await seedNational(databaseUrl, {
      scale,
      seed,
      onProgress: ({ phase, done, total, rows }) => {
        const payload = { phase: phase.padEnd(40), rows: rows.toLocaleString('en') };
        const bar = phases.get(phase);
        if (bar) bar.update(done, payload);
        else phases.set(phase, bars.create(total, done, payload));
      },
    });
  } finally {
    bars.stop();
  }
}
