// The two charts of a card, on the shared ChartView, with the text a screen reader gets instead.
import type { Chart } from 'chart.js';
import type { ChartView, Point } from '../shared/charts.ts';
import { formatFraction, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { BreakdownGroup, Coverage, UnitKind } from './queries.ts';
import { axisName, countedNoun, wordsIn } from './words.ts';

/** The canvas carries its Chart.js instance, so that a browser test can find where a bar is drawn. */
export type ChartCanvas = HTMLCanvasElement & { chart?: Chart };

const territorialKinds = new Set<UnitKind>(['COUNTRY', 'PROVINCE', 'DISTRICT', 'TOWNSHIP', 'WARD', 'COMMUNE']);

/**
 * The breakdown in reading order: the unit itself, then its districts or communes, then its agencies and
 * organisations. The API sorts by code, which puts a province's agencies ("06.CQ01") between its first
 * district ("058") and the others ("060"…).
 */
export function orderedGroups(breakdown: BreakdownGroup[]): BreakdownGroup[] {
  const rank = (group: BreakdownGroup) => (group.group.isUnitItself ? 0 : territorialKinds.has(group.unit.kind) ? 1 : 2);
  return breakdown
    .map((group, index) => ({ group, index }))
    .sort((a, b) => rank(a.group) - rank(b.group) || a.index - b.index)
    .map(({ group }) => group);
}

/**
 * The groups drawn as bars: the units below that have something to count. The unit itself is not a place
 * to drill to, and a province's thirty agencies have no communes: empty slots would only crowd the axis.
 * The table keeps every group.
 */
export function barGroups(breakdown: BreakdownGroup[]): BreakdownGroup[] {
  return orderedGroups(breakdown).filter((group) => !group.group.isUnitItself && group.denominator > 0);
}

interface BarDatasetPatch {
  minBarLength?: number;
}

interface ChartOptionsPatch {
  scales?: { x?: { ticks?: { callback?: (value: unknown, index: number) => string; font?: { size: number } } } };
  plugins?: { tooltip?: { callbacks?: { label?: (item: { dataIndex: number }) => string } } };
}

/**
 * Adjusts what the shared bar chart cannot be told: short axis names (the tooltip keeps the full one), a
 * tooltip that gives the fraction too, and a sliver for a 0 % bar, which is the unit a leader must see
 * first and which would otherwise be an empty slot. ChartView.render replaces data and options, so this
 * runs after each render.
 */
function patchBarOptions(chart: Chart, groups: BreakdownGroup[], noun: string, lang: Lang): void {
  const dataset = chart.data.datasets[0] as BarDatasetPatch | undefined;
  if (dataset) dataset.minBarLength = 3;
  const options = chart.options as ChartOptionsPatch;
  const ticks = options.scales?.x?.ticks;
  if (ticks) {
    ticks.callback = (_value, index) => axisName(groups[index]?.unit.name ?? '');
    ticks.font = { size: groups.length > 16 ? 10 : 11 };
  }
  const callbacks = options.plugins?.tooltip?.callbacks;
  if (callbacks) {
    callbacks.label = (item) => {
      const group = groups[item.dataIndex];
      return group ? `${formatPercent(group.ratio, lang)} (${formatFraction(group.numerator, group.denominator, noun, lang)})` : '';
    };
  }
  chart.update('none');
}

function breakdownSummary(coverage: Coverage, groups: BreakdownGroup[], lang: Lang): string {
  if (groups.length === 0) return t('dashChartNoUnits', lang);
  const parts = [t('dashChartUnits', lang, { n: groups.length })];
  if (coverage.target != null) {
    const met = groups.filter((group) => group.status === 'MET').length;
    parts.push(t('dashChartMetBelow', lang, { met, below: groups.filter((group) => group.status === 'BELOW_TARGET').length }));
  }
  const measured = groups.filter((group) => group.ratio != null);
  const low = measured.reduce<BreakdownGroup | undefined>((best, group) => (!best || group.ratio! < best.ratio! ? group : best), undefined);
  const high = measured.reduce<BreakdownGroup | undefined>((best, group) => (!best || group.ratio! > best.ratio! ? group : best), undefined);
  if (low && high && low !== high) {
    parts.push(
      t('dashChartRange', lang, {
        low: `${wordsIn(low.group.label, lang)} ${formatPercent(low.ratio, lang)}`,
        high: `${wordsIn(high.group.label, lang)} ${formatPercent(high.ratio, lang)}`,
      }),
    );
  }
  if (coverage.target != null) parts.push(`${t('target', lang).toLocaleLowerCase(lang)} ${formatPercent(coverage.target, lang)}`);
  return `${t('dashChartBreakdown', lang)}: ${parts.join('; ')}.`;
}

function seriesSummary(coverage: Coverage, lang: Lang): string {
  const values = coverage.series.map((point) => `${point.year} ${formatPercent(point.ratio, lang)}`).join(', ');
  const target = coverage.target != null ? `; ${t('target', lang).toLocaleLowerCase(lang)} ${formatPercent(coverage.target, lang)}` : '';
  return `${t('dashChartSeries', lang)}: ${values}${target}.`;
}

export function drawBreakdown(view: ChartView, coverage: Coverage, groups: BreakdownGroup[], lang: Lang, onPick: (group: BreakdownGroup) => void): void {
  const points: Point[] = groups.map((group) => ({ label: wordsIn(group.group.label, lang), ratio: group.ratio, target: group.target }));
  const chart = view.render({
    kind: 'bar',
    points,
    target: coverage.target,
    lang,
    onPick: (index) => {
      const group = groups[index];
      if (group) onPick(group);
    },
  });
  patchBarOptions(chart, groups, countedNoun(coverage, lang), lang);
  const canvas = view.canvas as ChartCanvas;
  canvas.chart = chart;
  canvas.setAttribute('aria-label', breakdownSummary(coverage, groups, lang));
  // The bar order, for anyone (a test, an assistive script) who must map a bar to its unit.
  canvas.dataset.units = groups.map((group) => group.unit.code).join(' ');
}

export function drawSeries(view: ChartView, coverage: Coverage, lang: Lang): void {
  const points: Point[] = coverage.series.map((point) => ({ label: String(point.year), ratio: point.ratio, target: point.target }));
  const chart = view.render({ kind: 'line', points, target: coverage.target, lang });
  (view.canvas as ChartCanvas).chart = chart;
  view.canvas.setAttribute('aria-label', seriesSummary(coverage, lang));
}
