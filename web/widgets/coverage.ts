// The one GraphQL operation a widget sends per render, and the shape of its answer.
import { graphqlRequest } from '../shared/api.ts';

export type CoverageStatus = 'MET' | 'BELOW_TARGET' | 'NO_TARGET' | 'NO_DATA';
export type CountedThing = 'UNITS' | 'MODELS' | 'RESPONDENTS';

interface Words {
  vi: string;
  en: string;
}

interface Counts {
  numerator: number;
  denominator: number;
  ratio: number | null;
  target: number | null;
  status: CoverageStatus;
}

export interface BreakdownItem extends Counts {
  unit: { code: string; name: string };
  group: { label: Words; isUnitItself: boolean } | null;
}

export interface SeriesItem extends Counts {
  year: number;
}

export interface CoverageData extends Counts {
  indicator: { code: string; nameVi: string; nameEn: string; denominator: Words };
  unit: { code: string; name: string };
  year: number;
  gap: number | null;
  shortfall: number | null;
  counts: CountedThing;
  definition: Words;
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
