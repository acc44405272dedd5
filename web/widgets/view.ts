// The widget's DOM: a skeleton built once per element, and the parts refilled on each render. The `part`
// attributes are a public hook (portals may style them with ::part, browser tests select them).
import { el } from '../shared/dom.ts';
import { formatGap, formatNumber, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import type { CoverageData, WidgetType } from './coverage.ts';
import { wt } from './labels.ts';
import { fractionOf, indicatorName, type Row, type Rows } from './rows.ts';
import { widgetStyle } from './styles.ts';

export interface Skeleton {
  frame: HTMLDivElement;
  message: HTMLDivElement;
  figure: HTMLElement;
  title: HTMLHeadingElement;
  subtitle: HTMLParagraphElement;
  headline: HTMLDivElement;
  chartBox: HTMLDivElement;
  tablePanel: HTMLDivElement;
  toolbar: HTMLDivElement;
  toggle: HTMLButtonElement;
  csv: HTMLButtonElement;
  png: HTMLButtonElement;
}

export function buildSkeleton(root: ShadowRoot): Skeleton {
  const parts: Skeleton = {
    frame: el('div', { class: 'frame', part: 'frame' }),
    message: el('div', { class: 'message', part: 'message' }),
    figure: el('figure', { role: 'figure', part: 'figure', hidden: '' }),
    title: el('h3', { class: 'title', part: 'title' }),
    subtitle: el('p', { class: 'subtitle', part: 'subtitle' }),
    headline: el('div', { class: 'headline', part: 'headline' }),
    chartBox: el('div', { class: 'chart', part: 'chart' }),
    tablePanel: el('div', { class: 'table-panel', part: 'table-panel', id: 'dvk-table-panel' }),
    toolbar: el('div', { class: 'toolbar', part: 'toolbar' }),
    toggle: el('button', { type: 'button', part: 'table-toggle', 'aria-controls': 'dvk-table-panel', 'aria-expanded': 'false' }),
    csv: el('button', { type: 'button', part: 'csv' }),
    png: el('button', { type: 'button', part: 'png' }),
  };
  parts.figure.append(
    el('figcaption', {}, [parts.title, parts.subtitle]),
    parts.headline,
    el('div', { class: 'body' }, [parts.chartBox, parts.tablePanel]),
    parts.toolbar,
  );
  const style = el('style', {}, [widgetStyle]);
  parts.frame.append(parts.message, parts.figure);
  root.append(style, parts.frame);
  return parts;
}

/** "Tỉnh Bắc Kạn · năm 2019 · Theo đơn vị trực thuộc": where, when and what the chart shows. */
export function subtitleOf(coverage: CoverageData, type: WidgetType, lang: Lang): string {
  const shows = type === 'line' ? trendOf(coverage, lang) : type === 'gauge' ? '' : t('breakdown', lang);
  const year = `${t('year', lang)} ${coverage.year}`;
  return [coverage.unit.name, year, shows].filter(Boolean).join(' · ');
}

/** "Xu hướng 2015–2024": the series runs over the token's years, as many as the administrators granted. */
function trendOf(coverage: CoverageData, lang: Lang): string {
  const first = coverage.series[0]?.year ?? coverage.year;
  return wt('trendYears', lang, { from: first, to: coverage.year });
}

export function fillHeadline(headline: HTMLElement, coverage: CoverageData, lang: Lang): void {
  const status = [t(coverage.status, lang), coverage.status === 'BELOW_TARGET' ? formatGap(coverage.gap, lang) : ''].filter(Boolean).join(', ');
  headline.replaceChildren(
    el('span', { class: 'value', part: 'value' }, [formatPercent(coverage.ratio, lang)]),
    el('span', { class: 'fraction', part: 'fraction' }, [fractionOf(coverage, lang)]),
    el('span', { class: 'status', part: 'status', 'data-status': coverage.status }, [status]),
    ...(coverage.target == null
      ? []
      : [el('span', { class: 'target', part: 'target' }, [wt('targetIs', lang, { value: formatPercent(coverage.target, lang) })])]),
  );
}

/** The data table, the accessible alternative of the chart: a row per unit below (and a total) or per year. */
export function buildTable(coverage: CoverageData, rows: Rows, lang: Lang): HTMLTableElement {
  const first = rows.by === 'year' ? t('year', lang) : t('unit', lang);
  const head = [first, t('numerator', lang), t('denominator', lang), t('ratio', lang), t('target', lang), t('status', lang)];
  const table = el('table', { part: 'data-table' }, [
    // The title above already says it; the caption names the table for screen readers.
    el('caption', { class: 'visually-hidden' }, [indicatorName(coverage, lang)]),
    el('thead', {}, [
      el('tr', {}, [...head.map((label, index) => el('th', { scope: 'col', class: index === 0 || index === head.length - 1 ? 'text' : 'number' }, [label]))]),
    ]),
    el('tbody', {}, [...rows.rows.map((row) => rowOf(row, rows.by === 'year' ? row.key : row.name, lang))]),
  ]);
  // The total is worth a line under a breakdown; a commune's single row already is its total.
  if (rows.by === 'unit' && (rows.rows.length > 1 || rows.rows[0]?.key !== coverage.unit.code)) {
    const total = rowOf({ ...coverage, key: coverage.unit.code, name: coverage.unit.name }, `${wt('total', lang)}: ${coverage.unit.name}`, lang);
    total.removeAttribute('data-key');
    table.append(el('tfoot', {}, [total]));
  }
  return table;
}

function rowOf(row: Row, heading: string, lang: Lang): HTMLTableRowElement {
  const cell = (field: string, text: string) => el('td', { 'data-field': field }, [text]);
  return el('tr', { 'data-key': row.key }, [
    el('th', { scope: 'row' }, [heading]),
    cell('numerator', formatNumber(row.numerator, lang)),
    cell('denominator', formatNumber(row.denominator, lang)),
    cell('ratio', formatPercent(row.ratio, lang)),
    cell('target', formatPercent(row.target, lang)),
    cell('status', t(row.status, lang)),
  ]);
}

/** The loading note, or an error with what went wrong and, when trying again can help, a retry button. */
export function fillMessage(message: HTMLElement, content: { text: string; detail?: string; retry?: () => void; lang: Lang; alert: boolean }): void {
  message.setAttribute('role', content.alert ? 'alert' : 'status');
  const children: Node[] = [el('p', {}, [content.text])];
  if (content.detail) children.push(el('p', { class: 'detail' }, [content.detail]));
  if (content.retry) {
    const retry = el('button', { type: 'button', part: 'retry' }, [t('retry', content.lang)]);
    retry.addEventListener('click', content.retry);
    children.push(retry);
  }
  message.replaceChildren(...children);
}
