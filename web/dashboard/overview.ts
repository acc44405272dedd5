// The view at a glance, above the cards: how many targets are met, and every indicator's ratio as a link
// to its card, so that a leader sees in one line what is behind; then what needs attention (./alerts.ts)
// and the comparison with another year (./compare.ts).
import { formatNumber, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { renderAlerts, reportingBelow } from './alerts.ts';
import { renderCompare } from './compare.ts';
import type { Coverage } from './queries.ts';
import { indicatorName } from './words.ts';

export function renderOverview(container: HTMLElement, coverages: Coverage[], view: { unit: string; year: number; years: number[] }, lang: Lang): void {
  const { unit, year, years } = view;
  const withTarget = coverages.filter((coverage) => coverage.status === 'MET' || coverage.status === 'BELOW_TARGET');
  const met = withTarget.filter((coverage) => coverage.status === 'MET').length;
  const others = coverages.length - withTarget.length;
  // How complete the year is: the units below that have entered something for it.
  const below = reportingBelow(coverages);
  const reported = below.filter((entry) => entry.reported).length;
  const summary = el('p', { className: 'overview-summary' }, [
    ...(withTarget.length ? [el('strong', {}, [t('dashOverviewMet', lang, { met, total: withTarget.length })]), ' '] : []),
    ...(others ? [t('dashOverviewOthers', lang, { n: others }), ' '] : []),
    ...(below.length
      ? [
          el('span', { 'data-field': 'reporting' }, [
            t('dashOverviewReporting', lang, { year, n: formatNumber(reported, lang), total: formatNumber(below.length, lang) }),
          ]),
        ]
      : []),
  ]);
  const items = coverages.map((coverage) =>
    el('li', { 'data-status': coverage.status }, [
      el('a', { href: `#card-${coverage.indicator.code}` }, [
        el('span', { className: `status-dot status-${coverage.status}`, 'aria-hidden': 'true' }),
        el('span', { className: 'overview-name', title: indicatorName(coverage, lang) }, [indicatorName(coverage, lang)]),
        el('span', { className: 'overview-ratio' }, [formatPercent(coverage.ratio, lang)]),
        el('span', { className: 'visually-hidden' }, [`, ${t(coverage.status, lang)}`]),
      ]),
    ]),
  );
  container.replaceChildren(
    el('h2', { className: 'visually-hidden' }, [t('dashOverview', lang)]),
    summary,
    el('ul', { className: 'overview-list' }, items),
    ...renderAlerts(coverages, below, year, lang),
    renderCompare(coverages, unit, year, years, lang),
  );
}
