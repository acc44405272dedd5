// <dvk-chart token="…" year="…" lang="vi|en">: the chart a signed embed token grants (one indicator's
// coverage for one unit, as a bar, line, gauge or table, with its data table), for portals to embed. The
// token decides what is shown: `indicator`, `unit` and `type` attributes are not even read, so that a
// page's script cannot turn a widget into a window on other data. See docs/widgets.md.
import type { Chart } from 'chart.js';
import { ApiError } from '../shared/api.ts';
import { ChartView, paletteOf, type ChartKind } from '../shared/charts.ts';
import { formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { applyTheme, setGaugeMarks } from './chart-extras.ts';
import { fetchEmbeddedChart, unreadableCause, type CoverageData, type Grant, type WidgetType } from './coverage.ts';
import { downloadCsv, downloadPng } from './export.ts';
import { opaque } from '../shared/png.ts';
import { wt, type WidgetLabel } from './labels.ts';
import { readOptions, type WidgetOptions } from './options.ts';
import { chartRowsOf, indicatorName, rowsOf, summaryOf, type Rows } from './rows.ts';
import { buildSkeleton, buildTable, fillHeadline, fillMessage, subtitleOf, type Skeleton } from './view.ts';

type WidgetState = 'loading' | 'ready' | 'error';

/** What is on screen, for the exports. */
interface Shown {
  coverage: CoverageData;
  rows: Rows;
  type: WidgetType;
  lang: Lang;
}

/** The last answer, and the token and year it answers: a change of language alone needs no request. */
interface Answer {
  key: string;
  grant: Grant;
  coverage: CoverageData;
}

export class DvkChart extends HTMLElement {
  static readonly observedAttributes = ['token', 'year', 'lang'];

  readonly #parts: Skeleton;
  #canvas: HTMLCanvasElement | undefined;
  #view: ChartView | undefined;
  #answer: Answer | undefined;
  #request: AbortController | undefined;
  #renderQueued = false;
  #tableOpen = false;
  #shown: Shown | undefined;

  constructor() {
    super();
    this.#parts = buildSkeleton(this.attachShadow({ mode: 'open' }));
    this.#parts.toggle.addEventListener('click', () => this.#toggleTable());
    this.#parts.csv.addEventListener('click', () => this.#exportCsv());
    this.#parts.png.addEventListener('click', () => void this.#exportPng());
  }

  /** The GraphQL endpoint; the script that defines the element overrides it with its own origin. */
  protected get endpoint(): string {
    return `${location.origin}/graphql`;
  }

  /** The Chart.js instance, for integrators who want to adjust it; undefined for a table or before data. */
  get chart(): Chart | undefined {
    return this.#view?.instance;
  }

  /** The last coverage received from the API. */
  get data(): CoverageData | undefined {
    return this.#answer?.coverage;
  }

  /** What the token grants beside its indicator and unit: the chart type and the years. */
  get grant(): Grant | undefined {
    return this.#answer?.grant;
  }

  connectedCallback(): void {
    this.#queueRender();
  }

  disconnectedCallback(): void {
    this.#request?.abort();
    this.#request = undefined;
    this.#dropChart();
  }

  attributeChangedCallback(_name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue !== newValue && this.isConnected) this.#queueRender();
  }

  /** Several attributes set in one go (a portal's script switching year and language) make one render. */
  #queueRender(): void {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    queueMicrotask(() => {
      this.#renderQueued = false;
      if (this.isConnected) void this.#render();
    });
  }

  async #render(reload = false): Promise<void> {
    // Whatever comes next supersedes an answer still on its way.
    this.#request?.abort();
    this.#request = undefined;
    const read = readOptions(this);
    if ('problem' in read) return this.#showError(read.lang, read.problem);
    const { token, year, lang } = read.options;
    const key = JSON.stringify([token, year]);
    if (!reload && this.#answer?.key === key) return this.#showReady(this.#answer, lang);

    const controller = new AbortController();
    this.#request = controller;
    this.#showLoading(lang);
    try {
      const { grant, coverage } = await fetchEmbeddedChart(this.endpoint, token, year, controller.signal);
      if (controller.signal.aborted) return;
      this.#answer = coverage ? { key, grant, coverage } : undefined;
      if (this.#answer) this.#showReady(this.#answer, lang);
      else this.#showError(lang, wt('gone', lang));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.#showFailure(error, read.options);
    } finally {
      if (this.#request === controller) this.#request = undefined;
    }
  }

  /**
   * The visitor is told what happened to the chart, in the widget's language (a withdrawn or expired link, a
   * site not allowed, a server out of reach); the developer, in the console, exactly why, with the API's code
   * and words. Trying again cannot bring back a refused token or year; the network or the server may come back:
   * those get a retry button.
   */
  #showFailure(error: unknown, { year, lang }: WidgetOptions): void {
    const retry = () => void this.#render(true);
    if (error instanceof TypeError) {
      void unreadableCause(this.endpoint, error).then((cause) => console.error(`dvk-chart: ${cause}`));
      this.#showError(lang, wt('unreachable', lang), undefined, retry);
    } else if (!(error instanceof ApiError)) {
      this.#showError(lang, t('error', lang), String(error), retry);
    } else {
      console.error(`dvk-chart: ${error.code ?? 'ERROR'}: ${error.message}`);
      const refusal = refusals.get(error.code);
      if (refusal) this.#showError(lang, wt(refusal, lang));
      else if (error.code === 'FORBIDDEN') this.#showError(lang, year === undefined ? wt('refused', lang) : wt('yearRefused', lang, { year }), error.message);
      else this.#showError(lang, t('error', lang), error.message, retry);
    }
  }

  #setState(state: WidgetState, lang: Lang): void {
    // The widget's language, whatever the page's, so that screen readers pronounce it right.
    this.#parts.frame.lang = lang;
    this.setAttribute('state', state);
    if (state === 'loading') this.setAttribute('aria-busy', 'true');
    else this.removeAttribute('aria-busy');
  }

  #showLoading(lang: Lang): void {
    this.#parts.figure.hidden = true;
    this.#parts.message.hidden = false;
    fillMessage(this.#parts.message, { text: t('loading', lang), lang, alert: false });
    this.#setState('loading', lang);
  }

  #showError(lang: Lang, text: string, detail?: string, retry?: () => void): void {
    this.#parts.figure.hidden = true;
    this.#parts.message.hidden = false;
    fillMessage(this.#parts.message, { text, detail, retry, lang, alert: true });
    this.#setState('error', lang);
  }

  #showReady({ coverage, grant }: Answer, lang: Lang): void {
    const type = grant.chart;
    const parts = this.#parts;
    const rows = rowsOf(coverage, type, lang);
    const summary = summaryOf(coverage, lang);
    this.#shown = { coverage, rows, type, lang };
    parts.message.hidden = true;
    parts.message.replaceChildren();
    parts.figure.hidden = false;
    parts.figure.setAttribute('aria-label', summary);
    parts.title.textContent = indicatorName(coverage, lang);
    // The title's level in the page's outline (the `heading-level` attribute, 1 to 6; an h3 by default).
    const level = Number(this.getAttribute('heading-level'));
    if (level >= 1 && level <= 6) parts.title.setAttribute('aria-level', String(level));
    else parts.title.removeAttribute('aria-level');
    parts.subtitle.textContent = subtitleOf(coverage, type, lang);
    fillHeadline(parts.headline, coverage, lang);
    parts.tablePanel.replaceChildren(buildTable(coverage, rows, lang));
    parts.csv.textContent = t('downloadCsv', lang);
    parts.png.textContent = t('downloadPng', lang);
    if (type === 'table') this.#dropChart();
    else this.#drawChart(coverage, rows, type, lang, summary);
    this.#layout();
    // Last, so that whoever waits for "ready" finds the chart drawn.
    this.#setState('ready', lang);
  }

  /** The table covers the chart while open (the widget's height is the portal's to set, not ours). */
  #layout(): void {
    if (!this.#shown) return;
    const { type, lang } = this.#shown;
    const parts = this.#parts;
    const charted = type !== 'table';
    const open = !charted || this.#tableOpen;
    parts.chartBox.hidden = !charted;
    parts.tablePanel.hidden = !open;
    parts.toggle.setAttribute('aria-expanded', String(open));
    parts.toggle.textContent = t(open ? 'hideTable' : 'showTable', lang);
    // Removed rather than hidden: a table has no chart to toggle away from nor to save as an image. Only
    // when the set changes: re-inserting the toggle the user just pressed would take its keyboard focus.
    const buttons = charted ? [parts.toggle, parts.csv, parts.png] : [parts.csv];
    const current = [...parts.toolbar.children];
    if (current.length !== buttons.length || buttons.some((button, index) => current[index] !== button)) parts.toolbar.replaceChildren(...buttons);
  }

  #drawChart(coverage: CoverageData, rows: Rows, kind: ChartKind, lang: Lang, summary: string): void {
    const canvas = this.#ensureCanvas();
    canvas.setAttribute('aria-label', summary);
    const palette = paletteOf(canvas);
    const font = getComputedStyle(canvas).fontFamily;
    const caption = coverage.target == null ? '' : wt('targetIs', lang, { value: formatPercent(coverage.target, lang) });
    setGaugeMarks(
      canvas,
      kind === 'gauge'
        ? { target: coverage.target, value: formatPercent(coverage.ratio, lang), caption, font, color: palette.text, targetColor: palette.target }
        : undefined,
    );
    const charted = chartRowsOf(rows);
    // Many bars leave each label less room before Chart.js tilts it and eats the plot's height.
    const maxLabel = charted.length > 12 ? 16 : 22;
    const points = charted.map((row) => ({ label: rows.by === 'year' ? row.key : shorten(row.name, maxLabel), ratio: row.ratio, target: row.target }));
    const chart = this.#view!.render({ kind, points, target: coverage.target, ratio: coverage.ratio, lang });
    // Room for the gauge's target tick, which reaches past the arc (applyTheme's update applies it).
    if (kind === 'gauge') chart.options.layout = { padding: { top: 10, left: 10, right: 10 } };
    applyTheme(chart, { text: palette.text, font });
  }

  #ensureCanvas(): HTMLCanvasElement {
    if (!this.#canvas) {
      this.#canvas = document.createElement('canvas');
      this.#canvas.setAttribute('role', 'img');
      this.#parts.chartBox.append(this.#canvas);
      this.#view = new ChartView(this.#canvas);
    }
    return this.#canvas;
  }

  #dropChart(): void {
    this.#view?.destroy();
    this.#canvas?.remove();
    this.#view = undefined;
    this.#canvas = undefined;
  }

  #toggleTable(): void {
    this.#tableOpen = !this.#tableOpen;
    this.#layout();
  }

  #exportCsv(): void {
    if (this.#shown) downloadCsv(this.#shown.coverage, this.#shown.rows, this.#shown.lang);
  }

  async #exportPng(): Promise<void> {
    const chart = this.chart;
    if (!chart || !this.#shown) return;
    const style = getComputedStyle(this);
    await downloadPng(chart, this.#shown.coverage, this.#shown.lang, {
      background: opaque(style.backgroundColor),
      text: paletteOf(chart.canvas).text,
      font: style.fontFamily,
    });
  }
}

/** Bar labels cut short: a province's agencies have names of sixty characters; the table has them whole. */
function shorten(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name;
}

/** What a visitor is told of a refused token, by the API's code (src/errors.ts). */
const refusals = new Map<string | undefined, WidgetLabel>([
  ['EMBED_TOKEN_REVOKED', 'linkRevoked'],
  ['EMBED_TOKEN_EXPIRED', 'linkExpired'],
  ['EMBED_ORIGIN_NOT_ALLOWED', 'siteNotAllowed'],
  ['UNAUTHENTICATED', 'tokenRefused'],
]);

/** Defines <dvk-chart> against an API; a page that loads the script twice keeps the first definition. */
export function defineDvkChart(endpoint: string, name = 'dvk-chart'): void {
  if (customElements.get(name)) return;
  customElements.define(
    name,
    class extends DvkChart {
      protected override get endpoint(): string {
        return endpoint;
      }
    },
  );
}

declare global {
  interface HTMLElementTagNameMap {
    'dvk-chart': DvkChart;
  }
}
