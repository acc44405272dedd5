// The event-loop stall of the request (a breakdown of breakdowns with series from 1990 and missing
// lists) and of the dashboard, on the province demo data with no kept tallies (a first read), in a warm
// process. `monitorEventLoopDelay` gives the longest the loop went without a turn; /health, asked 10 ms
// after the request, says how long any other request waited. Figures in docs/performance.md.
//   npx tsx bench/query-budget.ts [label part]     (data/bench-budget.sqlite, filled with the demo data if empty)
// BENCH_QUERY adds an operation of your own; BENCH_KEPT=1 keeps the kept tallies between operations.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, dashboardQuery } from '../src/server/yoga.ts';
import { adminAuthorization, benchKeys, demoDatabase } from './support.ts';

const operations: [string, string][] = [
  [
    'the issue: breakdown of breakdowns with series from 1990 and missing lists (one indicator, 06, 2019)',
    `{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2019 }) { breakdown(by: CHILD_UNITS) { breakdown(by: CHILD_UNITS) {
      series(from: 1990) { year ratio missing(first: 5) { totalCount edges { node { unit { code } } } } } } } } }`,
  ],
  [
    'every indicator: breakdown of breakdowns with series from 1990 and missing lists (06, 2019)',
    `{ dashboard(unit: "06", year: 2019) { coverages { breakdown(by: CHILD_UNITS) { breakdown(by: CHILD_UNITS) {
      series(from: 1990) { year ratio missing(first: 5) { totalCount edges { node { unit { code } } } } } } } } } }`,
  ],
  ['the dashboard (GraphiQL default), 06, 2019', dashboardQuery],
];
if (process.env.BENCH_QUERY) operations.unshift(['BENCH_QUERY', process.env.BENCH_QUERY]);

const db = await demoDatabase(process.env.BENCH_URL ?? 'file:./data/bench-budget.sqlite');
const authorization = await adminAuthorization(db);
const yoga = createServer(db, { keys: benchKeys });
const ask = (query: string) =>
  yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
    body: JSON.stringify({ query }),
  });
// The first operations of a process pay for compiling the schema's and Prisma's code paths.
for (let run = 0; run < 3; run++) await (await ask(dashboardQuery)).json();

const only = process.argv[2];
for (const [label, query] of operations) {
  if (only && !label.includes(only)) continue;
  if (!process.env.BENCH_KEPT) await db.$executeRawUnsafe('DELETE FROM "UnitTally"');
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The histogram's first sample only starts its clock: a stall before it would go unrecorded.
  await sleep(50);
  const started = performance.now();
  let healthWaited = 0;
  const health = sleep(10).then(async () => {
    const meant = started + 10;
    await yoga.fetch('http://bench/health');
    healthWaited = performance.now() - meant;
  });
  const response = await ask(query);
  const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  const elapsed = performance.now() - started;
  await health;
  // A stall is recorded when the histogram's timer next fires.
  await sleep(50);
  loop.disable();
  const answer = body.errors ? `${response.status} ${body.errors[0]!.extensions?.code}: ${body.errors[0]!.message}` : `${response.status}, answered`;
  console.log(
    `${label}\n  ${answer}\n  ${(elapsed / 1000).toFixed(2)} s; longest event-loop stall ${(loop.max / 1e9).toFixed(2)} s; /health waited ${(healthWaited / 1000).toFixed(2)} s`,
  );
}
await db.$disconnect();
