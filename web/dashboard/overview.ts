// The view at a glance, above the cards: how many targets are met, and every indicator's ratio as a link
// to its card, so that a leader sees in one line what is behind; then what needs attention (./alerts.ts).
import { formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { renderAlerts } from './alerts.ts';
import type { Coverage } from './queries.ts';
import { indicatorName } from './words.ts';

export function renderOverview(container: HTMLElement, coverages: Coverage[], year: number, lang: Lang): void {
  const withTarget = coverages.filter((coverage) => coverage.status === 'MET' || coverage.status === 'BELOW_TARGET');
  const met = withTarget.filter((coverage) => coverage.status === 'MET').length;
  const others = coverages.length - withTarget.length;
  const summary = el('p', { className: 'overview-summary' }, [
    ...(withTarget.length ? [el('strong', {}, [t('dashOverviewMet', lang, { met, total: withTarget.length })]), ' '] : []),
    ...(others ? [t('dashOverviewOthers', lang, { n: others })] : []),
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
    ...renderAlerts(coverages, year, lang),
  );
}
