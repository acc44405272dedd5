// Two years side by side (issue 17): every indicator's ratio in the view's year and in another the reader
// picks, and the change between them in percentage points. A year of the trend is read from it; another is
// asked for when picked: one request, on the reader's action.
import { formatChange, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { pointsBetween } from '../shared/coverage.ts';
import { type Coverage, loadYear, type YearNumbers } from './queries.ts';
import { indicatorName } from './words.ts';

export function renderCompare(coverages: Coverage[], unit: string, year: number, years: number[], lang: Lang): HTMLElement {
  const select = el('select', { id: 'compare-year', 'data-compare-year': true }, [
    el('option', { value: '' }, [t('dashCompareNone', lang)]),
    ...years.filter((other) => other !== year).map((other) => el('option', { value: String(other) }, [String(other)])),
  ]);
  const result = el('div', { className: 'table-scroll', 'data-compare': true, 'aria-live': 'polite' });
  select.addEventListener('change', () => {
    const other = Number(select.value);
    if (!other) return void result.replaceChildren();
    result.replaceChildren(t('loading', lang));
    yearOf(coverages, unit, other).then(
      (then) => select.value === String(other) && result.replaceChildren(compareTable(coverages, then, year, other, lang)),
      () => result.replaceChildren(t('dashDownloadFailed', lang)),
    );
  });
  return el('div', { className: 'compare' }, [
    el('label', { className: 'compare-label', for: 'compare-year' }, [t('dashCompareWith', lang, { year })]),
    select,
    result,
  ]);
}

/** Each indicator's numbers of another year: from the trends when they hold the year, else asked for. */
async function yearOf(coverages: Coverage[], unit: string, other: number): Promise<YearNumbers> {
  const points = coverages.map((coverage) => coverage.series.find((point) => point.year === other));
  if (points.every((point) => point !== undefined)) return new Map(coverages.map((coverage, index) => [coverage.indicator.code, points[index]!]));
  return loadYear(unit, other);
}

function compareTable(coverages: Coverage[], then: YearNumbers, year: number, other: number, lang: Lang): HTMLTableElement {
  const rows = coverages.map((coverage) => {
    const before = then.get(coverage.indicator.code);
    const ratioCell = (counts: { ratio: number | null; status: string } | undefined) =>
      counts?.status === 'NOT_REPORTED' ? t('NOT_REPORTED', lang) : formatPercent(counts?.ratio, lang);
    const points = pointsBetween(coverage.ratio, before?.ratio);
    return el('tr', { 'data-indicator': coverage.indicator.code }, [
      el('th', { scope: 'row' }, [indicatorName(coverage, lang)]),
      el('td', { className: 'num', 'data-field': 'ratio' }, [ratioCell(coverage)]),
      el('td', { className: 'num', 'data-field': 'other' }, [ratioCell(before)]),
      el('td', { className: 'num', 'data-field': 'change' }, [formatChange(points, lang)]),
    ]);
  });
  return el('table', { className: 'data-table', 'data-table': 'compare' }, [
    el('caption', {}, [t('dashCompareCaption', lang, { year, other })]),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { scope: 'col' }, [t('indicator', lang)]),
        el('th', { scope: 'col', className: 'num' }, [String(year)]),
        el('th', { scope: 'col', className: 'num' }, [String(other)]),
        el('th', { scope: 'col', className: 'num' }, [t('dashChangePoints', lang)]),
      ]),
    ]),
    el('tbody', {}, rows),
  ]);
}
