// The data tables behind a card's charts: the accessible alternative (and the only one a keyboard can
// drill down with), with the same numbers as the charts.
import { formatNumber, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { BreakdownGroup, Coverage, CoverageStatus } from './queries.ts';
import { wordsIn } from './words.ts';
import { el } from '../shared/dom.ts';
import { unitLink } from './dom.ts';

/** A header row; the columns named in `numeric` are right-aligned, as their cells are. */
function headerRow(labels: string[], numeric: number[]): HTMLTableSectionElement {
  return el('thead', {}, [
    el(
      'tr',
      {},
      labels.map((label, index) => el('th', { scope: 'col', className: numeric.includes(index) ? 'num' : '' }, [label])),
    ),
  ]);
}

function statusCell(status: CoverageStatus, lang: Lang): HTMLTableCellElement {
  return el('td', { 'data-field': 'status' }, [el('span', { className: `status-dot status-${status}`, 'aria-hidden': 'true' }), t(status, lang)]);
}

function numberCell(field: string, value: number, lang: Lang): HTMLTableCellElement {
  return el('td', { className: 'num', 'data-field': field }, [formatNumber(value, lang)]);
}

/** One row per group of the breakdown, the unit itself included; a row's unit name leads to its dashboard. */
export function breakdownTable(groups: BreakdownGroup[], year: number, lang: Lang, caption: string): HTMLTableElement {
  const rows = groups.map((group) => {
    const name = wordsIn(group.group.label, lang);
    const unitCell = group.group.isUnitItself ? el('th', { scope: 'row' }, [name]) : el('th', { scope: 'row' }, [unitLink(group.unit.code, name, year, lang)]);
    return el('tr', { 'data-unit': group.unit.code, className: group.denominator === 0 ? 'is-empty' : '' }, [
      unitCell,
      numberCell('numerator', group.numerator, lang),
      numberCell('denominator', group.denominator, lang),
      el('td', { className: 'num', 'data-field': 'ratio' }, [formatPercent(group.ratio, lang)]),
      statusCell(group.status, lang),
    ]);
  });
  return el('table', { 'data-table': 'breakdown', className: 'data-table' }, [
    el('caption', {}, [caption]),
    headerRow([t('unit', lang), t('numerator', lang), t('denominator', lang), t('ratio', lang), t('dashStatus', lang)], [1, 2, 3]),
    el('tbody', {}, rows.length ? rows : [el('tr', {}, [el('td', { colspan: 5 }, [t('dashChartNoUnits', lang)])])]),
  ]);
}

export function seriesTable(coverage: Coverage, lang: Lang, caption: string): HTMLTableElement {
  return el('table', { 'data-table': 'series', className: 'data-table' }, [
    el('caption', {}, [caption]),
    headerRow([t('year', lang), t('numerator', lang), t('denominator', lang), t('ratio', lang), t('target', lang)], [1, 2, 3, 4]),
    el(
      'tbody',
      {},
      coverage.series.map((point) =>
        el('tr', { 'data-year': String(point.year) }, [
          el('th', { scope: 'row' }, [String(point.year)]),
          numberCell('numerator', point.numerator, lang),
          numberCell('denominator', point.denominator, lang),
          el('td', { className: 'num', 'data-field': 'ratio' }, [formatPercent(point.ratio, lang)]),
          el('td', { className: 'num', 'data-field': 'target' }, [formatPercent(point.target, lang)]),
        ]),
      ),
    ),
  ]);
}
