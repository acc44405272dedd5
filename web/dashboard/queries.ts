// The GraphQL operations of the dashboard. A whole view (the unit with its breadcrumb and every card's
// numbers, missing list, breakdown and series) is ONE operation: DESIGN.md §4, unlike DHIS2's request per
// item. Other requests happen only on a user's action: signing in (session.ts), typing in the unit search,
// downloading a list. Each carries the signed-in user's token, and the API answers within their area.
import {
  type Counts,
  type CoverageHead,
  markUnreported,
  type Reportable,
  type Reported,
  type SeriesPoint,
  type UnitKind,
  type UnitRef,
  type Words,
} from '../shared/coverage.ts';
import { graphql } from '../shared/graphql.ts';
import { request } from '../shared/session.ts';
import { asOfYear, type ViewState } from './state.ts';

/** How many missing units a card lists before "và N đơn vị khác". */
export const missingShown = 5;

/** The API's largest page (docs/api.md), so that downloading a long list takes as few requests as possible. */
const missingPageSize = 100;

// The dashboard's modules read the shared shapes through this module, beside the view's own.
export type { CountedThing, CoverageStatus, SeriesPoint, UnitKind, UnitRef, Words } from '../shared/coverage.ts';

export interface MissingItem {
  unit: UnitRef;
  model: { title: string } | null;
}

export interface MissingPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: MissingItem }[];
}

export interface BreakdownGroup extends Counts, Reported {
  /** How many more must meet the indicator for the group to reach the target; null without one. */
  shortfall: number | null;
  unit: UnitRef & { kind: UnitKind };
  group: { isUnitItself: boolean; label: Words };
  /** The same unit's group a year earlier; null when it lay outside the reader's area then (Coverage.yearBefore). */
  yearBefore: (Counts & Reported) | null;
}

export interface Coverage extends CoverageHead, Reported {
  missing: MissingPage;
  breakdown: BreakdownGroup[];
  series: (SeriesPoint & Reported)[];
}

export interface ViewUnit {
  code: string;
  name: string;
  kind: UnitKind;
  validFrom: string | null;
  validTo: string | null;
  ancestors: UnitRef[];
  /** Where to go when the unit did not exist in the year: the units it became, or came from. */
  successors: UnitRef[];
  predecessors: UnitRef[];
}

export interface ViewData {
  /** Null when the code names no unit. */
  unit: ViewUnit | null;
  dashboard: { year: number; coverages: Coverage[] } | null;
}

const missingFields = graphql(`
  fragment MissingFields on MissingConnection { totalCount pageInfo { hasNextPage endCursor } edges { node { unit { code name } model { title } } } }
`);

const viewQuery = graphql(
  `
  query DashboardView($unit: String!, $year: Int!, $missingFirst: Int!) {
    unit(code: $unit) {
      code name kind validFrom validTo
      successors { code name }
      predecessors { code name }
    }
    dashboard(unit: $unit, year: $year) {
      year
      ancestors { code name }
      coverages {
        indicator { code nameVi nameEn denominator { vi en } }
        counts numerator denominator records ratio target gap shortfall status
        definition { vi en }
        missing(first: $missingFirst) { ...MissingFields }
        breakdown(by: CHILD_UNITS) {
          unit { code name kind }
          group { isUnitItself label { vi en } }
          numerator denominator records ratio target shortfall status
          yearBefore { numerator denominator records ratio target status }
        }
        series { year ratio target numerator denominator records status }
      }
    }
  }
`,
  [missingFields],
);

/** A breakdown's coverage answers its group: Coverage.group is null only outside a breakdown. */
function inBreakdown<Group extends { group: unknown }>(group: Group): Group & { group: NonNullable<Group['group']> } {
  if (!group.group) throw new Error('The API answered a breakdown group without its group');
  return group as Group & { group: NonNullable<Group['group']> };
}

export async function loadView(state: ViewState): Promise<ViewData> {
  const answer = await request(viewQuery, { unit: state.unit, year: state.year, missingFirst: missingShown });
  // The API's answer as the page reads it: the compiler holds the query's answer to ViewData. The
  // breadcrumb is read on the API's day for the year (a unit's last day if it ended that year).
  const { unit, dashboard } = answer;
  const data: ViewData = {
    unit: unit && { ...unit, ancestors: dashboard?.ancestors ?? [] },
    dashboard: dashboard && {
      ...dashboard,
      coverages: dashboard.coverages.map((coverage) => ({ ...coverage, breakdown: coverage.breakdown.map(inBreakdown) })),
    },
  };
  for (const coverage of data.dashboard?.coverages ?? []) {
    markUnreported(coverage);
    // A trend's year, as the unit's own; not a breakdown's group: a commune without a plan has no record of
    // it either, and is the shortfall a bar must show (the overview says which units reported nothing).
    coverage.series.forEach(markUnreported);
    // A change from a year not reported would be no change at all: that year has no ratio.
    for (const group of coverage.breakdown) if (group.yearBefore) markUnreported(group.yearBefore);
  }
  return data;
}

const yearQuery = graphql(`
  query DashboardYear($unit: String!, $year: Int!) {
    dashboard(unit: $unit, year: $year) { coverages { indicator { code } denominator records ratio status } }
  }
`);

/** What a comparison reads of another year, by indicator code: its ratio, or that it was not reported. */
export type YearNumbers = Map<string, Reportable>;

/** Another year's numbers of the unit, for a comparison, marked when not reported. */
export async function loadYear(unit: string, year: number): Promise<YearNumbers> {
  const data: { dashboard: { coverages: (Reportable & { indicator: { code: string } })[] } | null } = await request(yearQuery, { unit, year });
  const coverages = data.dashboard?.coverages ?? [];
  coverages.forEach(markUnreported);
  return new Map(coverages.map((coverage) => [coverage.indicator.code, coverage]));
}

const missingQuery = graphql(
  `
  query MissingPage($indicator: String!, $unit: String!, $year: Int!, $first: Int!, $after: String) {
    coverage(indicator: $indicator, unit: $unit, period: { year: $year }) {
      missing(first: $first, after: $after) { ...MissingFields }
    }
  }
`,
  [missingFields],
);

/**
 * Every missing item of one coverage, page by page (a list can run to thousands of models). `onProgress`
 * lets the button say how far it has got.
 */
export async function loadAllMissing(
  indicator: string,
  unit: string,
  year: number,
  onProgress: (loaded: number, total: number) => void,
): Promise<MissingItem[]> {
  const items: MissingItem[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { coverage: { missing: MissingPage } | null } = await request(missingQuery, { indicator, unit, year, first: missingPageSize, after });
    if (!data.coverage) throw new Error(`No coverage for ${indicator} ${unit} ${year}`);
    const page = data.coverage.missing;
    items.push(...page.edges.map((edge) => edge.node));
    onProgress(items.length, page.totalCount);
    // An empty page ends the loop too, so that a server bug cannot make it spin.
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || page.edges.length === 0) return items;
    after = page.pageInfo.endCursor;
  }
}

export interface UnitMatch {
  code: string;
  name: string;
  kind: UnitKind;
  /** Tells namesakes apart: communes of different districts can share a name. */
  parent: { name: string } | null;
}

const searchQuery = graphql(`
  query UnitSearch($search: String!, $asOf: Date!, $first: Int!) {
    units(search: $search, asOf: $asOf, first: $first) {
      totalCount
      edges { node { code name kind parent(asOf: $asOf) { name } } }
    }
  }
`);

export async function searchUnits(search: string, year: number, first = 10): Promise<{ matches: UnitMatch[]; totalCount: number }> {
  const data: { units: { totalCount: number; edges: { node: UnitMatch }[] } } = await request(searchQuery, { search, asOf: asOfYear(year), first });
  return { matches: data.units.edges.map((edge) => edge.node), totalCount: data.units.totalCount };
}
