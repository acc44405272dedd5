// What a widget shows, as plain data: the rows of its chart, table and CSV, and the sentences that describe
// it. Pure functions of the coverage, so the chart, the data table and the export cannot disagree.
import { formatFraction, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { Counts } from '../shared/coverage.ts';
import type { CoverageData, WidgetType } from './coverage.ts';
import { wt } from './labels.ts';

export interface Row extends Counts {
  /** The unit code, or the year of a series. */
  key: string;
  /** The unit's name (for a series, the unit the series is about). */
  name: string;
}

export interface Rows {
  /** Units below the coverage's unit (or the unit itself), or the years of a series. */
  by: 'unit' | 'year';
  rows: Row[];
}

export function rowsOf(coverage: CoverageData, type: WidgetType, lang: Lang): Rows {
  if (type === 'line') return { by: 'year', rows: coverage.series.map((point) => ({ ...countsOf(point), key: String(point.year), name: coverage.unit.name })) };
  // A gauge's table lists the same units as a bar chart's: the gauge's own number is the table's total line.
  const self: Row = { ...countsOf(coverage), key: coverage.unit.code, name: coverage.unit.name };
  const children = coverage.breakdown.map((item) => ({ ...countsOf(item), key: item.unit.code, name: item.group?.label[lang] ?? item.unit.name }));
  // Children with an empty denominator are outside the population (agencies under a count of communes): the
  // table and the CSV keep them, as the API answers, but after the units that count.
  const counted = children.filter((row) => row.denominator > 0);
  // A commune has nothing below it: its own row keeps the chart and the table from being empty.
  return { by: 'unit', rows: counted.length ? [...counted, ...children.filter((row) => row.denominator === 0)] : [self] };
}

/** The rows worth a bar: a bar of "no data" for each agency under a count of communes would bury the rest. */
export function chartRowsOf(rows: Rows): Row[] {
  return rows.by === 'year' ? rows.rows : rows.rows.filter((row) => row.denominator > 0);
}

function countsOf(item: Omit<Row, 'key' | 'name'>): Omit<Row, 'key' | 'name'> {
  return { numerator: item.numerator, denominator: item.denominator, ratio: item.ratio, target: item.target, status: item.status };
}

export function indicatorName(coverage: CoverageData, lang: Lang): string {
  return lang === 'vi' ? coverage.indicator.nameVi : coverage.indicator.nameEn;
}

/** What a fraction counts: "99 / 110 xã". The indicator's own word when it is a short noun, else its kind. */
export function nounOf(coverage: CoverageData, lang: Lang): string {
  const words = coverage.indicator.denominator[lang].replace(/\s*\(.*?\)/g, '').trim();
  if (words && !words.includes(',') && words.split(/\s+/).length <= 3) return words.charAt(0).toLocaleLowerCase('vi') + words.slice(1);
  if (coverage.counts === 'MODELS') return t('models', lang);
  if (coverage.counts === 'RESPONDENTS') return t('respondents', lang);
  return wt('units', lang);
}

export function fractionOf(coverage: CoverageData, lang: Lang): string {
  return formatFraction(coverage.numerator, coverage.denominator, nounOf(coverage, lang), lang);
}

/**
 * The sentence a screen reader announces for the chart: "Xã có mô hình … – Tỉnh Bắc Kạn, năm 2019: 90,0%
 * (99 / 110 xã), mục tiêu 100,0%".
 */
export function summaryOf(coverage: CoverageData, lang: Lang): string {
  return `${indicatorName(coverage, lang)} – ${statementOf(coverage, lang)}`;
}

/** The summary without the indicator's name: "Tỉnh Bắc Kạn, năm 2019: 90,0% (99 / 110 xã), mục tiêu 100,0%". */
export function statementOf(coverage: CoverageData, lang: Lang): string {
  const value = coverage.ratio == null ? t('NO_DATA', lang).toLocaleLowerCase(lang) : `${formatPercent(coverage.ratio, lang)} (${fractionOf(coverage, lang)})`;
  const target = coverage.target == null ? '' : `, ${wt('targetOf', lang, { value: formatPercent(coverage.target, lang) })}`;
  return `${coverage.unit.name}, ${wt('yearOf', lang, { year: coverage.year })}: ${value}${target}`;
}

/** The ratio as a plain number for spreadsheets: 0.8571, not "85,7%". */
function plainRatio(ratio: number | null): number | null {
  return ratio == null ? null : Math.round(ratio * 10_000) / 10_000;
}

/** The CSV export: code (or year), name, numerator, denominator, ratio, target. */
export function csvTable(rows: Rows, lang: Lang): { header: string[]; cells: (string | number | null)[][] } {
  const header = [
    rows.by === 'year' ? t('year', lang) : t('unitCode', lang),
    t('unitName', lang),
    t('numerator', lang),
    t('denominator', lang),
    t('ratio', lang),
    t('target', lang),
  ];
  const cells = rows.rows.map((row) => [row.key, row.name, row.numerator, row.denominator, plainRatio(row.ratio), row.target]);
  return { header, cells };
}

export function fileNameOf(coverage: CoverageData, extension: 'csv' | 'png'): string {
  return `dvk-${coverage.indicator.code}-${coverage.unit.code}-${coverage.year}.${extension}`;
}
