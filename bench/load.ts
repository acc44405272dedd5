// Throughput under concurrent load: the server in its own process (as `npm start` runs it), autocannon in
// this one, 32 connections for 30 s, a mix of nine dashboard reads to one write (each write changes a
// plan, which raises the data version and so empties every cached answer). Prints requests per second,
// latency, errors, non-2xx answers and answers carrying GraphQL errors; also the cold start (process
// start to first answer), and the server's event-loop delay from its /metrics.
//   npm run bench:load     (BENCH_LOAD_SECONDS, BENCH_CONNECTIONS; the province demo data of npm run bench)
//   BENCH_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench:load    (Node flags for the server, whose output is then shown)
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { disableUser } from '../src/access/accounts.ts';
import { DEMO_USERS } from '../src/demo/users.ts';
import { dashboardQuery } from '../src/server/yoga.ts';
import { adminAuthorization, benchSecret, demoDatabase, ensurePostgresDatabase } from './support.ts';

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function prepare(url: string): Promise<string> {
  const db = await demoDatabase(url);
  const authorization = await adminAuthorization(db);
  // A production server refuses to serve while the demo's users keep the password the README publishes.
  for (const { username } of DEMO_USERS) await disableUser(db, username);
  await db.$disconnect();
  return authorization;
}

async function startServer(url: string, port: number) {
  const started = performance.now();
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_FLAGS?.split(' ') ?? []), '--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_SECRET: benchSecret,
      RATE_LIMIT: '0',
      SEED_DEMO: 'false',
      NODE_ENV: 'production',
    },
    stdio: process.env.BENCH_SERVER_FLAGS ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (performance.now() - started > 60_000) throw new Error('the server did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, coldStart: performance.now() - started };
}

async function load(label: string, url: string, port: number) {
  const authorization = await prepare(url);
  const { child, coldStart } = await startServer(url, port);
  const headers = { 'content-type': 'application/json', authorization };
  // A GraphQL error comes back with status 200: the bodies are read for it.
  let graphqlErrors = 0;
  const onResponse = (_status: number, body: string) => {
    if (body.includes('"errors":')) graphqlErrors += 1;
  };
  const read = {
    method: 'POST' as const,
    path: '/graphql',
    headers,
    body: JSON.stringify({ query: dashboardQuery, variables: { unit: '06', year: 2019 } }),
    onResponse,
  };
  let write = 0;
  const writeRequest = {
    method: 'POST' as const,
    path: '/graphql',
    headers,
    onResponse,
    // A new document number each time: a write that changes nothing would not count as one.
    setupRequest: (request: object) => ({
      ...request,
      body: JSON.stringify({
        query: `mutation($n: String!) { recordPlan(input: { unit: "066", year: 2019, documentNumber: $n }) { year } }`,
        variables: { n: `KH-${++write}` },
      }),
    }),
  };
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests: [...Array(9).fill(read), writeRequest] });
  // The server's own event-loop delay over the run's last 30–60 s (src/server/liveness.ts); goal p99 50 ms.
  const { eventLoop, analyticsThread } = (await (await fetch(`http://127.0.0.1:${port}/metrics`)).json()) as {
    eventLoop: { p50: number; p99: number; max: number; seconds: number };
    analyticsThread: { tasks: number };
  };
  child.kill('SIGTERM');
  console.log(
    `${label.padEnd(11)} cold start ${(coldStart / 1000).toFixed(1)} s | ${result.requests.average.toFixed(1)} requests/s | latency median ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms | ${result.requests.total} requests (${write} writes) | errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, GraphQL errors ${graphqlErrors} | event loop p50 ${eventLoop.p50} ms, p99 ${eventLoop.p99} ms, max ${eventLoop.max} ms over ${eventLoop.seconds} s (×${(eventLoop.p99 / 50).toFixed(2)} the 50 ms goal) | ${analyticsThread.tasks} analytics-thread tasks`,
  );
}

console.log(
  `Load: ${connections} connections for ${seconds} s, 9 dashboard reads (06, 2019) to 1 plan write, response cache on (${new Date().toISOString().slice(0, 10)})`,
);
await load('SQLite', 'file:./data/bench.sqlite', 4601);
await load('PostgreSQL', await ensurePostgresDatabase('dvk_bench'), 4602);
process.exit(0);
