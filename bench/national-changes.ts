// What a change to the tree (or to an indicator) costs at national scale (issue 14): for each change, the
// write through the API, then the next national overview (the dashboard of VN for 2024), while another
// process asks /health (and, during the overview, a cached province dashboard) every 20 ms and the event
// loop's delay is sampled. Goals: the next overview within 2 s, /health and the cached dashboard within
// 50 ms at p99 meanwhile.
//   npm run bench:national-changes                  # SQLite: a copy of /tmp/dvk-national.sqlite (BENCH_NATIONAL_FILE)
//   BENCH_DATABASE_URL=postgresql://…/dvk_national npm run bench:national-changes
//                                                   # PostgreSQL: a copy made with CREATE DATABASE … TEMPLATE
// The source is the national data set (docs/demo-data.md: npm run seed -- --scale national into an empty
// database); the benchmark changes only its copy, so runs repeat. BENCH_CHANGES=move,merge,import,bulk,indicator,definition,cold
// picks the changes; `cold` deletes every kept row, so that the next overview is the first after a seed without its warm step.
import { fork, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { toCsv } from '../src/lib/csv.ts';
import { copySqliteFile, removeSqliteFile } from '../src/db/adapter.ts';
import { createDatabase, type Database } from '../src/db/client.ts';
import { createListener } from '../src/server/listener.ts';
import { delayFigures, EVENT_LOOP_RESOLUTION_MS, type EventLoopFigures } from '../src/server/liveness.ts';
import { createServer, CSRF_HEADER, dashboardQuery } from '../src/server/yoga.ts';
import { adminAuthorization, benchKeys } from './support.ts';

const OVERVIEW_GOAL_MS = 2_000;
/** The first national overview after a seed, without the seed's warm step. */
const FIRST_OVERVIEW_GOAL_MS = 30_000;
const LATENCY_GOAL_MS = 50;
const POLL_MS = 20;
const YEAR = 2024;

type Yoga = ReturnType<typeof createServer>;

/** A copy of the national database that this run may change, and how to drop it. */
async function copyOfNational(): Promise<{ url: string; label: string; drop: () => Promise<void> }> {
  const source = process.env.BENCH_DATABASE_URL;
  if (!source || source.startsWith('file:')) {
    const file = source?.slice('file:'.length) ?? process.env.BENCH_NATIONAL_FILE ?? '/tmp/dvk-national.sqlite';
    if (!existsSync(file)) throw new Error(`${file} does not exist: build it with DATABASE_URL=file:${file} npm run seed -- --scale national`);
    const copy = `${file.replace(/\.sqlite$/, '')}-bench-${process.pid}.sqlite`;
    copySqliteFile(file, copy);
    return { url: `file:${copy}`, label: 'SQLite', drop: async () => removeSqliteFile(copy) };
  }
  const url = new URL(source);
  const name = `${url.pathname.slice(1)}_bench_${process.pid}`;
  const server = new URL(source);
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  // A template must have no other session: nothing else may use the source database meanwhile.
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${url.pathname.slice(1)}`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: 'PostgreSQL',
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  count: number;
  /** Polls answered with another status than 200, or not at all. */
  failed: number;
}

/**
 * The poller, in a process of its own (this file run with --poll): asked from this process, a request
 * would be timed by the very event loop it waits for, and not even sent while that loop is held. It
 * asks each URL every POLL_MS between a "start" and a "stop" message, and answers the latencies.
 */
async function poller(origin: string, authorization: string) {
  // A connection per request: a kept-alive one that the server closes as it is reused fails without
  // its fault (and undici retries no POST).
  const ask = (path: string, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const headers = body ? { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization } : {};
      const sent = httpRequest(`${origin}${path}`, { method: body ? 'POST' : 'GET', agent: false, headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      });
      sent.on('error', reject);
      sent.end(body);
    });
  const requests = {
    health: () => ask('/health'),
    dashboard: () => ask('/graphql', JSON.stringify({ query: dashboardQuery, variables: { unit: '06', year: YEAR } })),
  };
  let running: Promise<Record<string, Latencies>> | undefined;
  let stopping = false;
  const loop = async (request: () => Promise<number>): Promise<Latencies> => {
    const times: number[] = [];
    let failed = 0;
    while (!stopping) {
      const started = performance.now();
      const status = await request().catch(() => 0);
      if (status === 200) times.push(performance.now() - started);
      else failed++;
      await sleep(POLL_MS);
    }
    times.sort((a, b) => a - b);
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times.at(-1) ?? NaN, count: times.length, failed };
  };
  process.on('message', async (message: { start?: (keyof typeof requests)[]; stop?: true }) => {
    if (message.start) {
      stopping = false;
      const polled = message.start;
      running = Promise.all(polled.map((name) => loop(requests[name]))).then((results) =>
        Object.fromEntries(polled.map((name, index) => [name, results[index]!])),
      );
    } else if (message.stop) {
      stopping = true;
      process.send!(await running);
    }
  });
  process.send!('ready');
}

interface Phase {
  ms: number;
  health: Latencies;
  dashboard?: Latencies;
  loop: EventLoopFigures;
}

const none: Latencies = { p50: NaN, p99: NaN, max: NaN, count: 0, failed: 0 };

/**
 * Runs `work` while the poller asks /health (and, once it is cached again, the province dashboard) and the
 * event loop's delay is recorded. A write raises the data version, which empties the response cache: the
 * dashboard is polled only after the writes, once computed again, as a reader of a cached answer sees it.
 */
async function measured(yoga: Yoga, child: ChildProcess, authorization: string, work: () => Promise<void>, options: { dashboard: boolean }): Promise<Phase> {
  if (options.dashboard) await (await cachedDashboard(yoga, authorization)()).arrayBuffer();
  const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  histogram.enable();
  // The histogram records from its second tick on; the poller gets going meanwhile.
  child.send({ start: options.dashboard ? ['health', 'dashboard'] : ['health'] });
  await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  // The tick that was held by the work's last stretch records it only once the loop turns again.
  await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
  histogram.disable();
  child.send({ stop: true });
  const [polled] = (await once(child, 'message')) as [Record<string, Latencies>];
  return { ms, health: polled.health!, dashboard: polled.dashboard ?? none, loop: delayFigures(histogram) };
}

async function graphql(yoga: Yoga, authorization: string, query: string, variables: object = {}): Promise<any> {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${body.errors.map((error) => error.message).join('; ')}`);
  return body.data;
}

const overview = (yoga: Yoga, authorization: string) => graphql(yoga, authorization, dashboardQuery, { unit: 'VN', year: YEAR });

/** Bắc Kạn's dashboard (one of 63 provinces), through yoga: computed after a write, then cached for the poller. */
const cachedDashboard = (yoga: Yoga, authorization: string) => () =>
  yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
    body: JSON.stringify({ query: dashboardQuery, variables: { unit: '06', year: YEAR } }),
  });

const ADMINISTRATIVE = { kind: { in: ['COMMUNE', 'WARD', 'TOWNSHIP'] as ('COMMUNE' | 'WARD' | 'TOWNSHIP')[] }, validTo: null };

/** Two current communes of one district, and another district of the same province. */
async function chosenUnits(db: Database) {
  const districts = await db.unitParent.findMany({
    where: { validTo: null, unit: { kind: 'DISTRICT', validTo: null }, parent: { code: '06' } },
    select: { unit: { select: { id: true, code: true } } },
    orderBy: { unit: { code: 'asc' } },
  });
  const [home, other] = districts.map((link) => link.unit);
  const communes = await db.unitParent.findMany({
    where: { validTo: null, parentId: home!.id, unit: ADMINISTRATIVE },
    select: { unit: { select: { code: true } } },
    orderBy: { unit: { code: 'asc' } },
  });
  const [moving, into, merged] = communes.map((link) => link.unit.code);
  const organisations = await db.unitParent.findMany({
    where: { validTo: null, parent: { code: merged! } },
    select: { unit: { select: { code: true } } },
    orderBy: { unit: { code: 'asc' } },
  });
  return { home: home!.code, other: other!.code, moving: moving!, into: into!, merged: merged!, organisations: organisations.map((link) => link.unit.code) };
}

const MERGER_DAY = `${YEAR + 1}-01-01`;
const MOVE = `mutation($code: String!, $parent: String!, $from: Date!) { moveUnit(code: $code, parent: $parent, from: $from) { code } }`;

interface Change {
  key: string;
  label: string;
  write: (yoga: Yoga, authorization: string) => Promise<void>;
  /** The next overview's goal, when not OVERVIEW_GOAL_MS. */
  overviewGoal?: number;
}

function changes(db: Database, units: Awaited<ReturnType<typeof chosenUnits>>): Change[] {
  return [
    {
      key: 'move',
      label: `moveUnit ${units.moving} → ${units.other}`,
      write: (yoga, authorization) => graphql(yoga, authorization, MOVE, { code: units.moving, parent: units.other, from: `${YEAR}-01-01` }),
    },
    {
      key: 'merge',
      label: `moveUnit ×${units.organisations.length}: ${units.merged}'s organisations`,
      // mergeUnits refuses a unit with units under it; the merged commune's records run to the data's last
      // year, so the merger takes effect the next 1 January.
      write: async (yoga, authorization) => {
        for (const code of units.organisations) await graphql(yoga, authorization, MOVE, { code, parent: units.into, from: MERGER_DAY });
      },
    },
    {
      key: 'merge',
      label: `mergeUnits ${units.merged} → ${units.into}`,
      write: (yoga, authorization) =>
        graphql(yoga, authorization, `mutation($input: MergeUnitsInput!) { mergeUnits(input: $input) { code } }`, {
          input: { from: [units.merged], into: units.into, effective: MERGER_DAY, resolution: 'BENCH/NQ-UBTVQH15' },
        }),
    },
    {
      key: 'import',
      label: `importSpreadsheet 100 units under ${units.home}`,
      write: async (yoga, authorization) => {
        const rows = Array.from({ length: 100 }, (_, index) => [
          `BENCH${process.pid}.${index}`,
          `BENCH${index}`,
          `Xã Thử Nghiệm ${index + 1}`,
          'COMMUNE',
          'COMMUNE',
          `${YEAR}-01-01`,
          '',
          units.home,
        ]);
        await upload(
          yoga,
          authorization,
          'UNITS',
          toCsv(['Mã đơn vị', 'Mã thống kê', 'Tên đơn vị', 'Loại đơn vị', 'Cấp', 'Từ ngày', 'Đến ngày', 'Mã đơn vị cấp trên'], rows),
          100,
        );
      },
    },
    {
      key: 'bulk',
      label: 'importSpreadsheet 100,008 survey rows',
      // Satisfaction results of 2,778 communes that have always existed, for 36 years (1990–2025).
      write: async (yoga, authorization) => {
        const communes = await db.unit.findMany({
          where: { ...ADMINISTRATIVE, validFrom: null },
          select: { code: true },
          orderBy: { code: 'asc' },
          take: 2_778,
        });
        const rows = communes.flatMap(({ code }, u) => Array.from({ length: 36 }, (_, y) => [code, 1990 + y, 100 + ((u * 7 + y) % 400), 50 + ((u + y) % 50)]));
        await upload(
          yoga,
          authorization,
          'SATISFACTION_SURVEYS',
          toCsv(['Mã đơn vị', 'Năm', 'Số người được khảo sát', 'Số người hài lòng'], rows),
          rows.length,
        );
      },
    },
    {
      key: 'indicator',
      label: 'saveIndicator (a target changed)',
      write: async (yoga, authorization) => {
        const indicator = await db.indicator.findFirstOrThrow({ where: { targets: { some: {} } }, include: { targets: true }, orderBy: { sortOrder: 'asc' } });
        const { id: _id, targets, ...fields } = indicator;
        const input = {
          ...fields,
          // One point lower (or higher, for a low target): a save that changes nothing writes nothing.
          targets: targets.map((target) => ({
            value: Math.round((target.value > 0.5 ? target.value - 0.01 : target.value + 0.01) * 1000) / 1000,
            firstYear: target.firstYear,
            lastYear: target.lastYear,
            source: target.source,
          })),
        };
        await graphql(yoga, authorization, `mutation($input: IndicatorInput!) { saveIndicator(input: $input) { code } }`, { input });
      },
    },
    {
      key: 'definition',
      label: 'saveIndicator (its definition changed)',
      write: async (yoga, authorization) => {
        // The first indicator that counts models: it counts one model more or less per unit from now on.
        const indicators = await db.indicator.findMany({ include: { targets: true }, orderBy: { sortOrder: 'asc' } });
        const indicator = indicators.find((row) => JSON.parse(row.definition).measure === 'UNITS_WITH_MODELS');
        if (!indicator) throw new Error('no indicator counts units with models');
        const { id: _id, targets, ...fields } = indicator;
        const definition = JSON.parse(indicator.definition) as { minModels?: number };
        const minModels = definition.minModels ?? 1;
        const input = {
          ...fields,
          definition: JSON.stringify({ ...definition, minModels: minModels > 1 ? minModels - 1 : minModels + 1 }),
          targets: targets.map((target) => ({ value: target.value, firstYear: target.firstYear, lastYear: target.lastYear, source: target.source })),
        };
        await graphql(yoga, authorization, `mutation($input: IndicatorInput!) { saveIndicator(input: $input) { code } }`, { input });
      },
    },
    {
      key: 'cold',
      label: 'every kept row deleted (a seed, unwarmed)',
      overviewGoal: FIRST_OVERVIEW_GOAL_MS,
      // As docs/performance.md tells a writer outside the API to: every row deleted, noted for readers.
      write: async () => {
        await db.$transaction(async (tx) => {
          await tx.$executeRaw`UPDATE "DataVersion" SET "version" = "version" + 1, "treeVersion" = "treeVersion" + 1`;
          await tx.$executeRaw`DELETE FROM "UnitTally"`;
          await tx.$executeRaw`INSERT INTO "TallyForgetting" ("version") SELECT "version" FROM "DataVersion"`;
        });
      },
    },
  ];
}

/** Imports a CSV through the API, as the browser uploads it, and checks that every row was written. */
async function upload(yoga: Yoga, authorization: string, kind: string, csv: string, rows: number) {
  const body = new FormData();
  const query = `mutation($file: File!) { importSpreadsheet(file: $file, kind: ${kind}) { written created updated unchanged problems { row messageEn } } }`;
  body.set('operations', JSON.stringify({ query, variables: { file: null } }));
  body.set('map', JSON.stringify({ 0: ['variables.file'] }));
  body.set('0', new File([csv], `${kind.toLowerCase()}.csv`, { type: 'text/csv' }));
  const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', body, headers: { authorization, [CSRF_HEADER]: '1' } });
  const result = (await response.json()) as {
    data?: { importSpreadsheet: { written: boolean; created: number; updated: number; unchanged: number } };
    errors?: unknown[];
  };
  const summary = result.data?.importSpreadsheet;
  if (!summary?.written || summary.created + summary.updated + summary.unchanged !== rows)
    throw new Error(`the import did not write ${rows} rows: ${JSON.stringify(result).slice(0, 400)}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
const millis = (ms: number) => (Number.isNaN(ms) ? '–' : ms.toFixed(ms < 10 ? 1 : 0)).padStart(6);
const ratio = (value: number, goal: number) => `×${(value / goal).toFixed(2)}`.padStart(7);

function row(label: string, phase: string, result: Phase, goal?: number) {
  const { health, dashboard, loop } = result;
  return [
    label.padEnd(40),
    phase.padEnd(9),
    seconds(result.ms),
    goal ? ratio(result.ms, goal) : ''.padStart(7),
    `${millis(health.p50)} ${millis(health.p99)} ${millis(health.max)} ${String(health.count).padStart(5)}`,
    ratio(health.p99, LATENCY_GOAL_MS),
    dashboard?.count ? `${millis(dashboard.p99)} ${millis(dashboard.max)} ${ratio(dashboard.p99, LATENCY_GOAL_MS)}` : ''.padStart(21),
    `${millis(loop.p99)} ${millis(loop.max)}`,
    ...(health.failed || dashboard?.failed ? [`FAILED POLLS: /health ${health.failed}, dashboard ${dashboard?.failed ?? 0}`] : []),
  ].join(' | ');
}

async function run() {
  const picked = new Set((process.env.BENCH_CHANGES ?? 'move,merge,import,bulk,indicator,definition,cold').split(','));
  const copying = performance.now();
  const copy = await copyOfNational();
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(`${copy.label}: a copy of the national data set in ${seconds(performance.now() - copying).trim()}; load average ${load()}`);
  const db = createDatabase(copy.url);
  const authorization = await adminAuthorization(db);
  // The budget would answer 503 after 120 s: here the whole time is wanted.
  const yoga = createServer(db, { keys: benchKeys, responseCache: { ttl: 3_600_000 }, operationBudget: 3_600_000 });
  const listener = createListener(yoga);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const child = fork(fileURLToPath(import.meta.url), ['--poll', `http://127.0.0.1:${(listener.address() as AddressInfo).port}`, authorization]);
  await once(child, 'message');
  try {
    const units = await chosenUnits(db);
    console.log(
      `Overview: dashboard of VN for ${YEAR} (every indicator, breakdown by province, series). Goals: overview ${OVERVIEW_GOAL_MS / 1000} s; /health and a cached dashboard p99 ${LATENCY_GOAL_MS} ms.`,
    );
    console.log(`Polled every ${POLL_MS} ms from another process: /health during each phase, the cached dashboard of 06 during each overview.`);
    console.log(
      [
        'change'.padEnd(40),
        'phase'.padEnd(9),
        'time'.padStart(9),
        '÷goal'.padStart(7),
        '/health p50 p99 max (ms), polls',
        '÷goal'.padStart(7),
        'cached p99 max ÷goal',
        'loop p99 max',
      ].join(' | '),
    );
    const nextOverview = () => measured(yoga, child, authorization, () => overview(yoga, authorization), { dashboard: true });
    console.log(row('none (kept tallies of the seed)', 'overview', await nextOverview(), OVERVIEW_GOAL_MS));
    for (const change of changes(db, units)) {
      if (!picked.has(change.key)) continue;
      console.log(row(change.label, 'write', await measured(yoga, child, authorization, () => change.write(yoga, authorization), { dashboard: false })));
      console.log(row('', 'overview', await nextOverview(), change.overviewGoal ?? OVERVIEW_GOAL_MS));
    }
    console.log(`Load average at the end: ${load()}`);
  } finally {
    child.kill();
    listener.close();
    await db.$disconnect();
    await copy.drop();
  }
}

if (process.argv[2] === '--poll') await poller(process.argv[3]!, process.argv[4]!);
else {
  await run();
  process.exit(0);
}
