// The coverage budget (src/server/budget.ts): an operation whose breakdowns, series and missing lists
// multiply beyond what one request may compute is refused before it runs, with its estimate in the
// message; the operations the dashboard, GraphiQL and the widgets send still answer, the national
// overview among them, well within the budget.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueEmbedToken } from '../../src/access/accounts.ts';
import { UnitTree } from '../../src/units/unit-tree.ts';
import type { Database } from '../../src/db/client.ts';
import { createDatabase } from '../../src/db/client.ts';
import { buildNationalTree } from '../../src/demo/national/units.ts';
import { EMBEDDED_CHART_HASH } from '../../src/embed/operation.ts';
import { DEMO_CATALOGUE } from '../../src/indicators/catalogue.ts';
import { schema } from '../../src/schema/index.ts';
import { COVERAGE_BUDGET, estimateOperation } from '../../src/server/budget.ts';
import { dashboardQuery } from '../../src/server/yoga.ts';
import { demoCopy, type TestDatabase } from '../support/databases.ts';
import { post, statementsSent } from '../support/graphql.ts';
import { nationalAdmin, signedInAs, testKeys, testServer } from '../support/viewers.ts';

// The web dashboard's operation, as its module sends it: its request is caught here, not sent.
const sent = vi.hoisted(() => [] as { query: string; variables: Record<string, unknown> }[]);
vi.mock('../../web/shared/session.ts', async () => {
  const { print } = await import('@0no-co/graphql.web');
  return {
    request: async (document: Parameters<typeof print>[0], variables: Record<string, unknown>) => {
      sent.push({ query: print(document), variables });
      return { unit: null, dashboard: null };
    },
  };
});
const { loadView } = await import('../../web/dashboard/queries.ts');

async function webDashboardOperation(unit: string, year: number) {
  sent.length = 0;
  await loadView({ unit, year, lang: 'vi' });
  return sent[0]!;
}

const breakdownOfBreakdowns = (missing: boolean) => `{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2019 }) {
  breakdown(by: CHILD_UNITS) { breakdown(by: CHILD_UNITS) {
    series(from: 1990) { year ratio ${missing ? 'missing(first: 5) { totalCount edges { node { unit { code } } } }' : ''} } } } } }`;
const everyIndicatorByChildrenOverThirtyYears = `{ dashboard(unit: "06", year: 2019) { coverages { breakdown(by: CHILD_UNITS) { series(from: 1990) { year ratio } } } } }`;

describe('the coverage budget', () => {
  let database: TestDatabase;
  let db: Database;

  const keptRows = () => db.unitTally.count();
  function expectRefused(answer: Awaited<ReturnType<typeof post>>) {
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    const [error] = answer.body.errors ?? [];
    expect(error?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // The estimate and the budget, each a number, and what to ask instead.
    expect(error?.message).toMatch(new RegExp(`estimated at [\\d,]+ .*budget of ${COVERAGE_BUDGET.toLocaleString('en')}`));
    const estimate = Number(/estimated at ([\d,]+)/.exec(error!.message)![1]!.replace(/,/g, ''));
    expect(estimate).toBeGreaterThan(COVERAGE_BUDGET);
    expect(error?.message).toMatch(/ask for/i);
  }

  beforeAll(async () => {
    database = await demoCopy('sqlite');
    db = createDatabase(database.url);
    await db.unitTally.deleteMany();
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('refuses a breakdown of breakdowns with thirty-year series, with or without missing lists, before computing anything', async () => {
    const authorization = await signedInAs(db, 'test.admin');
    for (const missing of [true, false]) {
      let answer!: Awaited<ReturnType<typeof post>>;
      const statements = await statementsSent(db, async () => (answer = await post(db, breakdownOfBreakdowns(missing), {}, authorization)));
      expectRefused(answer);
      // The data version, the session and the unit tree with its links: no fact, no kept tally.
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.filter((sql) => /"(Model|Evaluation|Plan|SatisfactionSurvey|NewRuralStatus|UnitTally)"/.test(sql.replace(/`/g, '"')))).toEqual([]);
    }
    expect(await keptRows()).toBe(0);
  });

  it('refuses every indicator broken down by child units, each with a thirty-year series', async () => {
    expectRefused(await post(db, everyIndicatorByChildrenOverThirtyYears));
    expectRefused(
      await post(db, `query($from: Int) { dashboard(unit: "06", year: 2019) { coverages { breakdown(by: CHILD_UNITS) { series(from: $from) { year } } } } }`, {
        from: 1990,
      }),
    );
    // Aliases and fragments count like the fields they stand for.
    const aliased = `fragment Trend on Coverage { series(from: 1995) { ratio } }
      { a: coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2019 }) { breakdown(by: CHILD_UNITS) { breakdown(by: CHILD_UNITS) { ...Trend } } }
        b: coverage(indicator: "PLAN_COVERAGE", unit: "06", period: { year: 2019 }) { breakdown(by: CHILD_UNITS) { breakdown(by: CHILD_UNITS) { ... on Coverage { ...Trend } } } } }`;
    expectRefused(await post(db, aliased));
    expect(await keptRows()).toBe(0);
  });

  it('answers the web dashboard, GraphiQL’s dashboard and a widget', async () => {
    const web = await webDashboardOperation('06', 2019);
    const dashboard = await post(db, web.query, web.variables);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.errors).toBeUndefined();
    expect(dashboard.body.data.dashboard.coverages).toHaveLength(DEMO_CATALOGUE.indicators.length);
    expect(dashboard.body.data.dashboard.coverages[0].series).toHaveLength(10);

    const graphiql = await post(db, dashboardQuery, { unit: '066', year: 2019 });
    expect(graphiql.body.errors).toBeUndefined();
    expect(graphiql.body.data.dashboard.coverages[0].breakdown.length).toBeGreaterThan(1);

    const grant = { indicator: 'COMMUNE_NTM_EFFECTIVE', unit: '06', fromYear: 1995, toYear: 2024, chart: 'line' as const };
    const { token } = await issueEmbedToken(db, testKeys, grant, { days: 30, issuedBy: 'test' });
    const response = await testServer(db).fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: EMBEDDED_CHART_HASH } }, variables: {} }),
    });
    const widget = (await response.json()) as { data?: any; errors?: unknown };
    expect(widget.errors).toBeUndefined();
    expect(widget.data.embeddedChart.series).toHaveLength(30);
  });

  it('keeps the national overview of the web dashboard well within the budget, and counts what multiplies', async () => {
    const national = buildNationalTree(7);
    const ids = new Map(national.units.map((unit) => [unit.code, unit.id]));
    const links = national.parentLinks.map((link) => ({
      unitId: ids.get(link.unitCode)!,
      parentId: ids.get(link.parentCode)!,
      validFrom: link.validFrom,
      validTo: link.validTo,
    }));
    const tree = new UnitTree(national.units, links, []);
    const world = {
      viewer: nationalAdmin,
      tree: async () => tree,
      indicators: async () => DEMO_CATALOGUE.indicators.length,
      fields: async () => 12,
    };
    const estimate = async (query: string, variables: Record<string, unknown> = {}) =>
      estimateOperation({ schema, document: parse(query), variableValues: variables }, world);

    const web = await webDashboardOperation('VN', 2024);
    const overview = await estimate(web.query, web.variables);
    // Every indicator, its 63 provinces (and the country itself, at most) in the year and the year before, ten years and a missing list.
    expect(overview.coverages).toBe(DEMO_CATALOGUE.indicators.length * (1 + 2 * 64 + 10));
    expect(overview.missingLists).toBe(DEMO_CATALOGUE.indicators.length);
    expect(overview.cost).toBeLessThan(COVERAGE_BUDGET / 4);
    expect((await estimate(dashboardQuery, { unit: 'VN', year: 2024 })).cost).toBeLessThan(COVERAGE_BUDGET / 4);
    // A kind of unit is counted from the records, over the whole subtree: the country's is refused.
    expect((await estimate(`{ dashboard(unit: "VN", year: 2024) { coverages { breakdown(by: UNIT_KIND) { ratio } } } }`)).cost).toBeGreaterThan(
      COVERAGE_BUDGET,
    );
    expect((await estimate(`{ dashboard(unit: "VN", year: 2024) { coverages { breakdown(by: CHILD_UNITS) { series { ratio } } } } }`)).cost).toBeGreaterThan(
      COVERAGE_BUDGET,
    );
    // The year before counts as much again, what is below it too.
    const province = `coverage(indicator: "X", unit: "06", period: { year: 2019 })`;
    const [once, twice] = await Promise.all([
      estimate(`{ ${province} { breakdown(by: CHILD_UNITS) { series { ratio } } } }`),
      estimate(`{ ${province} { breakdown(by: CHILD_UNITS) { series { ratio } } yearBefore { breakdown(by: CHILD_UNITS) { series { ratio } } } } }`),
    ]);
    expect(twice.coverages).toBe(2 * once.coverages);
    // A code that names no unit answers null: nothing below it is computed.
    expect(
      (await estimate(`{ coverage(indicator: "X", unit: "nowhere", period: { year: 2019 }) { series(from: 1995) { breakdown(by: CHILD_UNITS) { ratio } } } }`))
        .coverages,
    ).toBe(1);
  });
});
