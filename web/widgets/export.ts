// CSV and PNG downloads of what a widget shows.
import type { Chart } from 'chart.js';
import { download, toCsv } from '../shared/csv.ts';
import { downloadChartPng, type PngStyle } from '../shared/png.ts';
import type { Lang } from '../shared/format.ts';
import type { CoverageData } from './coverage.ts';
import { csvTable, fileNameOf, indicatorName, statementOf, type Rows } from './rows.ts';

export function downloadCsv(coverage: CoverageData, rows: Rows, lang: Lang): void {
  const { header, cells } = csvTable(rows, lang);
  download(fileNameOf(coverage, 'csv'), toCsv(header, cells));
}

/** The chart with its title and summary above it, and its source and day below. */
export function downloadPng(chart: Chart, coverage: CoverageData, lang: Lang, style: PngStyle): Promise<void> {
  return downloadChartPng(chart, { title: indicatorName(coverage, lang), subtitle: statementOf(coverage, lang), lang }, style, fileNameOf(coverage, 'png'));
}
