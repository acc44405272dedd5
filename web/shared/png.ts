// A chart as a PNG to paste into a report: its title and what it shows above it, its source and the day it
// was taken below, on an opaque background (the bare canvas is transparent, black in some viewers, and
// once pasted it would no longer say what it shows nor where it comes from). The widgets and the dashboard
// both download it.
import type { Chart } from 'chart.js';
import { download } from './csv.ts';
import { formatDate, type Lang } from './format.ts';
import { t } from './i18n.ts';

export interface PngStyle {
  background: string;
  text: string;
  font: string;
}

export async function downloadChartPng(chart: Chart, words: { title: string; subtitle: string; lang: Lang }, style: PngStyle, fileName: string): Promise<void> {
  const source = chart.canvas;
  const scale = chart.currentDevicePixelRatio || 1;
  const padding = Math.round(12 * scale);
  const lineHeight = Math.round(20 * scale);
  const header = padding + 2 * lineHeight;
  const canvas = document.createElement('canvas');
  canvas.width = source.width + 2 * padding;
  canvas.height = header + source.height + lineHeight + padding;
  const context = canvas.getContext('2d');
  if (!context) return;
  const width = canvas.width - 2 * padding;
  context.fillStyle = style.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = style.text;
  context.textBaseline = 'top';
  context.font = `600 ${Math.round(15 * scale)}px ${style.font}`;
  context.fillText(words.title, padding, padding, width);
  context.font = `${Math.round(13 * scale)}px ${style.font}`;
  context.fillText(words.subtitle, padding, padding + lineHeight, width);
  context.drawImage(source, padding, header);
  context.font = `${Math.round(11 * scale)}px ${style.font}`;
  context.fillText(t('pngSource', words.lang, { day: formatDate(new Date().toISOString(), words.lang) }), padding, header + source.height + padding / 2, width);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) download(fileName, blob, 'image/png');
}

/** An opaque colour for the PNG: the page's background, or white when it is transparent. */
export function opaque(color: string): string {
  return !color || color === 'transparent' || /^rgba\(.*,\s*0\)$/.test(color) ? '#fff' : color;
}
