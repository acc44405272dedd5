// The dashboard and the widgets in real headless Chromium, against the real server on the demo data:
// what a leader and a portal visitor see, checked against what the API answers. The dashboard is read
// signed in (each role sees its own area); the widgets show only what their embed token grants.
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalWidgets } from '../../scripts/portal.ts';
import { revokeEmbedToken } from '../../src/access/accounts.ts';
import { signSession } from '../../src/access/tokens.ts';
import type { Database } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/demo/users.ts';
import { EMBEDDED_CHART_HASH } from '../../src/embed/operation.ts';
import {
  accessibilityViolations,
  artifacts,
  embedTokenFor,
  launchChromium,
  sessionThroughForm,
  signInOnForm,
  startServers,
  startSignedIn,
} from '../support/browser.ts';
import { openDemoDatabase, query } from '../support/graphql.ts';
import { testKeys } from '../support/viewers.ts';
import { pointsBetween } from '../../web/shared/coverage.ts';
import { formatChange, formatNumber, formatPercent } from '../../web/shared/format.ts';

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
       breakdown(by: CHILD_UNITS) { unit { code kind } group { isUnitItself } numerator denominator records ratio shortfall } } }`,
    { indicator, unit, year },
  ))!.coverage as CoverageNumbers & {
    missing: { totalCount: number; edges: { node: { unit: { code: string } } }[] };
    breakdown: (CoverageNumbers & { unit: { code: string; kind: string }; group: { isUnitItself: boolean }; records: number; shortfall: number | null })[];
  };
}

/** Each indicator's ratio on the unit's dashboard for the year, by code, as the API answers it. */
async function ratiosOf(unit: string, year: number): Promise<Map<string, number | null>> {
  const { coverages } = (await query(db, `{ dashboard(unit: "${unit}", year: ${year}) { coverages { indicator { code } ratio } } }`))!.dashboard as {
    coverages: { indicator: { code: string }; ratio: number | null }[];
  };
  return new Map(coverages.map((coverage) => [coverage.indicator.code, coverage.ratio]));
}

/** Sessions by user name, each signed in once on the form. */
const sessions = new Map<string, Promise<string>>();

function sessionOf(username: string): Promise<string> {
  if (!sessions.has(username)) sessions.set(username, sessionThroughForm(browser, servers.api, username));
  return sessions.get(username)!;
}

/** Opens a page, signed in as `username` (or signed out with null), and counts the GraphQL requests it sends. */
async function openCounting(path: string, username: string | null = 'quantri'): Promise<{ page: Page; graphqlRequests: () => number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  if (username) await startSignedIn(page, await sessionOf(username));
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
    // Satisfaction falls short by respondents who would have to be satisfied, and says so.
    const satisfaction = (await query(db, '{ coverage(indicator: "SATISFACTION", unit: "06", period: { year: 2019 }) { status shortfall } }'))!.coverage as {
      status: string;
      shortfall: number;
    };
    expect(satisfaction.status).toBe('BELOW_TARGET');
    expect(await page.locator('article[data-card="SATISFACTION"] [data-field="shortfall"]').innerText()).toBe(
      `Còn thiếu ${formatNumber(satisfaction.shortfall, 'vi')} người được khảo sát hài lòng`,
    );
    // Every card says how far its ratio moved since 2018, as the API's two years give it.
    const [now, before] = await Promise.all([ratiosOf('06', 2019), ratiosOf('06', 2018)]);
    const changes = await page.$$eval('article[data-card]', (cards) =>
      cards.map((card) => {
        const change = card.querySelector<HTMLElement>('[data-field="change"]')!;
        return [card.getAttribute('data-card')!, change.dataset.direction, change.textContent];
      }),
    );
    const expected = indicators.map((code: string) => {
      const [ratio, earlier] = [now.get(code), before.get(code)];
      if (ratio == null || earlier == null) return [code, '', ''];
      const points = pointsBetween(ratio, earlier)!;
      const words = `${formatNumber(Math.abs(points), 'vi')} điểm % so với năm 2018`;
      return points > 0 ? [code, 'up', `▲tăng ${words}`] : points < 0 ? [code, 'down', `▼giảm ${words}`] : [code, 'same', '=không đổi so với năm 2018'];
    });
    expect(changes).toEqual(expected);
    expect(changes.filter(([, direction]) => direction).length).toBeGreaterThan(0);
    expect(await page.locator('canvas[data-chart="breakdown"]').count()).toBe(indicators.length);
    expect(await page.locator('canvas[data-chart="series"]').count()).toBe(indicators.length);
    // The trends are straight segments from year to year: a curve would show values no year had.
    const lines = await page.$$eval('canvas[data-chart="series"]', (canvases) =>
      canvases.map((canvas) => {
        type Line = { getDatasetMeta: (index: number) => { dataset: { options: { tension: number; cubicInterpolationMode: string } } } };
        const { options } = (canvas as HTMLCanvasElement & { chart: Line }).chart.getDatasetMeta(0).dataset;
        return [options.cubicInterpolationMode, options.tension];
      }),
    );
    expect(lines).toEqual(indicators.map(() => ['default', 0]));
    expect(graphqlRequests()).toBe(1);
    await page.screenshot({ path: `${artifacts}/dashboard.png`, fullPage: true });
    await page.close();
  });

  it('says that an indicator of agencies does not apply to a commune, which has none: no target, no shortfall', async () => {
    const { page } = await openCounting('/dashboard?unit=02152&year=2019');
    await ready(page);
    expect(await coverageOf('AGENCY_EFFECTIVE', '02152', 2019)).toMatchObject({ numerator: 0, denominator: 0 });
    const card = page.locator('article[data-card="AGENCY_EFFECTIVE"]');
    expect(await card.getAttribute('data-applies')).toBe('false');
    expect(await card.locator('[data-field="status"]').innerText()).toBe('Không áp dụng');
    expect(await card.locator('[data-field="target"]').innerText()).toBe('');
    expect(await card.locator('[data-field="shortfall"]').innerText()).toBe('Đơn vị này không có cơ quan, đơn vị nào để tính');
    // An indicator of communes applies to the commune itself.
    expect(await page.locator('article[data-card="COMMUNE_NTM_EFFECTIVE"]').getAttribute('data-applies')).toBe('true');
    // One unit counted is one unit, not "huyện, xã, cơ quan, tổ chức Đảng".
    const plans = await coverageOf('PLAN_COVERAGE', '02152', 2019);
    expect(plans.denominator).toBe(1);
    expect(await page.locator('article[data-card="PLAN_COVERAGE"] [data-field="numbers"]').innerText()).toBe(`${plans.numerator} / 1 đơn vị`);
    await page.close();
  });

  it('drills down when a bar is clicked, and the breadcrumb leads back up', async () => {
    const { page, graphqlRequests } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const card = 'article[data-card="PLAN_COVERAGE"]';
    const before = await page.locator(`${card} [data-field="numbers"]`).innerText();
    // The first bar's centre, from the Chart.js instance the canvas carries, once it is on the screen (the alerts above grow).
    await page.locator(`${card} canvas[data-chart="breakdown"]`).scrollIntoViewIfNeeded();
    const target = await page.$eval(`${card} canvas[data-chart="breakdown"]`, (canvas) => {
      const chart = (
        canvas as HTMLCanvasElement & {
          chart: { getDatasetMeta(index: number): { data: { x: number; y: number; base: number }[] }; data: { labels: string[] } };
        }
      ).chart;
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
      expect(await row.locator('td[data-field="shortfall"]').innerText()).toBe(group.shortfall ? formatNumber(group.shortfall, 'vi') : '');
    }
    await page.close();
  });

  it('charts the units below by family, districts apart from agencies, lagging first; the table ranks them the same way', async () => {
    const { page } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const card = page.locator('article[data-card="PLAN_COVERAGE"]');
    const coverage = await coverageOf('PLAN_COVERAGE', '06', 2019);
    /** The API's groups of these kinds, as the leader must read them: the lowest ratio first (none last), in the API's order among equals. */
    const lagging = (kinds: string[], charted: boolean) =>
      coverage.breakdown
        .filter((group) => !group.group.isUnitItself && kinds.includes(group.unit.kind) && (!charted || group.denominator > 0))
        .sort((a, b) => (a.ratio ?? 2) - (b.ratio ?? 2))
        .map((group) => group.unit.code);
    const districts = lagging(['DISTRICT'], true);
    const agencies = lagging(['AGENCY'], true);
    expect(districts.length).toBeGreaterThan(1);
    expect(agencies.length).toBeGreaterThan(1);
    const switches = card.locator('[data-field="families"] button');
    const party = lagging(['PARTY_ORGANISATION'], true);
    expect(await switches.allTextContents()).toEqual([
      `Đơn vị hành chính (${districts.length})`,
      `Cơ quan, đơn vị (${agencies.length})`,
      ...(party.length ? [`Tổ chức Đảng (${party.length})`] : []),
    ]);
    const charted = () => card.locator('canvas[data-chart="breakdown"]').getAttribute('data-units');
    expect(await charted()).toBe(districts.join(' '));
    await switches.nth(1).click();
    expect(await switches.nth(1).getAttribute('aria-pressed')).toBe('true');
    expect(await charted()).toBe(agencies.join(' '));
    // The table: the province, then each family under its heading, ranked as charted (those with nothing to count last, unranked).
    await card.locator('button[data-action="toggle-table"]').click();
    const rows = await card
      .locator('table[data-table="breakdown"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => (tr as HTMLElement).dataset.family ?? `${(tr as HTMLElement).dataset.unit}#${tr.querySelector('[data-field="rank"]')?.textContent}`),
      );
    const ranked = (codes: string[], all: string[]) => [
      ...codes.map((code, index) => `${code}#${index + 1}`),
      ...all.filter((code) => !codes.includes(code)).map((code) => `${code}#`),
    ];
    const allOf = (kinds: string[]) => lagging(kinds, false);
    const itself = coverage.breakdown.filter((group) => group.group.isUnitItself).map((group) => `${group.unit.code}#`);
    const expected = [...itself, 'ADMINISTRATIVE', ...ranked(districts, allOf(['DISTRICT'])), 'AGENCIES', ...ranked(agencies, allOf(['AGENCY']))];
    expect(rows.slice(0, expected.length)).toEqual(expected);
    // The league table's change: each unit's ratio against its own of 2018 (none where 2018 was not reported).
    const before = await coverageOf('PLAN_COVERAGE', '06', 2018);
    const changes = await card
      .locator('table[data-table="breakdown"] tbody tr[data-unit]')
      .evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.unit, tr.querySelector('[data-field="change"]')!.textContent]));
    expect(await card.locator('table[data-table="breakdown"] thead th').nth(5).innerText()).toBe('So với năm 2018 (điểm %)');
    expect(changes).toEqual(
      changes.map(([code]) => {
        // A year with nothing entered has no ratio.
        const [now, then] = [coverage, before].map((numbers) => {
          const group = numbers.breakdown.find((candidate) => candidate.unit.code === code);
          return group && (group.records > 0 || group.denominator === 0) ? group.ratio : null;
        });
        return [code, formatChange(pointsBetween(now, then), 'vi')];
      }),
    );
    expect(changes.filter(([, change]) => change !== '').length).toBeGreaterThan(10);
    await page.close();
  });

  it('downloads the list of missing units, and a card’s breakdown and series, as CSV and Excel in the page’s language and as pictures', async () => {
    const { page } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const card = page.locator('article[data-card="COMMUNE_ALL_FIELDS"]');
    const downloaded = async (action: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), card.locator(`button[data-action="${action}"]`).click()]);
      const lines = readFileSync((await file.path())!, 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/);
      return { name: file.suggestedFilename(), lines };
    };
    const coverage = await coverageOf('COMMUNE_ALL_FIELDS', '06', 2019);
    const missing = await downloaded('download-missing');
    expect(missing.name).toBe('chua-dap-ung-COMMUNE_ALL_FIELDS-06-2019.csv');
    expect(missing.lines[0]).toBe('Mã đơn vị,Tên đơn vị');
    expect(missing.lines).toHaveLength(coverage.missing.totalCount + 1);
    for (const edge of coverage.missing.edges) expect(missing.lines.map((line) => line.split(',')[0])).toContain(edge.node.unit.code);

    // The breakdown: a line per group, with the API's numbers, the ratio as a Vietnamese percentage.
    const breakdown = await downloaded('download-breakdown');
    expect(breakdown.name).toBe('theo-don-vi-COMMUNE_ALL_FIELDS-06-2019.csv');
    expect(breakdown.lines[0]).toBe('Nhóm,Mã đơn vị,Tên đơn vị,Đạt,Tổng số,Tỷ lệ (%),So với năm 2018 (điểm %),Còn thiếu,Tình trạng');
    expect(breakdown.lines).toHaveLength(coverage.breakdown.length + 1);
    /** A line's cells: quoted ones may hold commas ("93,5", a name). */
    const cells = (line: string) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map(([, cell]) => cell!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1);
    for (const group of coverage.breakdown) {
      const line = breakdown.lines.map(cells).find((candidate) => candidate[1] === group.unit.code)!;
      expect(line.slice(3, 6)).toEqual([String(group.numerator), String(group.denominator), group.ratio == null ? '' : formatNumber(group.ratio * 100, 'vi')]);
    }
    const series = await downloaded('download-series');
    expect(series.name).toMatch(/^xu-huong-COMMUNE_ALL_FIELDS-06-\d{4}-2019\.csv$/);
    expect(series.lines[0]).toBe('Năm,Đạt,Tổng số,Tỷ lệ (%),Mục tiêu (%),Tình trạng');
    expect(series.lines.at(-1)).toMatch(new RegExp(`^2019,${coverage.numerator},${coverage.denominator},`));

    // Each chart as a picture: the chart with its title and what it shows above, its source and day below.
    const picture = async (action: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), card.locator(`button[data-action="${action}"]`).click()]);
      const png = readFileSync((await file.path())!);
      return { name: file.suggestedFilename(), magic: png.subarray(1, 4).toString('latin1'), width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    };
    const canvas = await card
      .locator('canvas[data-chart="breakdown"]')
      .evaluate((element) => [(element as HTMLCanvasElement).width, (element as HTMLCanvasElement).height]);
    const breakdownPng = await picture('png-breakdown');
    expect(breakdownPng).toMatchObject({ name: 'theo-don-vi-COMMUNE_ALL_FIELDS-06-2019.png', magic: 'PNG' });
    expect(breakdownPng.width).toBeGreaterThan(canvas[0]!);
    // Two lines above and one below the chart.
    expect(breakdownPng.height).toBeGreaterThan(canvas[1]! + 50);
    expect((await picture('png-series')).name).toBe('xu-huong-COMMUNE_ALL_FIELDS-06-2019.png');

    // The same tables as Excel workbooks, read back with ExcelJS: numbers as numbers, ratios shown as percentages.
    const workbook = async (action: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), card.locator(`button[data-action="${action}"]`).click()]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile((await file.path())!);
      const sheet = book.worksheets[0]!;
      const rows = sheet.getSheetValues().slice(1) as unknown[][];
      return { name: file.suggestedFilename(), sheet: sheet.name, rows: rows.map((row) => row.slice(1)), ratioFormat: sheet.getCell('F2').numFmt };
    };
    const breakdownBook = await workbook('xlsx-breakdown');
    expect([breakdownBook.name, breakdownBook.sheet]).toEqual(['theo-don-vi-COMMUNE_ALL_FIELDS-06-2019.xlsx', 'Theo đơn vị trực thuộc']);
    expect(breakdownBook.rows[0]).toEqual(cells(breakdown.lines[0]!));
    expect(breakdownBook.rows).toHaveLength(coverage.breakdown.length + 1);
    expect(breakdownBook.ratioFormat).toBe('0.0%');
    for (const group of coverage.breakdown) {
      const row = breakdownBook.rows.find((candidate) => candidate[1] === group.unit.code)!;
      expect(row.slice(3, 6)).toEqual([group.numerator, group.denominator, group.ratio ?? undefined]);
    }
    const seriesBook = await workbook('xlsx-series');
    expect([seriesBook.name, seriesBook.sheet]).toEqual([series.name.replace(/\.csv$/, '.xlsx'), 'Xu hướng 10 năm']);
    expect(seriesBook.rows.at(-1)!.slice(0, 4)).toEqual(['2019', coverage.numerator, coverage.denominator, coverage.ratio]);

    // In English, the same files say it in English.
    await page.locator('button[data-action="toggle-lang"]').click();
    await page.waitForURL((url) => url.searchParams.get('lang') === 'en');
    await ready(page);
    const english = await downloaded('download-missing');
    expect([english.name, english.lines[0]]).toEqual(['missing-COMMUNE_ALL_FIELDS-06-2019.csv', 'Unit code,Unit name']);
    const englishBreakdown = await downloaded('download-breakdown');
    expect([englishBreakdown.name, englishBreakdown.lines[0]]).toEqual([
      'breakdown-COMMUNE_ALL_FIELDS-06-2019.csv',
      'Group,Unit code,Unit name,Meeting,Total,Ratio (%),Change on 2018 (points),Short by,Status',
    ]);
    const englishBook = await workbook('xlsx-series');
    expect([englishBook.name.replace(/-\d{4}-2019\.xlsx$/, ''), englishBook.sheet, englishBook.rows[0]]).toEqual([
      'trend-COMMUNE_ALL_FIELDS-06',
      '10-year trend',
      ['Year', 'Meeting', 'Total', 'Ratio (%)', 'Target (%)', 'Status'],
    ]);
    await page.close();
  });

  it('on a phone, shows each card as its headline until tapped, says "tap", and fits the screen’s width', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await startSignedIn(page, await sessionOf('quantri'));
    await page.goto(`${servers.api}/dashboard?unit=06&year=2019`);
    await ready(page);
    const headlines = await page.$$eval('article[data-card]', (cards) =>
      cards.map((card) =>
        [card.querySelector('[data-field="ratio"]'), card.querySelector('[data-field="status"]'), card.querySelector('.card-details')].map(
          (part) => part!.getBoundingClientRect().height > 0,
        ),
      ),
    );
    expect(headlines.length).toBeGreaterThan(0);
    expect(headlines).toEqual(headlines.map(() => [true, true, false]));
    const card = page.locator('article[data-card="PLAN_COVERAGE"]');
    const toggle = card.locator('button[data-action="toggle-details"]');
    expect(await toggle.innerText()).toBe('Xem chi tiết');
    // A thumb's target.
    expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await toggle.tap();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const canvas = card.locator('canvas[data-chart="breakdown"]');
    await canvas.waitFor({ state: 'visible' });
    expect((await canvas.boundingBox())!.width).toBeGreaterThan(200);
    expect(await card.locator('.hint').innerText()).toBe('Chạm vào cột để xem chi tiết đơn vị');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${artifacts}/dashboard-phone.png`, fullPage: true });
    await context.close();
  });

  it('prints a clean A4 report: no controls, a card a page, what it is, its source and date at every page’s foot', async () => {
    const { page } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      controls: [...document.querySelectorAll('button, input, select')].filter((control) => (control as HTMLElement).offsetParent !== null).length,
      breaks: [...document.querySelectorAll('article[data-card]')].map((card) => getComputedStyle(card).breakBefore),
      footer: document.querySelector<HTMLElement>('[data-print-footer]')!,
    }));
    expect(printed.controls).toBe(0);
    const cards = printed.breaks.length;
    expect(printed.breaks).toEqual(Array(cards).fill('page'));
    const footer = page.locator('[data-print-footer]');
    expect(await footer.isVisible()).toBe(true);
    expect(await footer.evaluate((element) => getComputedStyle(element).position)).toBe('fixed');
    const today = new Intl.DateTimeFormat('vi', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const text = await footer.innerText();
    expect(text).toContain('Tỉnh Bắc Kạn, năm 2019');
    expect(text).toContain('Nguồn: cơ sở dữ liệu phong trào');
    expect(text).toContain(today);
    // Laid out as on A4 (210 × 297 mm less the page's margins, at 96 px an inch), each card fits above the foot.
    await page.setViewportSize({ width: Math.floor((186 / 25.4) * 96), height: 1000 });
    const room = Math.floor((267 / 25.4) * 96) - (await footer.evaluate((element) => element.getBoundingClientRect().height));
    const heights = await page.$$eval('article[data-card]', (elements) => elements.map((element) => element.getBoundingClientRect().height));
    expect(heights.filter((height) => height > room)).toEqual([]);
    const pdf = await page.pdf({ format: 'A4', path: `${artifacts}/dashboard-print.pdf` });
    // The heading and overview, then a page per card: none runs onto a second page.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length;
    expect(pages).toBe(cards + 1);
    await page.close();
  });

  it('reads a unit that ended during the year on its last day: Bắc Kạn in 2025, with its breadcrumb; a year not over says so', async () => {
    const { page } = await openCounting('/dashboard?unit=066&year=2025');
    await ready(page);
    expect(await page.locator('nav[data-breadcrumb] a[data-unit="06"]').count()).toBe(1);
    // Models registered before count in 2025 too (no record of 2025 is needed to count them).
    const coverage = await coverageOf('COMMUNE_ALL_FIELDS', '066', 2025);
    expect(await page.locator('article[data-card="COMMUNE_ALL_FIELDS"] [data-field="numbers"]').innerText()).toContain(
      `${coverage.numerator} / ${coverage.denominator}`,
    );
    expect(await page.locator('select[data-year] option[value="2025"]').count()).toBe(1);
    expect(await page.locator('[data-view-subtitle]').innerText()).not.toContain('chưa kết thúc');
    // This year is not over: its numbers are to date, and the heading says so.
    const thisYear = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));
    await page.goto(`${servers.api}/dashboard?unit=19&year=${thisYear}`);
    await ready(page);
    expect(await page.locator('[data-view-subtitle]').innerText()).toContain(`năm ${thisYear} (năm chưa kết thúc, số liệu đến hôm nay)`);
    await page.close();
  });

  it('says a year whose records are not entered is not reported, never 0 %, and leaves a gap in a trend where a year has none', async () => {
    const { page } = await openCounting('/dashboard?unit=06&year=2025');
    await ready(page);
    const api = (await query(db, '{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2025 }) { numerator denominator records } }'))!
      .coverage as { numerator: number; denominator: number; records: number };
    expect(api).toMatchObject({ numerator: 0, records: 0 });
    expect(api.denominator).toBeGreaterThan(0);
    const card = page.locator('article[data-card="MODELS_REVIEWED"]');
    expect(await card.getAttribute('data-status')).toBe('NOT_REPORTED');
    expect(await card.locator('[data-field="status"]').innerText()).toBe('Chưa báo cáo');
    expect(await card.locator('[data-field="ratio"]').innerText()).toBe('–');
    expect(await card.locator('[data-field="numbers"]').innerText()).toBe(`Chưa có số liệu năm 2025 của ${formatNumber(api.denominator, 'vi')} mô hình`);
    expect(await card.locator('[data-field="shortfall"]').innerText()).toBe('Số liệu năm 2025 chưa được nhập: đây không phải tỷ lệ 0%');
    // Not counted against the targets in the overview either.
    expect(await page.locator('[data-overview] li[data-status="NOT_REPORTED"]').count()).toBeGreaterThan(0);
    // The trend: each year without records is a gap (no point), each other year the API's ratio.
    const { series } = (await query(
      db,
      '{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2025 }) { series { year ratio records denominator } } }',
    ))!.coverage as { series: { year: number; ratio: number | null; records: number; denominator: number }[] };
    expect(series.filter((point) => point.records === 0 && point.denominator > 0).length).toBeGreaterThan(0);
    const drawn = await card
      .locator('canvas[data-chart="series"]')
      .evaluate((canvas) => (canvas as HTMLCanvasElement & { chart: { data: { datasets: { data: (number | null)[] }[] } } }).chart.data.datasets[0]!.data);
    expect(drawn.map((value) => value === null)).toEqual(series.map((point) => (point.records === 0 && point.denominator > 0 ? true : point.ratio === null)));
    await page.close();
  });

  it('lists what needs attention: indicators whose gap to the target widened, units below that fell back, and those that have entered nothing for the year', async () => {
    type Counted = { records: number; denominator: number };
    type View = {
      coverages: {
        indicator: { code: string };
        status: string;
        gap: number | null;
        records: number;
        denominator: number;
        series: { year: number; ratio: number | null; target: number | null }[];
        counts: string;
        breakdown: (Counted & {
          unit: { code: string };
          group: { isUnitItself: boolean };
          numerator: number;
          yearBefore: (Counted & { numerator: number }) | null;
        })[];
      }[];
    };
    const view = async (year: number) =>
      (await query(
        db,
        `{ dashboard(unit: "06", year: ${year}) { coverages { indicator { code } status gap records denominator series { year ratio target }
             counts breakdown(by: CHILD_UNITS) { unit { code } group { isUnitItself } numerator records denominator
               yearBefore { numerator records denominator } } } } }`,
      ))!.dashboard as View;
    const reported = (counts: Counted) => counts.records > 0 || counts.denominator === 0;
    // 2023: the gaps wider than 2022's, to the tenth of a point the cards show.
    const in2023 = await view(2023);
    const widening = in2023.coverages
      .filter((coverage) => {
        const before = coverage.series.find((point) => point.year === 2022);
        if (!reported(coverage) || coverage.status !== 'BELOW_TARGET' || before?.ratio == null || before.target == null) return false;
        return Math.round(coverage.gap! * 1000) > Math.round(Math.max(0, before.target - before.ratio) * 1000);
      })
      .map((coverage) => coverage.indicator.code);
    expect(widening.length).toBeGreaterThan(0);
    const { page } = await openCounting('/dashboard?unit=06&year=2023');
    await ready(page);
    const alerts = page.locator('[data-alerts] li[data-alert="widening"]');
    expect(await alerts.evaluateAll((items) => items.map((item) => item.getAttribute('data-indicator')))).toEqual(widening);
    expect(await alerts.first().innerText()).toContain('xa hơn năm 2022');
    expect(await alerts.first().locator('a').getAttribute('href')).toBe(`#card-${widening[0]}`);
    expect(await page.locator('[data-alerts] li[data-alert="unreported"]').count()).toBe(0);
    // The units below where fewer meet an indicator than in 2022, both years reported (satisfaction aside: fewer satisfied may be fewer asked).
    const fellBack = in2023.coverages.flatMap((coverage) => {
      const units = coverage.breakdown.filter(
        (group) =>
          !group.group.isUnitItself && reported(group) && group.yearBefore && reported(group.yearBefore) && group.numerator < group.yearBefore.numerator,
      );
      return coverage.counts === 'RESPONDENTS' || !units.length ? [] : [{ code: coverage.indicator.code, units }];
    });
    expect(fellBack.length).toBeGreaterThan(1);
    const fewer = page.locator('[data-alerts] li[data-alert="fell-back"]');
    expect(await fewer.evaluateAll((items) => items.map((item) => item.getAttribute('data-indicator')))).toEqual(fellBack.map((entry) => entry.code));
    for (const [index, { units }] of fellBack.entries()) {
      const item = fewer.nth(index);
      expect(await item.innerText()).toContain(`ít hơn năm 2022 ở ${units.length} đơn vị trực thuộc:`);
      const named = await item
        .locator('a[href*="unit="]')
        .evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).searchParams.get('unit')));
      expect(named).toEqual(units.slice(0, 8).map((group) => group.unit.code));
      const first = units[0]!;
      expect(await item.innerText()).toContain(`(${formatNumber(first.yearBefore!.numerator, 'vi')} → ${formatNumber(first.numerator, 'vi')} `);
    }

    // 2025: the units below with something to count and no record of the year in any indicator, each once, each a link.
    const groups = (await view(2025)).coverages.flatMap((coverage) => coverage.breakdown.filter((group) => !group.group.isUnitItself && group.denominator > 0));
    const counted = new Set(groups.map((group) => group.unit.code));
    const units = new Set([...counted].filter((code) => !groups.some((group) => group.unit.code === code && group.records > 0)));
    expect(units.size).toBeGreaterThan(0);
    await page.goto(`${servers.api}/dashboard?unit=06&year=2025`);
    await ready(page);
    // How complete the year is, in the overview.
    expect(await page.locator('[data-overview] [data-field="reporting"]').innerText()).toBe(
      `Đã có số liệu năm 2025 của ${counted.size - units.size}/${counted.size} đơn vị trực thuộc.`,
    );
    const unreported = page.locator('[data-alerts] li[data-alert="unreported"]');
    expect(await unreported.innerText()).toMatch(new RegExp(`^${units.size} đơn vị trực thuộc chưa có số liệu nào của năm 2025:`));
    const links = await unreported
      .locator('a')
      .evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).searchParams.get('unit')));
    expect(links.length).toBe(Math.min(units.size, 8));
    expect(links.filter((code) => !units.has(code!))).toEqual([]);
    await unreported.locator('a').first().click();
    await page.waitForURL((url) => url.searchParams.get('unit') === links[0]);
    await page.close();
  });

  it('compares two years side by side: every indicator’s ratio in each, and the change in points', async () => {
    const [now, before] = await Promise.all([ratiosOf('06', 2019), ratiosOf('06', 2018)]);
    const { page, graphqlRequests } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    const table = page.locator('table[data-table="compare"]');
    const compared = async (other: string) => {
      await page.getByLabel('So sánh năm 2019 với năm').selectOption(other);
      await table.locator(`caption:has-text("năm ${other}")`).waitFor();
      return table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.getAttribute('data-indicator'),
            ...['ratio', 'other', 'change'].map((field) => tr.querySelector(`[data-field="${field}"]`)!.textContent),
          ]),
        );
    };
    const expected = (then: Map<string, number | null>) =>
      [...now.keys()].map((code) => {
        const [ratio, earlier] = [now.get(code)!, then.get(code)!];
        return [code, formatPercent(ratio, 'vi'), formatPercent(earlier, 'vi'), formatChange(pointsBetween(ratio, earlier), 'vi')];
      });
    // A year of the trend is read from it: no request.
    expect(await compared('2018')).toEqual(expected(before));
    expect(graphqlRequests()).toBe(1);
    // Another year: one request more, on the reader's action.
    expect(await compared('2021')).toEqual(expected(await ratiosOf('06', 2021)));
    expect(graphqlRequests()).toBe(2);
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

describe('signing in', () => {
  it('takes an administrator to the province, signs GraphiQL in too, and signing out forgets the token', async () => {
    const { page, graphqlRequests } = await openCounting('/dashboard', null);
    await expect.poll(() => page.locator('main#sign-in').isVisible()).toBe(true);
    expect(await page.locator('main#dashboard').isVisible()).toBe(false);
    await signInOnForm(page, 'quantri');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('06');
    const account = page.locator('[data-account]');
    expect(await account.innerText()).toMatch(/Quản trị viên \(demo\)[\s\S]*Quản trị viên · Toàn quốc/);
    // The sign-in, then the view: nothing else.
    expect(graphqlRequests()).toBe(2);
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('dvk:session'), graphiql: localStorage.getItem('graphiql:headers') }));
    const { token } = JSON.parse(stored.session!) as { token: string };
    expect(JSON.parse(stored.graphiql!)).toEqual({ Authorization: `Bearer ${token}` });

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect.poll(() => page.locator('main#sign-in').isVisible()).toBe(true);
    expect(await page.locator('[data-sign-in-notice]').innerText()).toBe('Bạn đã đăng xuất.');
    expect(await page.locator('article[data-card]').count()).toBe(0);
    expect(await page.evaluate(() => [sessionStorage.getItem('dvk:session'), localStorage.getItem('graphiql:headers')])).toEqual([null, null]);
    await page.close();
  });

  it('takes a district officer to the district, and says so clearly when the address names the province', async () => {
    const { page } = await openCounting('/dashboard', null);
    await signInOnForm(page, 'huyen.nari');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('066');
    expect(await page.locator('[data-account-role]').innerText()).toBe('Cán bộ cấp huyện · Huyện Na Rì');
    // The province is named in the breadcrumb but not linked: the API would refuse it.
    expect(await page.locator('nav[data-breadcrumb] a[data-unit="06"]').count()).toBe(0);
    const coverage = await coverageOf('PLAN_COVERAGE', '066', 2019);
    expect(await page.locator('article[data-card="PLAN_COVERAGE"] [data-field="numbers"]').innerText()).toContain(
      `${coverage.numerator} / ${coverage.denominator}`,
    );

    await page.goto(`${servers.api}/dashboard?unit=06&year=2019`);
    await page.waitForSelector('main#dashboard[data-state="error"]', { timeout: 30_000 });
    const refusal = page.locator('[data-problem="forbidden"]');
    expect(await refusal.isVisible()).toBe(true);
    expect(await page.locator('h1[data-view-heading]').innerText()).toBe('Không có quyền xem đơn vị này');
    expect(await refusal.innerText()).toContain('Tài khoản của bạn chỉ xem được số liệu của Huyện Na Rì và các đơn vị trực thuộc.');
    // Its detail in Vietnamese too, as the API says it (extensions.vi): no English sentence in a Vietnamese page.
    expect(await refusal.locator('.error-detail').innerText()).toBe(
      'Chi tiết: Tỉnh Bắc Kạn (06) nằm ngoài địa bàn của bạn trong năm 2019: tài khoản của bạn phụ trách Huyện Na Rì (066) và các đơn vị trực thuộc.',
    );
    expect(await page.locator('article[data-card]').count()).toBe(0);
    await page.screenshot({ path: `${artifacts}/dashboard-forbidden.png` });
    await refusal.getByRole('link').click();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('066');
    await page.close();
  });

  it('refuses a wrong password in words, in either language, and brings an expired session back to the form', async () => {
    const { page } = await openCounting('/dashboard', null);
    await signInOnForm(page, 'quantri', 'not the password');
    const error = page.locator('[data-sign-in-error]');
    await expect.poll(() => error.innerText()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await page.getByLabel('Mật khẩu').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${artifacts}/sign-in.png` });
    await page.locator('button[data-action="toggle-lang"]').click();
    expect(await error.innerText()).toBe('Wrong user name or password.');
    expect(await page.getByLabel('User name').count()).toBe(1);
    await page.close();

    // A session whose token expired an hour ago, on a view the reader had open.
    const admin = await db.user.findUniqueOrThrow({ where: { username: 'quantri' } });
    const stale = JSON.parse(await sessionOf('quantri')) as { token: string };
    stale.token = (await signSession(testKeys, admin.id, new Date(Date.now() - 13 * 3600_000))).token;
    const expired = await browser.newPage();
    await startSignedIn(expired, JSON.stringify(stale));
    await expired.goto(`${servers.api}/dashboard?unit=066&year=2019`);
    await expect.poll(() => expired.locator('main#sign-in').isVisible()).toBe(true);
    expect(await expired.locator('[data-sign-in-notice]').innerText()).toBe('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
    // Signing in again returns to the view the address names.
    expect(new URL(expired.url()).searchParams.get('unit')).toBe('066');
    await signInOnForm(expired, 'quantri', DEMO_PASSWORD);
    await ready(expired);
    expect(new URL(expired.url()).searchParams.get('unit')).toBe('066');
    await expired.close();
  });
});

/** What a widget shows: its state, the coverage it holds, its grant, its chart type, its message. */
function widgetView(page: Page, selector = 'dvk-chart') {
  return page.$eval(selector, (element) => {
    const widget = element as HTMLElement & {
      data?: { indicator: { code: string }; unit: { code: string }; year: number };
      grant?: { chart: string; fromYear: number; toYear: number };
      chart?: { config: { type: string } };
    };
    const root = widget.shadowRoot!;
    return {
      state: widget.getAttribute('state'),
      indicator: widget.data?.indicator.code,
      unit: widget.data?.unit.code,
      year: widget.data?.year,
      grant: widget.grant,
      chartType: widget.chart?.config.type,
      figureShown: !root.querySelector('figure')!.hidden,
      value: root.querySelector('[part="value"]')?.textContent,
      rows: [...root.querySelectorAll('table[part="data-table"] tbody tr')].map((row) => row.getAttribute('data-key')),
      message: root.querySelector('[part="message"]')!.textContent,
    };
  });
}

/** Sets attributes from the page's own script, as a tampering portal would, and waits for the render to settle. */
async function setAttributes(page: Page, attributes: Record<string, string | null>): Promise<void> {
  await page.$eval(
    'dvk-chart',
    async (element, values) => {
      for (const [name, value] of Object.entries(values)) {
        if (value === null) element.removeAttribute(name);
        else element.setAttribute(name, value);
      }
      // After the element's queued render has started: "loading", or at once "ready" or "error".
      await null;
    },
    attributes,
  );
  await page.waitForFunction(() => document.querySelector('dvk-chart')?.getAttribute('state') !== 'loading', undefined, { timeout: 30_000 });
}

describe('accessibility', () => {
  it('axe-core finds no violation of any impact on the dashboard, the embed page and the example portal', async () => {
    // The check itself finds one where there is one: a picture without words.
    const probe = await browser.newPage();
    await probe.setContent('<!doctype html><html lang="vi"><head><title>Ảnh</title></head><body><main><img src="data:,"></main></body></html>');
    expect(await accessibilityViolations(probe)).toContainEqual(expect.stringMatching(/^image-alt \(critical\): \["img"\]$/));
    await probe.close();
    const { page } = await openCounting('/dashboard?unit=06&year=2019');
    await ready(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    // With every card's data tables open, and in English.
    for (const toggle of await page.locator('button[data-action="toggle-table"]').all()) await toggle.click();
    await page.locator('button[data-action="toggle-lang"]').click();
    await page.waitForURL((url) => url.searchParams.get('lang') === 'en');
    await ready(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${servers.api}/embed/chart?token=${servers.tokens.ntm}&year=2019`);
    await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${servers.portal}/portal.html`);
    await page.waitForFunction(() => [...document.querySelectorAll('dvk-chart')].every((widget) => widget.getAttribute('state') === 'ready'), undefined, {
      timeout: 30_000,
    });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('the widgets', () => {
  it('render three charts on a portal page served from another origin, each on its embed token', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const failures: string[] = [];
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await page.goto(`${servers.portal}/portal.html`);
    await page.waitForFunction(
      () => {
        const widgets = [...document.querySelectorAll('dvk-chart')];
        return widgets.length === 3 && widgets.every((widget) => widget.getAttribute('state') === 'ready');
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(new URL(page.url()).origin).not.toBe(servers.api);
    // Each widget's data table holds the API's numbers for what its token grants.
    const grants = [portalWidgets.ntm, portalWidgets.satisfaction, portalWidgets.plans];
    for (const [index, grant] of grants.entries()) {
      const widget = await widgetView(page, `dvk-chart >> nth=${index}`);
      expect([widget.indicator, widget.unit, widget.grant?.chart]).toEqual([grant.indicator, grant.unit, grant.chart]);
      expect(widget.rows.length).toBeGreaterThan(0);
      const coverage = await coverageOf(grant.indicator, grant.unit, widget.year!);
      expect(widget.value).toBe(formatPercent(coverage.ratio, 'vi'));
      const rows = await page
        .locator('dvk-chart')
        .nth(index)
        .locator('table[part="data-table"] tbody tr')
        .evaluateAll((elements) =>
          elements.map((row) => ({
            key: row.getAttribute('data-key'),
            numerator: row.querySelector('[data-field="numerator"]')?.textContent,
            denominator: row.querySelector('[data-field="denominator"]')?.textContent,
          })),
        );
      const byUnit = new Map(coverage.breakdown.map((group) => [group.unit.code, group]));
      for (const row of rows) {
        const group = byUnit.get(row.key!);
        if (!group) continue; // a line chart's rows are years
        expect(Number(row.numerator?.replace(/\D/g, ''))).toBe(group.numerator);
        expect(Number(row.denominator?.replace(/\D/g, ''))).toBe(group.denominator);
      }
    }
    // The iframe, framed by the portal's origin (the API's CSP lists it), shows its own token's chart.
    await page.frameLocator('aside iframe').locator('dvk-chart[state="ready"]').waitFor({ timeout: 30_000 });
    expect(failures).toEqual([]);
    await page.screenshot({ path: `${artifacts}/portal.png`, fullPage: true });
    await page.close();
  });

  it('export their numbers as CSV, and answer in the iframe page too', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 }, acceptDownloads: true });
    await page.goto(`${servers.api}/embed/chart?token=${servers.tokens.ntm}&year=2019`);
    await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('dvk-chart').locator('button[part="csv"]').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const coverage = await coverageOf('COMMUNE_NTM_EFFECTIVE', '06', 2019);
    for (const group of coverage.breakdown) expect(csv).toMatch(new RegExp(`${group.unit.code},[^\\r\\n]*,${group.numerator},${group.denominator},`));
    await page.screenshot({ path: `${artifacts}/embed.png` });
    await page.close();
  });

  it("show their token's chart whatever a page does to their attributes, and refuse a year outside it", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    const bodies: unknown[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') bodies.push(request.postDataJSON());
    });
    // The bar chart of COMMUNE_NTM_EFFECTIVE for Bắc Kạn (06), 2015–2019.
    await page.goto(`${servers.api}/embed/chart?token=${servers.tokens.ntm}&year=2019`);
    await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
    const districts = (await coverageOf('COMMUNE_NTM_EFFECTIVE', '06', 2018)).breakdown.map((group) => group.unit.code);

    // Another unit, indicator and chart type, and a new year within the token's range to make it ask again.
    await setAttributes(page, { unit: '066', indicator: 'PLAN_COVERAGE', type: 'line', year: '2018' });
    const tampered = await widgetView(page);
    expect(tampered).toMatchObject({ state: 'ready', indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', year: 2018, chartType: 'bar' });
    expect(tampered.grant).toEqual({ chart: 'bar', fromYear: 2015, toYear: 2019 });
    expect(tampered.value).toBe(formatPercent((await coverageOf('COMMUNE_NTM_EFFECTIVE', '06', 2018)).ratio, 'vi'));
    expect(tampered.rows).toEqual(expect.arrayContaining(districts));

    // Without a year, the token's last one.
    await setAttributes(page, { year: null });
    expect(await widgetView(page)).toMatchObject({ state: 'ready', unit: '06', year: 2019 });

    // A year outside the token's range: an error, and no figures at all.
    await setAttributes(page, { year: '2021' });
    const refused = await widgetView(page);
    expect(refused).toMatchObject({ state: 'error', figureShown: false });
    expect(refused.message).toContain('Mã nhúng không cho phép hiển thị số liệu năm 2021.');
    expect(await page.locator('dvk-chart').locator('button[part="retry"]').count()).toBe(0);

    // Without its token the element says what it needs, without asking the API.
    const asked = bodies.length;
    await setAttributes(page, { token: null });
    expect((await widgetView(page)).message).toContain('Biểu đồ cần một mã nhúng');
    expect(bodies).toHaveLength(asked);

    // Every request was the persisted operation, by its hash alone, with the year as its only variable.
    expect(bodies.length).toBe(4);
    for (const body of bodies) {
      expect(body).toEqual({ extensions: { persistedQuery: { version: 1, sha256Hash: EMBEDDED_CHART_HASH } }, variables: expect.any(Object) });
    }
    expect(bodies.map((body) => (body as { variables: object }).variables)).toEqual([{ year: 2019 }, { year: 2018 }, {}, { year: 2021 }]);
    await page.close();
  });

  it('say a year whose records are not entered is not reported, never 0 %, and leave its point out of the line', async () => {
    const { token } = await embedTokenFor(db, { indicator: 'MODELS_REVIEWED', unit: '06', fromYear: 2022, toYear: 2025, chart: 'line' });
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.goto(`${servers.api}/embed/chart?token=${token}&year=2025`);
    await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
    expect((await coverageOf('MODELS_REVIEWED', '06', 2025)).numerator).toBe(0);
    const widget = page.locator('dvk-chart');
    expect(await widget.locator('[part="status"]').getAttribute('data-status')).toBe('NOT_REPORTED');
    expect(await widget.locator('[part="status"]').innerText()).toBe('Chưa báo cáo');
    expect(await widget.locator('[part="value"]').innerText()).toBe('–');
    const line = await page.$eval(
      'dvk-chart',
      (element) => (element as HTMLElement & { chart: { data: { datasets: { data: (number | null)[] }[] } } }).chart.data.datasets[0]!.data,
    );
    expect(line.at(-1)).toBeNull();
    expect(line.slice(0, -1).every((value) => typeof value === 'number')).toBe(true);
    await page.close();
  });

  it('stop showing data once their token is revoked', async () => {
    const { id, token } = await embedTokenFor(db, { indicator: 'SATISFACTION', unit: '066', fromYear: 2020, toYear: 2024, chart: 'line' });
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.goto(`${servers.api}/embed/chart?token=${token}&lang=en`);
    await page.waitForSelector('dvk-chart[state="ready"]', { timeout: 30_000 });
    expect(await widgetView(page)).toMatchObject({ unit: '066', year: 2024, chartType: 'line', rows: ['2020', '2021', '2022', '2023', '2024'] });

    await revokeEmbedToken(db, id);
    await setAttributes(page, { year: '2023' });
    const revoked = await widgetView(page);
    expect(revoked).toMatchObject({ state: 'error', figureShown: false });
    expect(revoked.message).toBe('This chart’s link was withdrawn.');
    await page.close();
  });
});
