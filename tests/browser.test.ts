// The dashboard and the widgets in real headless Chromium, against the real server on the demo data:
// what a leader and a portal visitor see, checked against what the API answers.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { artifacts, launchChromium, startServers } from './support/browser.ts';
import { openDemoDatabase, query } from './support/graphql.ts';
import { formatPercent } from '../web/shared/format.ts';

let db: Database;
let browser: Browser;
let servers: Awaited<ReturnType<typeof startServers>>;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  db = openDemoDatabase('sqlite');
  [browser, servers] = await Promise.all([launchChromium(), startServers(db)]);
});
afterAll(async () => {
  await browser?.close();
  await servers?.close();
  await db?.$disconnect();
});

interface CoverageNumbers {
  numerator: number;
  denominator: number;
  ratio: number | null;
}

async function coverageOf(indicator: string, unit: string, year: number) {
  return (await query(
    db,
    `query($indicator: String!, $unit: String!, $year: Int!) { coverage(indicator: $indicator, unit: $unit, period: { year: $year }) {
       numerator denominator ratio
       missing(first: 100) { totalCount edges { node { unit { code } } } }
       breakdown(by: CHILD_UNITS) { unit { code } group { isUnitItself } numerator denominator ratio } } }`,
    { indicator, unit, year },
  ))!.coverage as CoverageNumbers & {
    missing: { totalCount: number; edges: { node: { unit: { code: string } } }[] };
    breakdown: (CoverageNumbers & { unit: { code: string }; group: { isUnitItself: boolean } })[];
  };
}

/** Opens a page and counts the GraphQL requests it sends. */
async function openCounting(path: string): Promise<{ page: Page; graphqlRequests: () => number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  let requests = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') requests++;
  });
  await page.goto(`${servers.api}${path}`);
  return { page, graphqlRequests: () => requests };
}

const ready = (page: Page) => page.waitForSelector('main#dashboard[data-state="ready"]', { timeout: 30_000 });

describe('the dashboard', () => {
  it('renders a card per indicator with the numbers the API gives, in one GraphQL request', async () => {
    const { page, graphqlRequests } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const indicators = (await query(db, '{ indicators { code } }'))!.indicators.map((indicator: { code: string }) => indicator.code);
    const cards = await page.$$eval('article[data-card]', (elements) => elements.map((element) => element.getAttribute('data-card')));
    expect(cards).toEqual(indicators);
    const coverage = await coverageOf('COMMUNE_NTM_EFFECTIVE', '06', 2019);
    const card = page.locator('article[data-card="COMMUNE_NTM_EFFECTIVE"]');
    expect(await card.locator('[data-field="numbers"]').innerText()).toContain(`${coverage.numerator} / ${coverage.denominator}`);
    expect(await card.locator('[data-field="ratio"]').innerText()).toBe(formatPercent(coverage.ratio, 'vi'));
    expect(await page.locator('canvas[data-chart="breakdown"]').count()).toBe(indicators.length);
    expect(await page.locator('canvas[data-chart="series"]').count()).toBe(indicators.length);
    expect(graphqlRequests()).toBe(1);
    await page.screenshot({ path: `${artifacts}/dashboard.png`, fullPage: true });
    await page.close();
  });

  it('drills down when a bar is clicked, and the breadcrumb leads back up', async () => {
    const { page, graphqlRequests } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const card = 'article[data-card="PLAN_COVERAGE"]';
    const before = await page.locator(`${card} [data-field="numbers"]`).innerText();
    // The first bar's centre, from the Chart.js instance the canvas carries.
    const target = await page.$eval(`${card} canvas[data-chart="breakdown"]`, (canvas) => {
      const chart = (canvas as HTMLCanvasElement & { chart: { getDatasetMeta(index: number): { data: { x: number; y: number; base: number }[] }; data: { labels: string[] } } }).chart;
      const bar = chart.getDatasetMeta(0).data[0]!;
      const box = canvas.getBoundingClientRect();
      return { x: box.left + bar.x, y: box.top + (bar.y + bar.base) / 2, label: chart.data.labels[0] };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForURL((url) => url.searchParams.get('unit') !== '06');
    await ready(page);
    const drilled = new URL(page.url()).searchParams.get('unit')!;
    const child = await coverageOf('PLAN_COVERAGE', drilled, 2019);
    const breakdownOfProvince = await coverageOf('PLAN_COVERAGE', '06', 2019);
    expect(breakdownOfProvince.breakdown.map((group) => group.unit.code)).toContain(drilled);
    const after = await page.locator(`${card} [data-field="numbers"]`).innerText();
    expect(after).toContain(`${child.numerator} / ${child.denominator}`);
    expect(after).not.toBe(before);
    expect(graphqlRequests()).toBe(2);
    await page.locator('nav[data-breadcrumb] a[data-unit="06"]').click();
    await page.waitForURL((url) => url.searchParams.get('unit') === '06');
    await ready(page);
    expect(await page.locator(`${card} [data-field="numbers"]`).innerText()).toBe(before);
    await page.close();
  });

  it('shows the same numbers in the data-table alternative as the API', async () => {
    const { page } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const card = page.locator('article[data-card="COMMUNE_NTM_EFFECTIVE"]');
    await card.locator('button[data-action="toggle-table"]').click();
    const coverage = await coverageOf('COMMUNE_NTM_EFFECTIVE', '06', 2019);
    for (const group of coverage.breakdown) {
      const row = card.locator(`table[data-table="breakdown"] tr[data-unit="${group.unit.code}"]`);
      expect(await row.locator('td[data-field="numerator"]').innerText()).toBe(String(group.numerator));
      expect(await row.locator('td[data-field="denominator"]').innerText()).toBe(String(group.denominator));
      expect(await row.locator('td[data-field="ratio"]').innerText()).toBe(formatPercent(group.ratio, 'vi'));
    }
    await page.close();
  });

  it('downloads the list of missing units as CSV', async () => {
    const { page } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('article[data-card="COMMUNE_ALL_FIELDS"] button[data-action="download-missing"]').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const coverage = await coverageOf('COMMUNE_ALL_FIELDS', '06', 2019);
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines).toHaveLength(coverage.missing.totalCount + 1);
    for (const edge of coverage.missing.edges) expect(csv).toContain(edge.node.unit.code);
    await page.close();
  });

  it('reads a unit that ended during the year on its last day: Bắc Kạn in 2025, with its breadcrumb', async () => {
    const { page } = await openCounting('/dashboard?unit=066&year=2025');
    await ready(page);
    expect(await page.locator('nav[data-breadcrumb] a[data-unit="06"]').count()).toBe(1);
    const coverage = await coverageOf('PLAN_COVERAGE', '066', 2025);
    expect(await page.locator('article[data-card="PLAN_COVERAGE"] [data-field="numbers"]').innerText()).toContain(`${coverage.numerator} / ${coverage.denominator}`);
    expect(await page.locator('select[data-year] option[value="2025"]').count()).toBe(1);
    await page.close();
  });

  it('switches to English and keeps the view in the URL', async () => {
    const { page } = await openCounting('/dashboard?unit=066&year=2021');
    await ready(page);
    await page.locator('button[data-action="toggle-lang"]').click();
    await page.waitForURL((url) => url.searchParams.get('lang') === 'en');
    await ready(page);
    const coverage = await coverageOf('SATISFACTION', '066', 2021);
    expect(await page.locator('article[data-card="SATISFACTION"] [data-field="ratio"]').innerText()).toBe(formatPercent(coverage.ratio, 'en'));
    expect(new URL(page.url()).searchParams.get('unit')).toBe('066');
    await page.close();
  });
});

describe('the widgets', () => {
  it('render three charts on a portal page served from another origin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const failures: string[] = [];
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await page.goto(`${servers.portal}/portal.html`);
    await page.waitForFunction(() => {
      const widgets = [...document.querySelectorAll('dvk-chart')];
      return widgets.length === 3 && widgets.every((widget) => widget.getAttribute('state') === 'ready');
    }, undefined, { timeout: 30_000 });
    expect(new URL(page.url()).origin).not.toBe(servers.api);
    expect(failures).toEqual([]);
    // Each widget's data table holds the API's numbers.
    const widgets = await page.$$eval('dvk-chart', (elements) =>
      elements.map((element) => ({
        indicator: element.getAttribute('indicator')!,
        unit: element.getAttribute('unit')!,
        year: Number(element.getAttribute('year')),
        rows: [...(element.shadowRoot?.querySelectorAll('table[part="data-table"] tbody tr') ?? [])].map((row) => ({
          key: row.getAttribute('data-key'),
          numerator: row.querySelector('[data-field="numerator"]')?.textContent,
          denominator: row.querySelector('[data-field="denominator"]')?.textContent,
        })),
      })),
    );
    for (const widget of widgets) {
      expect(widget.rows.length).toBeGreaterThan(0);
      const coverage = await coverageOf(widget.indicator, widget.unit, widget.year);
      const byUnit = new Map(coverage.breakdown.map((group) => [group.unit.code, group]));
      for (const row of widget.rows) {
        const group = byUnit.get(row.key!);
        if (!group) continue; // a line chart's rows are years
        expect(Number(row.numerator?.replace(/\D/g, ''))).toBe(group.numerator);
        expect(Number(row.denominator?.replace(/\D/g, ''))).toBe(group.denominator);
      }
    }
    await page.screenshot({ path: `${artifacts}/portal.png`, fullPage: true });
    await page.close();
  });

  it('export their numbers as CSV, and answer in the iframe page too', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 }, acceptDownloads: true });
    await page.goto(`${servers.api}/embed/chart?indicator=COMMUNE_NTM_EFFECTIVE&unit=06&year=2019&type=bar`);
    await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('dvk-chart').locator('button[part="csv"]').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const coverage = await coverageOf('COMMUNE_NTM_EFFECTIVE', '06', 2019);
    for (const group of coverage.breakdown) expect(csv).toMatch(new RegExp(`${group.unit.code},[^\\r\\n]*,${group.numerator},${group.denominator},`));
    await page.screenshot({ path: `${artifacts}/embed.png` });
    await page.close();
  });
});
