// The leadership dashboard operation (GraphiQL's default: every indicator with missing units, breakdown by
// child units and ten-year series), through yoga.fetch, on SQLite and PostgreSQL. For each: the first read
// (which computes the kept tallies), median and p95 uncached (no response cache; the kept tallies read),
// the same SQL statements replayed straight through the driver (the floor) and the ratio to it, the
// statements per operation, a write then a read (which computes the rows the write forgot), and a cached read.
//   npm run bench                          the province demo data (data/bench.sqlite, database dvk_bench)
//   npm run bench -- --scale national      the national data set (npm run seed -- --scale national first:
//                                          data/national.sqlite and the database dvk_national)
// BENCH_RUNS changes the number of timed runs (default 20).
import { parseArgs } from 'node:util';
import { createDatabase, providerOfDatabase, type Database } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/migrations.ts';
import { isEmpty } from '../src/demo/seed.ts';
import { UnitTree } from '../src/units/unit-tree.ts';
import { createServer, dashboardQuery } from '../src/server/yoga.ts';
import { referenceDay } from '../src/units/tree.ts';
import { adminAuthorization, benchKeys, demoDatabase, driverReplay, ensurePostgresDatabase, ms, statementsOf, time } from './support.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'province' } } });
const national = values.scale === 'national';
const runs = Number(process.env.BENCH_RUNS ?? 20);

/** The national data set is seeded by its own command (minutes); the demo is filled here if need be. */
async function database(url: string): Promise<Database> {
  if (!national) return demoDatabase(url);
  await applyMigrations(url);
  const db = createDatabase(url);
  if (await isEmpty(db)) throw new Error(`${url} is empty: run npm run seed -- --scale national with DATABASE_URL=${url}`);
  return db;
}

async function measure(label: string, url: string, db: Database, unit: string, year: number) {
  const authorization = await adminAuthorization(db);
  const ask = (yoga: ReturnType<typeof createServer>) => async () => {
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: dashboardQuery, variables: { unit, year } }),
    });
    const body = (await response.json()) as { data?: { dashboard: unknown }; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    // The dashboard of an unknown unit is null, quickly: timing it would time nothing.
    if (!body.data?.dashboard)
      throw new Error(`${label}: ${url} has no unit ${unit} (a national data set seeded before it had the country VN must be seeded again)`);
  };
  const server = createServer(db, { keys: benchKeys });
  const uncached = ask(server);
  // The first read after the kept tallies were forgotten computes and stores them (after a seed, an
  // import or a change to the tree); every later read finds them.
  await db.unitTally.deleteMany();
  const first = await time(uncached, 1, 0);
  const statements = await statementsOf(db, uncached);
  const graphql = await time(uncached, runs);
  const driver = await driverReplay(url);
  const floor = await time(() => driver.run(statements), runs);
  await driver.close();
  const afterWrite = await time(writeThenAsk(server, db, authorization, unit, year, uncached), runs);
  const cached = await time(ask(createServer(db, { keys: benchKeys, responseCache: { ttl: 600_000 } })), 200);
  console.log(
    `${label.padEnd(24)} first read ${ms(first.median)} | uncached median ${ms(graphql.median)} p95 ${ms(graphql.p95)} | floor median ${ms(floor.median)} p95 ${ms(floor.p95)} | ratio ${(graphql.median / floor.median).toFixed(2)} | ${statements.length} statements | after a write median ${ms(afterWrite.median)} p95 ${ms(afterWrite.p95)} | cached median ${ms(cached.median)} p95 ${ms(cached.p95)}`,
  );
}

/**
 * A plan of a commune below the unit written again with another document number, then the dashboard
 * asked: the write forgets the kept rows of the commune and every unit above it, which the read computes
 * again. Timed together, write included.
 */
function writeThenAsk(server: ReturnType<typeof createServer>, db: Database, authorization: string, unit: string, year: number, ask: () => Promise<void>) {
  let writes = 0;
  let commune: string | undefined;
  return async () => {
    if (!commune) {
      const tree = await UnitTree.load(db, providerOfDatabase(db));
      const root = tree.byCode(unit)!;
      commune = tree.subtree(root.id, referenceDay(year, root)).find((candidate) => candidate.kind === 'COMMUNE')!.code;
    }
    const response = await server.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        query: `mutation($unit: String!, $year: Int!, $number: String!) { recordPlan(input: { unit: $unit, year: $year, documentNumber: $number }) { year } }`,
        variables: { unit: commune, year, number: `BENCH-${++writes}` },
      }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    await ask();
  };
}

console.log(
  `Dashboard operation at ${national ? 'national' : 'province'} scale: ${runs} timed runs after warm-up; cached: 200 runs (${new Date().toISOString().slice(0, 10)})`,
);
// At national scale, the national overview first: the country (VN), broken down by its provinces.
const targets: [string, number][] = national
  ? [
      ['VN', 2024],
      ['01', 2024],
      ['06', 2019],
    ]
  : [
      ['06', 2019],
      ['066', 2019],
      ['06', 2024],
    ];
for (const [provider, url] of [
  ['SQLite', national ? 'file:./data/national.sqlite' : 'file:./data/bench.sqlite'],
  ['PostgreSQL', await ensurePostgresDatabase(national ? 'dvk_national' : 'dvk_bench')],
] as const) {
  const db = await database(url);
  for (const [unit, year] of targets) await measure(`${provider}: ${unit}, ${year}`, url, db, unit, year);
  await db.$disconnect();
}
process.exit(0);
