// A card's numbers as CSV files, in the page's language (headers, words and file names): the breakdown as
// the table ranks it, and the series. Written here from the view's own answer: no request.
import { download, toCsv } from '../shared/csv.ts';
import { formatNumber, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { Family } from './card-charts.ts';
import type { BreakdownGroup, Coverage } from './queries.ts';
import { wordsIn } from './words.ts';

/** A ratio between 0 and 1 as a percentage number in the page's language ("93,5"); empty without one. */
const percent = (ratio: number | null | undefined, lang: Lang) => (ratio == null ? '' : formatNumber(ratio * 100, lang));

/** The unit itself, then each family of the units below, ranked as the table ranks them. */
export function downloadBreakdown(coverage: Coverage, families: Family[], unit: string, year: number, lang: Lang): void {
  const row = (group: BreakdownGroup, family: string) => [
    family,
    group.unit.code,
    wordsIn(group.group.label, lang),
    group.numerator,
    group.denominator,
    percent(group.ratio, lang),
    group.shortfall ?? '',
    t(group.status, lang),
  ];
  const rows = [
    ...coverage.breakdown.filter((group) => group.group.isUnitItself).map((group) => row(group, t('csvItself', lang))),
    ...families.flatMap((family) => family.groups.map((group) => row(group, wordsIn(family.words, lang)))),
  ];
  const header = [
    t('csvFamily', lang),
    t('csvUnitCode', lang),
    t('unit', lang),
    t('numerator', lang),
    t('denominator', lang),
    t('csvRatioPercent', lang),
    t('dashShortfallColumn', lang),
    t('dashStatus', lang),
  ];
  download(`${t('fileBreakdown', lang)}-${coverage.indicator.code}-${unit}-${year}.csv`, toCsv(header, rows));
}

/** One line a year, oldest first. */
export function downloadSeries(coverage: Coverage, unit: string, lang: Lang): void {
  const header = [t('year', lang), t('numerator', lang), t('denominator', lang), t('csvRatioPercent', lang), t('csvTargetPercent', lang)];
  const rows = coverage.series.map((point) => [point.year, point.numerator, point.denominator, percent(point.ratio, lang), percent(point.target, lang)]);
  const years = coverage.series.length ? `${coverage.series[0]!.year}-${coverage.series.at(-1)!.year}` : '';
  download(`${t('fileSeries', lang)}-${coverage.indicator.code}-${unit}-${years}.csv`, toCsv(header, rows));
}
