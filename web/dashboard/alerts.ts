// What needs a leader's attention, above the cards (issue 17): the indicators below their target whose gap
// widened since the year before, the units below where fewer meet an indicator than the year before, and the
// units below that have entered nothing for the year. Each leads to what it names: the indicator's card, the
// unit's dashboard. Worked out from the view's own answer: no request.
import { formatNumber, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { unitLink } from './dom.ts';
import type { BreakdownGroup, Coverage, UnitRef } from './queries.ts';
import { countedNoun, indicatorName } from './words.ts';

/** Units named one by one before "và N đơn vị khác". */
const UNITS_NAMED = 8;

/** The gap in tenths of a point, as the card shows it: a change that rounds away is none. */
const tenths = (gap: number) => Math.round(gap * 1000);

/** An indicator below its target whose gap is wider than the year before's, with both gaps. */
export interface Widening {
  coverage: Coverage;
  gap: number;
  before: number;
}

export function wideningGaps(coverages: Coverage[], year: number): Widening[] {
  return coverages.flatMap((coverage) => {
    const previous = coverage.series.find((point) => point.year === year - 1);
    if (coverage.status !== 'BELOW_TARGET' || coverage.gap == null || previous?.ratio == null || previous.target == null) return [];
    const before = Math.max(0, previous.target - previous.ratio);
    return tenths(coverage.gap) > tenths(before) ? [{ coverage, gap: coverage.gap, before }] : [];
  });
}

/**
 * The units below where fewer meet the indicator than the year before: fell out of its numerator. Both years
 * must be reported (a year not entered is the other alert), and the unit within the reader's area the year
 * before. Respondents are left out: fewer satisfied ones may be fewer asked, and the ratio's change is in
 * the league table.
 */
function fellBack(coverage: Coverage): BreakdownGroup[] {
  if (coverage.counts === 'RESPONDENTS') return [];
  return coverage.breakdown.filter(
    (group) =>
      !group.group.isUnitItself &&
      group.status !== 'NOT_REPORTED' &&
      group.yearBefore != null &&
      group.yearBefore.status !== 'NOT_REPORTED' &&
      group.numerator < group.yearBefore.numerator,
  );
}

export interface Reporting {
  unit: UnitRef;
  reported: boolean;
}

/**
 * The units below with something to count in some indicator, and whether they reported the year: any
 * record of it in any indicator. One that has none has entered nothing for the year.
 */
export function reportingBelow(coverages: Coverage[]): Reporting[] {
  const byUnit = new Map<string, Reporting>();
  for (const coverage of coverages)
    for (const group of coverage.breakdown) {
      if (group.group.isUnitItself || group.denominator === 0) continue;
      const entry = byUnit.get(group.unit.code) ?? { unit: group.unit, reported: false };
      entry.reported ||= group.records > 0;
      byUnit.set(group.unit.code, entry);
    }
  return [...byUnit.values()];
}

/** The list, or nothing when nothing needs attention; `below`: the units below and whether they reported (`reportingBelow`). */
export function renderAlerts(coverages: Coverage[], below: Reporting[], year: number, lang: Lang): HTMLElement[] {
  const widening = wideningGaps(coverages, year).map(({ coverage, gap, before }) =>
    el('li', { 'data-alert': 'widening', 'data-indicator': coverage.indicator.code }, [
      el('a', { href: `#card-${coverage.indicator.code}` }, [indicatorName(coverage, lang)]),
      `: ${t('dashAlertWidening', lang, { gap: formatNumber(gap * 100, lang), before: formatNumber(before * 100, lang), year: year - 1 })}`,
    ]),
  );
  const fewer = coverages.flatMap((coverage) => {
    const groups = fellBack(coverage);
    if (!groups.length) return [];
    const noun = countedNoun(coverage, lang);
    return [
      el('li', { 'data-alert': 'fell-back', 'data-indicator': coverage.indicator.code }, [
        el('a', { href: `#card-${coverage.indicator.code}` }, [indicatorName(coverage, lang)]),
        `: ${t('dashAlertFellBack', lang, { n: formatNumber(groups.length, lang), year: year - 1 })} `,
        ...groups
          .slice(0, UNITS_NAMED)
          .flatMap((group, index) => [
            index ? ', ' : '',
            unitLink(group.unit.code, group.unit.name, year, lang),
            ` (${formatNumber(group.yearBefore!.numerator, lang)} → ${formatNumber(group.numerator, lang)} ${noun})`,
          ]),
        groups.length > UNITS_NAMED ? ` ${t('more', lang, { n: formatNumber(groups.length - UNITS_NAMED, lang) })}` : '',
      ]),
    ];
  });
  const units = below.filter((entry) => !entry.reported);
  const unreported = units.length
    ? [
        el('li', { 'data-alert': 'unreported' }, [
          t('dashAlertUnreported', lang, { n: formatNumber(units.length, lang), year }),
          ' ',
          ...units.slice(0, UNITS_NAMED).flatMap(({ unit }, index) => [index ? ', ' : '', unitLink(unit.code, unit.name, year, lang)]),
          units.length > UNITS_NAMED ? ` ${t('more', lang, { n: formatNumber(units.length - UNITS_NAMED, lang) })}` : '',
        ]),
      ]
    : [];
  const items = [...widening, ...fewer, ...unreported];
  if (!items.length) return [];
  return [el('h3', { className: 'alerts-heading' }, [t('dashAlerts', lang)]), el('ul', { className: 'alerts', 'data-alerts': true }, items)];
}
