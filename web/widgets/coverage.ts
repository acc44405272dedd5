// The one GraphQL operation a widget sends per render, and the shape of its answer.
import { graphqlRequest } from '../shared/api.ts';
import type { Counts, CoverageHead, SeriesPoint, UnitRef, Words } from '../shared/coverage.ts';

export type { CoverageStatus } from '../shared/coverage.ts';

export interface BreakdownItem extends Counts {
  unit: UnitRef;
  group: { label: Words; isUnitItself: boolean } | null;
}

export type SeriesItem = SeriesPoint;

export interface CoverageData extends CoverageHead {
  unit: UnitRef;
  year: number;
  /** Asked for every type but the line chart. */
  breakdown?: BreakdownItem[];
  /** Only asked for the line chart. */
  series?: SeriesItem[];
}

// @include keeps one static operation while asking the breakdown and the series only of the widgets that
// draw them: a ten-year series costs the server ten coverages.
const coverageQuery = `query DvkChart($indicator: String!, $unit: String!, $year: Int!, $withBreakdown: Boolean!, $withSeries: Boolean!) {
  coverage(indicator: $indicator, unit: $unit, period: { year: $year }) {
    indicator { code nameVi nameEn denominator { vi en } }
    unit { code name }
    year numerator denominator ratio target gap shortfall status counts
    definition { vi en }
    breakdown(by: CHILD_UNITS) @include(if: $withBreakdown) {
      unit { code name } group { label { vi en } isUnitItself } numerator denominator ratio target status
    }
    series @include(if: $withSeries) { year numerator denominator ratio target status }
  }
}`;

export interface CoverageRequest {
  indicator: string;
  unit: string;
  year: number;
  withBreakdown: boolean;
  withSeries: boolean;
  /** A signed embed token, once public widgets require one (the API ignores it today). */
  token?: string;
}

/** The coverage, or null when the indicator or the unit code names nothing. */
export async function fetchCoverage(endpoint: string, request: CoverageRequest, signal: AbortSignal): Promise<CoverageData | null> {
  const { token, ...variables } = request;
  const data = await graphqlRequest<{ coverage: CoverageData | null }>(endpoint, coverageQuery, variables, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal,
  });
  return data.coverage;
}
