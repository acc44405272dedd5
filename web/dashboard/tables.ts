// The data tables behind a card's charts: the accessible alternative (and the only one a keyboard can
// drill down with), with the same numbers as the charts.
import { pointsBetween } from '../shared/coverage.ts';
import { formatChange, formatNumber, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { Family } from './card-charts.ts';
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

/** The breakdown table's columns: rank, unit, numerator, denominator, ratio, change, shortfall, status. */
const COLUMNS = 8;

/**
 * One row per group of the breakdown, the league table of the units below: the unit itself, then the units
 * below by family (administrative units, agencies, …), each ranked lagging first as the chart shows them,
 * with its change since the year before. A unit's name leads to its dashboard.
 */
export function breakdownTable(breakdown: BreakdownGroup[], families: Family[], year: number, lang: Lang, caption: string): HTMLTableElement {
  const row = (group: BreakdownGroup, rank: string) => {
    const name = wordsIn(group.group.label, lang);
    const unitCell = group.group.isUnitItself ? el('th', { scope: 'row' }, [name]) : el('th', { scope: 'row' }, [unitLink(group.unit.code, name, year, lang)]);
    return el('tr', { 'data-unit': group.unit.code, className: group.denominator === 0 ? 'is-empty' : '' }, [
      el('td', { className: 'num', 'data-field': 'rank' }, [rank]),
      unitCell,
      numberCell('numerator', group.numerator, lang),
      numberCell('denominator', group.denominator, lang),
      el('td', { className: 'num', 'data-field': 'ratio' }, [formatPercent(group.ratio, lang)]),
      el('td', { className: 'num', 'data-field': 'change' }, [formatChange(pointsBetween(group.ratio, group.yearBefore?.ratio), lang)]),
      el('td', { className: 'num', 'data-field': 'shortfall' }, [group.shortfall ? formatNumber(group.shortfall, lang) : '']),
      statusCell(group.status, lang),
    ]);
  };
  const itself = breakdown.filter((group) => group.group.isUnitItself).map((group) => row(group, ''));
  const below = families.flatMap((family) => [
    el('tr', { className: 'family-row', 'data-family': family.code }, [el('th', { scope: 'colgroup', colspan: COLUMNS }, [wordsIn(family.words, lang)])]),
    // Ranked among those with something to count; the others, last, have no rank.
    ...family.groups.map((group, index) => row(group, group.ratio == null ? '' : formatNumber(index + 1, lang))),
  ]);
  const rows = [...itself, ...below];
  return el('table', { 'data-table': 'breakdown', className: 'data-table' }, [
    el('caption', {}, [caption]),
    headerRow(
      [
        t('dashRank', lang),
        t('unit', lang),
        t('numerator', lang),
        t('denominator', lang),
        t('ratio', lang),
        t('dashChangeColumn', lang, { year: year - 1 }),
        t('dashShortfallColumn', lang),
        t('status', lang),
      ],
      [0, 2, 3, 4, 5, 6],
    ),
    el('tbody', {}, rows.length ? rows : [el('tr', {}, [el('td', { colspan: COLUMNS }, [t('dashChartNoUnits', lang)])])]),
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
