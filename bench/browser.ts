// Time from navigation to drawn charts in headless Chromium, on the demo data (SQLite), and the size of
// the widget script. Median and p95 over repeated runs after a warm-up; the clock is the page's own
// (performance.now() counts from the start of navigation).
//   npm run bench:browser          (BENCH_RUNS to change the number of runs)
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createUser } from '../src/access/accounts.ts';
import { applyMigrations } from '../src/db/migrations.ts';
import { createDatabase } from '../src/db/client.ts';
import { isEmpty, seedDemo } from '../src/demo/seed.ts';
import { projectPath } from '../src/db/datamodel.ts';
import { DEMO_PASSWORD } from '../src/demo/users.ts';
import { embedTokenFor, launchChromium, sessionThroughForm, startServers, startSignedIn } from '../tests/support/browser.ts';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const url = 'file:./data/bench.sqlite';
await applyMigrations(url);
const db = createDatabase(url);
if (await isEmpty(db)) await seedDemo(db);
// The dashboard's reader, an administrator (signed in once, on the form); the widget's embed token.
const reader = 'bench.browser';
if (!(await db.user.findUnique({ where: { username: reader } })))
  await createUser(db, { username: reader, displayName: 'Benchmark', role: 'ADMIN', password: DEMO_PASSWORD });
const servers = await startServers(db);
const browser = await launchChromium();
const session = await sessionThroughForm(browser, servers.api, reader);
const { token } = await embedTokenFor(db, { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', fromYear: 2019, toYear: 2019, chart: 'bar' });

async function timeToReady(path: string, readySelector: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await startSignedIn(page, session);
  await page.goto(`${servers.api}${path}`);
  await page.waitForSelector(readySelector, { timeout: 60_000 });
  const elapsed = await page.evaluate(() => performance.now());
  await page.close();
  return elapsed;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function measure(label: string, path: string, readySelector: string) {
  await timeToReady(path, readySelector);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeToReady(path, readySelector));
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} median ${quantile(times, 0.5).toFixed(0).padStart(5)} ms   p95 ${quantile(times, 0.95).toFixed(0).padStart(5)} ms`);
}

const script = readFileSync(projectPath('dist/web/widgets/dvk.js'));
console.log(
  `Widget script /widgets/dvk.js: ${(script.length / 1024).toFixed(1)} KB, ${(gzipSync(script).length / 1024).toFixed(1)} KB gzipped (Chart.js included)`,
);
console.log(`Navigation to drawn charts, ${runs} runs after a warm-up`);
await measure('embed page, first chart drawn (bar, 06, 2019)', `/embed/chart?token=${token}&year=2019`, 'dvk-chart[state="ready"]');
await measure('dashboard, all 16 charts drawn (06, 2019)', '/dashboard?unit=06&year=2019', 'main#dashboard[data-state="ready"]');
await browser.close();
await servers.close();
await db.$disconnect();
process.exit(0);
