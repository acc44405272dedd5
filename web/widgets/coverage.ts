// The one request a widget sends per render: the persisted operation an embed token may run, known to the
// server by its hash (src/embed/operation.ts, imported rather than copied so that both sides agree). The
// token decides the indicator, the unit, the years and the chart; the widget only picks a year among them.
import { EMBEDDED_CHART_HASH, WIDGET_HEADER } from '../../src/embed/operation.ts';
import { persistedRequest } from '../shared/api.ts';
import { type Counts, type CoverageHead, markUnreported, type Reported, type SeriesPoint, type UnitRef, type Words } from '../shared/coverage.ts';

export type { CoverageStatus } from '../shared/coverage.ts';

export interface BreakdownItem extends Counts {
  unit: UnitRef;
  group: { label: Words; isUnitItself: boolean } | null;
}

export type SeriesItem = SeriesPoint & Reported;

export interface CoverageData extends CoverageHead, Reported {
  unit: UnitRef;
  year: number;
  breakdown: BreakdownItem[];
  /** The token's years up to `year`: the line chart's points. */
  series: SeriesItem[];
}

/** The charts a widget draws (its `type` attribute; an embed token grants one). */
export type WidgetType = 'bar' | 'line' | 'gauge' | 'table';

/** What the token grants beside its indicator and unit (which the coverage names). */
export interface Grant {
  chart: WidgetType;
  fromYear: number;
  toYear: number;
}

/** What the widget reads of the operation's answer (tests/unit/web-documents.test.ts holds the operation to it). */
export interface EmbeddedChart extends Grant {
  coverage: Omit<CoverageData, 'series'> | null;
  series: SeriesItem[];
}

/**
 * The chart the token grants, for `year` or, without one, the token's last year. The coverage is null when
 * the token's indicator or unit has since been removed.
 */
export async function fetchEmbeddedChart(
  endpoint: string,
  token: string,
  year: number | undefined,
  signal: AbortSignal,
): Promise<{ grant: Grant; coverage: CoverageData | null }> {
  const { embeddedChart } = await persistedRequest<{ embeddedChart: EmbeddedChart }>(endpoint, EMBEDDED_CHART_HASH, year === undefined ? {} : { year }, {
    // The mark lets the server answer this page whatever its origin, so that a refusal can be read.
    headers: { authorization: `Bearer ${token}`, [WIDGET_HEADER]: '1' },
    signal,
  });
  const { chart, fromYear, toYear, coverage, series } = embeddedChart;
  // A year whose records are not entered is not reported, as on the dashboard: no ratio, a gap in the line.
  if (coverage) markUnreported(coverage);
  series.forEach(markUnreported);
  return { grant: { chart, fromYear, toYear }, coverage: coverage && { ...coverage, series } };
}

/**
 * Why a request got no answer the page could read, for the developer's console. A browser hides a CORS
 * refusal from scripts: it rejects with the same TypeError as a network failure. A HEAD of the widget script
 * in no-cors mode needs no CORS, so if it gets through, the server is up and CORS withheld its answer.
 */
export async function unreadableCause(endpoint: string, error: Error): Promise<string> {
  const up = await fetch(new URL('/widgets/dvk.js', endpoint), { method: 'HEAD', mode: 'no-cors', cache: 'no-store', credentials: 'omit' }).then(
    () => true,
    () => false,
  );
  return up
    ? `CORS: ${endpoint} is up, but the browser withheld its answer from this page (origin ${location.origin}): it lacked Access-Control-Allow-Origin for this origin. The server grants it to every widget's request, so a proxy in front of it may strip it or answer the preflight (OPTIONS) itself; the browser's own message names the header.`
    : `UNREACHABLE: no answer from ${endpoint} (${error.message}): the server is down or not reachable from this network, or this page's Content-Security-Policy (connect-src) forbids it.`;
}
