// The two charts of a card, on the shared ChartView, with the text a screen reader gets instead.
import type { Chart } from 'chart.js';
import type { ChartView, Point } from '../shared/charts.ts';
import { formatFraction, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { UNIT_FAMILIES } from '../../src/units/kinds.ts';
import type { BreakdownGroup, Coverage, Words } from './queries.ts';
import { axisName, countedNoun, wordsIn } from './words.ts';

/** The canvas carries its Chart.js instance, so that a browser test can find where a bar is drawn. */
export type ChartCanvas = HTMLCanvasElement & { chart?: Chart };

/** One family of the units below (src/units/kinds.ts UNIT_FAMILIES), ranked lagging first. */
export interface Family {
  code: string;
  words: Words;
  /** Every unit of the family below, lagging first. */
  groups: BreakdownGroup[];
  /** Those with something to count: the bars. A province's thirty agencies have no communes; empty slots would crowd the axis. */
  bars: BreakdownGroup[];
}

/** The lagging first: the lowest ratio, then the units with nothing to count; the API's order (by code) among equals. */
function lagging(groups: BreakdownGroup[]): BreakdownGroup[] {
  const rank = (group: BreakdownGroup) => group.ratio ?? Number.POSITIVE_INFINITY;
  return groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => rank(a.group) - rank(b.group) || a.index - b.index)
    .map(({ group }) => group);
}

/** The units below the unit itself, by family, each ranked lagging first; families with no unit are left out. */
export function families(breakdown: BreakdownGroup[]): Family[] {
  const below = breakdown.filter((group) => !group.group.isUnitItself);
  return UNIT_FAMILIES.map(({ code, kinds, words }) => {
    const groups = lagging(below.filter((group) => kinds.includes(group.unit.kind)));
    return { code, words, groups, bars: groups.filter((group) => group.denominator > 0) };
  }).filter((family) => family.groups.length > 0);
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

function breakdownSummary(coverage: Coverage, family: Family | undefined, groups: BreakdownGroup[], lang: Lang): string {
  if (!family || groups.length === 0) return t('dashChartNoUnits', lang);
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
  return `${t('dashChartBreakdown', lang)} (${wordsIn(family.words, lang).toLocaleLowerCase(lang)}, ${t('dashLaggingFirst', lang)}): ${parts.join('; ')}.`;
}

function seriesSummary(coverage: Coverage, lang: Lang): string {
  const values = coverage.series.map((point) => `${point.year} ${formatPercent(point.ratio, lang)}`).join(', ');
  const target = coverage.target != null ? `; ${t('target', lang).toLocaleLowerCase(lang)} ${formatPercent(coverage.target, lang)}` : '';
  return `${t('dashChartSeries', lang)}: ${values}${target}.`;
}

export function drawBreakdown(view: ChartView, coverage: Coverage, family: Family | undefined, lang: Lang, onPick: (group: BreakdownGroup) => void): void {
  const groups = family?.bars ?? [];
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
  canvas.setAttribute('aria-label', breakdownSummary(coverage, family, groups, lang));
  // The bar order, for anyone (a test, an assistive script) who must map a bar to its unit.
  canvas.dataset.units = groups.map((group) => group.unit.code).join(' ');
}

export function drawSeries(view: ChartView, coverage: Coverage, lang: Lang): void {
  const points: Point[] = coverage.series.map((point) => ({ label: String(point.year), ratio: point.ratio, target: point.target }));
  const chart = view.render({ kind: 'line', points, target: coverage.target, lang });
  (view.canvas as ChartCanvas).chart = chart;
  view.canvas.setAttribute('aria-label', seriesSummary(coverage, lang));
}
