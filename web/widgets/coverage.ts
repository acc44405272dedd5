// The one request a widget sends per render: the persisted operation an embed token may run, known to the
// server by its hash (src/embed/operation.ts, imported rather than copied so that both sides agree). The
// token decides the indicator, the unit, the years and the chart; the widget only picks a year among them.
import { EMBEDDED_CHART_HASH } from '../../src/embed/operation.ts';
import { persistedRequest } from '../shared/api.ts';
import type { Counts, CoverageHead, SeriesPoint, UnitRef, Words } from '../shared/coverage.ts';
import type { WidgetType } from './rows.ts';

export type { CoverageStatus } from '../shared/coverage.ts';

export interface BreakdownItem extends Counts {
  unit: UnitRef;
  group: { label: Words; isUnitItself: boolean } | null;
}

export type SeriesItem = SeriesPoint;

export interface CoverageData extends CoverageHead {
  unit: UnitRef;
  year: number;
  breakdown: BreakdownItem[];
  /** The token's years up to `year`: the line chart's points. */
  series: SeriesItem[];
}

/** What the token grants beside its indicator and unit (which the coverage names). */
export interface Grant {
  chart: WidgetType;
  fromYear: number;
  toYear: number;
}

interface EmbeddedChart extends Grant {
  coverage: Omit<CoverageData, 'series'> | null;
  series: SeriesItem[];
}

/**
 * The chart the token grants, for `year` or, without one, the token's last year. The coverage is null when
 * the token's indicator or unit has since been removed.
 */
export async function fetchEmbeddedChart(endpoint: string, token: string, year: number | undefined, signal: AbortSignal): Promise<{ grant: Grant; coverage: CoverageData | null }> {
  const { embeddedChart } = await persistedRequest<{ embeddedChart: EmbeddedChart }>(endpoint, EMBEDDED_CHART_HASH, year === undefined ? {} : { year }, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
  const { chart, fromYear, toYear, coverage, series } = embeddedChart;
  return { grant: { chart, fromYear, toYear }, coverage: coverage && { ...coverage, series } };
}
