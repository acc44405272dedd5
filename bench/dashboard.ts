// The leadership dashboard operation (GraphiQL's default: every indicator with missing units, breakdown by
// child units and ten-year series) on the demo data, through yoga.fetch, on SQLite and PostgreSQL.
// Prints median and p95 over repeated runs after warm-up, and SQL statements per operation.
//   npm run bench            (BENCH_RUNS, BENCH_POSTGRES_SERVER to change the defaults)
import pg from 'pg';
import { createDatabase, type Database } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/migrations.ts';
import { isEmpty, seedDemo } from '../src/demo/seed.ts';
import { randomBytes } from 'node:crypto';
import { createUser } from '../src/access/accounts.ts';
import { keysFrom, signSession } from '../src/access/tokens.ts';
import { createServer, dashboardQuery } from '../src/server/yoga.ts';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const postgresServer = process.env.BENCH_POSTGRES_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function ensurePostgresDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  return url.toString();
}

async function demoDatabase(url: string): Promise<Database> {
  await applyMigrations(url);
  const db = createDatabase(url);
  if (await isEmpty(db)) await seedDemo(db);
  return db;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** A whole-country administrator's session: the dashboard as a ministry reads it. */
async function adminSession(db: Database, keys: ReturnType<typeof keysFrom>): Promise<string> {
  const admin = (await db.user.findUnique({ where: { username: 'bench.admin' } })) ?? (await createUser(db, { username: 'bench.admin', displayName: 'Benchmark', role: 'ADMIN' }));
  return (await signSession(keys, admin.id)).token;
}

async function measure(label: string, db: Database, unit: string, year: number) {
  const keys = keysFrom(randomBytes(48).toString('base64url'));
  const yoga = createServer(db, { keys });
  const authorization = `Bearer ${await adminSession(db, keys)}`;
  let statements = 0;
  db.$on('query', () => statements++);
  const once = async () => {
    const response = await yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: dashboardQuery, variables: { unit, year } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  statements = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} median ${quantile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${quantile(times, 0.95).toFixed(1).padStart(6)} ms   ${(statements / runs).toFixed(0)} SQL statements`,
  );
}

console.log(`Dashboard operation, ${runs} runs after 3 warm-up runs (${new Date().toISOString().slice(0, 10)})`);
for (const [provider, url] of [
  ['SQLite', 'file:./data/bench.sqlite'],
  ['PostgreSQL', await ensurePostgresDatabase('dvk_bench')],
] as const) {
  const db = await demoDatabase(url);
  await measure(`${provider}: province 06, 2019`, db, '06', 2019);
  await measure(`${provider}: district 066, 2019`, db, '066', 2019);
  await measure(`${provider}: province 06, 2024`, db, '06', 2024);
  await db.$disconnect();
}
process.exit(0);
