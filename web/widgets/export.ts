// CSV and PNG downloads of what a widget shows.
import type { Chart } from 'chart.js';
import { download, toCsv } from '../shared/csv.ts';
import type { Lang } from '../shared/format.ts';
import type { CoverageData } from './coverage.ts';
import { csvTable, fileNameOf, indicatorName, statementOf, type Rows } from './rows.ts';

export function downloadCsv(coverage: CoverageData, rows: Rows, lang: Lang): void {
  const { header, cells } = csvTable(rows, lang);
  download(fileNameOf(coverage, 'csv'), toCsv(header, cells));
}

export interface PngStyle {
  background: string;
  text: string;
  font: string;
}

/**
 * The chart as a PNG with its title and summary above it and an opaque background: the bare canvas is
 * transparent (black in some viewers) and, once pasted in a report, would no longer say what it shows.
 */
export async function downloadPng(chart: Chart, coverage: CoverageData, lang: Lang, style: PngStyle): Promise<void> {
  const source = chart.canvas;
  const scale = chart.currentDevicePixelRatio || 1;
  const padding = Math.round(12 * scale);
  const lineHeight = Math.round(20 * scale);
  const header = padding + 2 * lineHeight;
  const canvas = document.createElement('canvas');
  canvas.width = source.width + 2 * padding;
  canvas.height = source.height + header + padding;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = style.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = style.text;
  context.textBaseline = 'top';
  context.font = `600 ${Math.round(15 * scale)}px ${style.font}`;
  context.fillText(indicatorName(coverage, lang), padding, padding, canvas.width - 2 * padding);
  context.font = `${Math.round(13 * scale)}px ${style.font}`;
  context.fillText(statementOf(coverage, lang), padding, padding + lineHeight, canvas.width - 2 * padding);
  context.drawImage(source, padding, header);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) download(fileNameOf(coverage, 'png'), blob, 'image/png');
}

/** An opaque colour for the PNG: the widget's background, or white when the portal made it transparent. */
export function opaque(color: string): string {
  return !color || color === 'transparent' || /^rgba\(.*,\s*0\)$/.test(color) ? '#fff' : color;
}
