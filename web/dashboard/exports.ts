// A card's numbers as files, in the page's language (headers, words and file names): the breakdown as the
// table ranks it, and the series, each as CSV or as an Excel workbook. Written here from the view's own
// answer: no request.
import type { SheetData } from 'write-excel-file/browser';
import { pointsBetween } from '../shared/coverage.ts';
import { download, toCsv } from '../shared/csv.ts';
import { formatNumber, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { Family } from './card-charts.ts';
import type { BreakdownGroup, Coverage } from './queries.ts';
import { wordsIn } from './words.ts';

/** What a column holds: words, a count, a ratio between 0 and 1, or a change in percentage points. */
type Kind = 'text' | 'count' | 'ratio' | 'points';
type Value = string | number | null | undefined;

/** A card's table as both file types write it: the values as they are, each column of one kind. */
export interface Table {
  /** The file's name without its extension. */
  name: string;
  /** What it is, as the card heads it: a workbook's sheet is named so. */
  title: string;
  columns: { header: string; kind: Kind }[];
  rows: Value[][];
}

/** The unit itself, then each family of the units below, ranked as the table ranks them. */
export function breakdownExport(coverage: Coverage, families: Family[], unit: string, year: number, lang: Lang): Table {
  const row = (group: BreakdownGroup, family: string): Value[] => [
    family,
    group.unit.code,
    wordsIn(group.group.label, lang),
    group.numerator,
    group.denominator,
    group.ratio,
    pointsBetween(group.ratio, group.yearBefore?.ratio),
    group.shortfall,
    t(group.status, lang),
  ];
  return {
    name: `${t('fileBreakdown', lang)}-${coverage.indicator.code}-${unit}-${year}`,
    title: t('breakdown', lang),
    columns: [
      { header: t('csvFamily', lang), kind: 'text' },
      { header: t('unitCode', lang), kind: 'text' },
      { header: t('unitName', lang), kind: 'text' },
      { header: t('numerator', lang), kind: 'count' },
      { header: t('denominator', lang), kind: 'count' },
      { header: t('csvRatioPercent', lang), kind: 'ratio' },
      { header: t('dashChangeColumn', lang, { year: year - 1 }), kind: 'points' },
      { header: t('dashShortfallColumn', lang), kind: 'count' },
      { header: t('status', lang), kind: 'text' },
    ],
    rows: [
      ...coverage.breakdown.filter((group) => group.group.isUnitItself).map((group) => row(group, t('csvItself', lang))),
      ...families.flatMap((family) => family.groups.map((group) => row(group, wordsIn(family.words, lang)))),
    ],
  };
}

/** One line a year, oldest first. */
export function seriesExport(coverage: Coverage, unit: string, lang: Lang): Table {
  const years = coverage.series.length ? `${coverage.series[0]!.year}-${coverage.series.at(-1)!.year}` : '';
  return {
    name: `${t('fileSeries', lang)}-${coverage.indicator.code}-${unit}-${years}`,
    title: t('trend', lang),
    columns: [
      { header: t('year', lang), kind: 'text' },
      { header: t('numerator', lang), kind: 'count' },
      { header: t('denominator', lang), kind: 'count' },
      { header: t('csvRatioPercent', lang), kind: 'ratio' },
      { header: t('targetPercent', lang), kind: 'ratio' },
      { header: t('status', lang), kind: 'text' },
    ],
    rows: coverage.series.map((point) => [String(point.year), point.numerator, point.denominator, point.ratio, point.target, t(point.status, lang)]),
  };
}

/** As CSV: numbers in the page's language ("93,5"), ratios as percentages. */
export function downloadCsv(table: Table, lang: Lang): void {
  const cell = (value: Value, kind: Kind) => {
    if (value == null) return '';
    if (typeof value === 'string') return value;
    return kind === 'ratio' ? formatNumber(value * 100, lang) : kind === 'points' ? formatNumber(value, lang) : value;
  };
  const rows = table.rows.map((row) => row.map((value, index) => cell(value, table.columns[index]!.kind)));
  download(
    `${table.name}.csv`,
    toCsv(
      table.columns.map((column) => column.header),
      rows,
    ),
  );
}

/** Excel's formats: a ratio is a number shown as a percentage, so that a reader can compute with it. */
const xlsxFormats: Partial<Record<Kind, string>> = { ratio: '0.0%', points: '+0.0;-0.0;0.0', count: '#,##0' };

/**
 * As an Excel workbook of one sheet, its numbers as numbers. The writer (write-excel-file, about 70 KB) is
 * loaded on the first such download, not with the page.
 */
export async function downloadXlsx(table: Table): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const data: SheetData = [
    table.columns.map((column) => ({ value: column.header, fontWeight: 'bold' as const })),
    ...table.rows.map((row) =>
      row.map((value, index) => {
        if (value == null) return null;
        if (typeof value === 'string') return { value, type: String };
        return { value, type: Number, format: xlsxFormats[table.columns[index]!.kind] };
      }),
    ),
  ];
  const blob = await writeXlsxFile(data, {
    sheet: table.title,
    stickyRowsCount: 1,
    columns: table.columns.map((column) => ({ width: column.kind === 'text' ? 28 : 14 })),
  }).toBlob();
  download(`${table.name}.xlsx`, blob, blob.type);
}
