// One card per indicator: the ratio against the target, what it counts, where it falls short (breakdown by
// the units below), how it went over ten years, and which units are missing. A card is built once and
// updated in place when the view or the language changes, so that its charts are updated, not recreated.
import { ChartView } from '../shared/charts.ts';
import { downloadChartPng, opaque } from '../shared/png.ts';
import { formatFraction, formatGap, formatNumber, formatPercent, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { drawBreakdown, drawSeries, type Family, families } from './card-charts.ts';
import { el } from '../shared/dom.ts';
import { breakdownExport, downloadCsv, downloadXlsx, seriesExport, type Table } from './exports.ts';
import { downloadMissing, missingBody, missingHeading } from './missing.ts';
import { pointsBetween } from '../shared/coverage.ts';
import type { Coverage } from './queries.ts';
import { breakdownTable, seriesTable } from './tables.ts';
import { appliesTo, countedNoun, indicatorName, shortfallNoun, wordsIn } from './words.ts';

export interface CardContext {
  unit: string;
  /** The unit's name, for the pictures a card downloads. */
  unitName: string;
  year: number;
  lang: Lang;
  /** Opens another unit's dashboard (a click on a bar). */
  drill: (unit: string) => void;
}

/** The ratio's change since the year before, in points. */
export function changeOnYearBefore(coverage: Coverage, year: number): number | null {
  return pointsBetween(coverage.ratio, coverage.series.find((point) => point.year === year - 1)?.ratio);
}

export class IndicatorCard {
  readonly element: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly status: HTMLElement;
  private readonly ratio: HTMLElement;
  private readonly target: HTMLElement;
  private readonly meterFill: HTMLElement;
  private readonly meterTarget: HTMLElement;
  private readonly numbers: HTMLElement;
  private readonly change: HTMLElement;
  private readonly shortfall: HTMLElement;
  private readonly gap: HTMLElement;
  private readonly definition: HTMLElement;
  private readonly breakdownHeading: HTMLHeadingElement;
  private readonly tableToggle: HTMLButtonElement;
  private readonly breakdownScroll: HTMLElement;
  private readonly breakdownBox: HTMLElement;
  private readonly breakdownNote: HTMLElement;
  private readonly breakdownTableSlot: HTMLElement;
  private readonly seriesHeading: HTMLHeadingElement;
  private readonly seriesTableSlot: HTMLElement;
  private readonly missingHeading: HTMLHeadingElement;
  private readonly missingSlot: HTMLElement;
  private readonly downloadButton: HTMLButtonElement;
  private readonly downloadMessage: HTMLElement;
  private readonly breakdownChart: ChartView;
  private readonly seriesChart: ChartView;
  private readonly familySwitch: HTMLElement;
  private readonly breakdownDownload: HTMLButtonElement;
  private readonly seriesDownload: HTMLButtonElement;
  private readonly breakdownXlsx: HTMLButtonElement;
  private readonly seriesXlsx: HTMLButtonElement;
  private readonly breakdownPng: HTMLButtonElement;
  private readonly seriesPng: HTMLButtonElement;
  private readonly detailsToggle: HTMLButtonElement;
  private readonly details: HTMLElement;
  private tableOpen = false;
  /** On a phone a card shows its headline until its reader asks for the rest (style.css hides it otherwise). */
  private detailsOpen = false;
  /** The family of units the chart shows (UNIT_FAMILIES), kept from view to view while there is one. */
  private family: string | undefined;
  /** What the card shows, and the breakdown's families (chart, table and downloads read them). */
  private current: { coverage: Coverage; context: CardContext; families: Family[] } | undefined;

  constructor(readonly code: string) {
    // Ids from the indicator code, which is unique on the page and made of [A-Z0-9_].
    const id = (part: string) => `card-${code}-${part}`;
    // A block is named by its heading and its card's title: every card has a "Theo đơn vị trực thuộc", and
    // landmarks of one name could not be told apart (axe's landmark-unique).
    const named = (part: string) => `${id(part)} ${id('title')}`;
    this.title = el('h2', { id: id('title'), className: 'card-title' });
    this.status = el('span', { className: 'badge', 'data-field': 'status' });
    this.ratio = el('span', { className: 'kpi-ratio', 'data-field': 'ratio' });
    this.target = el('span', { className: 'kpi-target', 'data-field': 'target' });
    this.meterFill = el('span', { className: 'meter-fill' });
    this.meterTarget = el('span', { className: 'meter-target' });
    this.numbers = el('p', { className: 'kpi-numbers', 'data-field': 'numbers' });
    this.change = el('p', { className: 'kpi-change', 'data-field': 'change' });
    this.shortfall = el('span', { className: 'kpi-shortfall', 'data-field': 'shortfall' });
    this.gap = el('span', { className: 'kpi-gap', 'data-field': 'gap' });
    this.definition = el('p', { className: 'definition', 'data-field': 'definition' });

    const breakdownCanvas = el('canvas', { 'data-chart': 'breakdown', role: 'img' });
    const seriesCanvas = el('canvas', { 'data-chart': 'series', role: 'img' });
    this.breakdownChart = new ChartView(breakdownCanvas);
    this.seriesChart = new ChartView(seriesCanvas);

    this.breakdownHeading = el('h3', { id: id('breakdown') });
    this.tableToggle = el('button', {
      type: 'button',
      className: 'link-button',
      'data-action': 'toggle-table',
      'aria-expanded': 'false',
      'aria-controls': `${id('breakdown-table')} ${id('series-table')}`,
    });
    this.tableToggle.addEventListener('click', () => this.setTableOpen(!this.tableOpen));
    this.breakdownDownload = this.exportButton('download-breakdown', 'breakdown', downloadCsv);
    this.seriesDownload = this.exportButton('download-series', 'series', downloadCsv);
    this.breakdownXlsx = this.exportButton('xlsx-breakdown', 'breakdown', downloadXlsx);
    this.seriesXlsx = this.exportButton('xlsx-series', 'series', downloadXlsx);
    this.breakdownPng = el('button', { type: 'button', className: 'link-button', 'data-action': 'png-breakdown' });
    this.breakdownPng.addEventListener('click', () => this.downloadPicture('breakdown'));
    this.seriesPng = el('button', { type: 'button', className: 'link-button', 'data-action': 'png-series' });
    this.seriesPng.addEventListener('click', () => this.downloadPicture('series'));
    this.familySwitch = el('div', { className: 'family-switch', role: 'group', 'data-field': 'families' });
    this.breakdownBox = el('div', { className: 'chart-box' }, [breakdownCanvas]);
    this.breakdownScroll = el('div', { className: 'chart-scroll' }, [this.breakdownBox]);
    this.breakdownNote = el('p', { className: 'hint' });
    // A scrolling region must be reachable by keyboard, and named, to be read.
    this.breakdownTableSlot = el('div', { id: id('breakdown-table'), className: 'table-scroll', role: 'region', tabindex: 0, hidden: true });
    this.seriesHeading = el('h3', { id: id('series') });
    this.seriesTableSlot = el('div', { id: id('series-table'), className: 'table-scroll', role: 'region', tabindex: 0, hidden: true });
    this.missingHeading = el('h3', { id: id('missing') });
    this.missingSlot = el('div', { className: 'missing-body' });
    this.downloadButton = el('button', { type: 'button', className: 'button button-secondary', 'data-action': 'download-missing' });
    this.downloadButton.addEventListener('click', () => {
      if (!this.current) return;
      const { coverage, context } = this.current;
      void downloadMissing(this.downloadButton, this.downloadMessage, coverage, context.unit, context.year, context.lang);
    });
    this.downloadMessage = el('p', { className: 'download-message', role: 'status' });

    this.detailsToggle = el('button', {
      type: 'button',
      className: 'card-details-toggle',
      'data-action': 'toggle-details',
      'aria-expanded': 'false',
      'aria-controls': id('details'),
    });
    this.detailsToggle.addEventListener('click', () => this.setDetailsOpen(!this.detailsOpen));

    // What a phone hides behind "Xem chi tiết" (style.css): the definition and the three blocks.
    this.details = el('div', { id: id('details'), className: 'card-details', 'data-open': 'false' }, [
      this.definition,
      el('section', { className: 'block', 'aria-labelledby': named('breakdown') }, [
        el('div', { className: 'block-head' }, [
          this.breakdownHeading,
          el('span', { className: 'block-actions' }, [this.breakdownDownload, this.breakdownXlsx, this.breakdownPng, this.tableToggle]),
        ]),
        this.familySwitch,
        this.breakdownScroll,
        this.breakdownNote,
        this.breakdownTableSlot,
      ]),
      el('section', { className: 'block', 'aria-labelledby': named('series') }, [
        el('div', { className: 'block-head' }, [
          this.seriesHeading,
          el('span', { className: 'block-actions' }, [this.seriesDownload, this.seriesXlsx, this.seriesPng]),
        ]),
        el('div', { className: 'chart-box chart-box-series' }, [seriesCanvas]),
        this.seriesTableSlot,
      ]),
      el('section', { className: 'block block-missing', 'aria-labelledby': named('missing') }, [
        el('div', { className: 'block-head' }, [this.missingHeading]),
        this.missingSlot,
        el('div', { className: 'actions' }, [this.downloadButton, this.downloadMessage]),
      ]),
    ]);
    this.element = el('article', { id: `card-${code}`, className: 'card', 'data-card': code, 'aria-labelledby': id('title') }, [
      el('header', { className: 'card-head' }, [this.title, this.status]),
      el('div', { className: 'kpi' }, [
        el('p', { className: 'kpi-main' }, [this.ratio, this.target]),
        el('span', { className: 'meter', 'aria-hidden': 'true' }, [this.meterFill, this.meterTarget]),
        this.numbers,
        this.change,
        el('p', { className: 'kpi-detail' }, [this.shortfall, this.gap]),
      ]),
      this.detailsToggle,
      this.details,
    ]);
  }

  /** Writes the coverage into the card. The element must be in the document, so that the charts have a size. */
  update(coverage: Coverage, context: CardContext): void {
    this.current = { coverage, context, families: families(coverage.breakdown) };
    const { lang, year } = context;
    const noun = countedNoun(coverage, lang);
    // The status drives the card's colours and its bars' (style.css maps it onto --dvk-color-*).
    this.element.dataset.status = coverage.status;
    const applies = appliesTo(coverage);
    this.element.dataset.applies = String(applies);

    this.title.textContent = indicatorName(coverage, lang);
    this.status.textContent = applies ? t(coverage.status, lang) : t('dashNotApplicable', lang);
    this.ratio.textContent = formatPercent(coverage.ratio, lang);
    // Without a target the badge and the line below already say so; where the indicator does not apply, a target means nothing.
    const target = applies ? coverage.target : null;
    this.target.textContent = target == null ? '' : `${t('target', lang)} ${formatPercent(target, lang)}`;
    this.meterFill.style.width = `${(coverage.ratio ?? 0) * 100}%`;
    this.meterTarget.hidden = target == null;
    this.meterTarget.style.left = `${(coverage.target ?? 0) * 100}%`;
    this.numbers.textContent =
      coverage.status === 'NOT_REPORTED'
        ? t('dashNotReportedNumbers', lang, { year, what: `${formatNumber(coverage.denominator, lang)} ${noun}` })
        : formatFraction(coverage.numerator, coverage.denominator, noun, lang);
    this.writeShortfall(coverage, applies, noun, lang, year);
    this.writeChange(applies ? changeOnYearBefore(coverage, year) : null, lang, year);
    this.definition.textContent = wordsIn(coverage.definition, lang);

    this.breakdownHeading.textContent = t('breakdown', lang);
    this.drawFamily();

    this.breakdownDownload.textContent = t('downloadNumbers', lang);
    this.seriesDownload.textContent = t('downloadNumbers', lang);
    this.breakdownXlsx.textContent = t('downloadXlsx', lang);
    this.seriesXlsx.textContent = t('downloadXlsx', lang);
    this.breakdownPng.textContent = t('downloadPng', lang);
    this.seriesPng.textContent = t('downloadPng', lang);
    this.seriesHeading.textContent = t('trend', lang);
    drawSeries(this.seriesChart, coverage, lang);

    this.missingHeading.textContent = missingHeading(coverage, lang);
    this.missingSlot.replaceChildren(...missingBody(coverage, year, lang));
    this.downloadButton.textContent = t('downloadMissing', lang);
    this.downloadButton.disabled = coverage.missing.totalCount === 0;
    this.downloadButton.hidden = coverage.counts === 'RESPONDENTS';
    this.downloadMessage.textContent = '';
    this.setTableOpen(this.tableOpen);
    this.detailsToggle.textContent = t(this.detailsOpen ? 'cardLess' : 'cardDetails', lang);
  }

  /** Opens or closes the card's details (what a phone hides): their charts are fitted once they show. */
  private setDetailsOpen(open: boolean): void {
    this.detailsOpen = open;
    this.details.dataset.open = String(open);
    this.detailsToggle.setAttribute('aria-expanded', String(open));
    if (this.current) this.detailsToggle.textContent = t(open ? 'cardLess' : 'cardDetails', this.current.context.lang);
    if (open) this.settle();
  }

  /**
   * The chart of one family of the units below, lagging first, and the buttons that switch between the
   * families that have something to count.
   */
  private drawFamily(): void {
    if (!this.current) return;
    const { coverage, context } = this.current;
    const { lang } = context;
    const charted = this.current.families.filter((family) => family.bars.length > 0);
    const family: Family | undefined = charted.find((candidate) => candidate.code === this.family) ?? charted[0];
    this.family = family?.code;
    this.familySwitch.setAttribute('aria-label', t('dashBreakdownKinds', lang));
    this.familySwitch.replaceChildren(
      ...(charted.length < 2
        ? []
        : charted.map((candidate) => {
            const button = el(
              'button',
              { type: 'button', className: 'family-button', 'data-family': candidate.code, 'aria-pressed': String(candidate === family) },
              [`${wordsIn(candidate.words, lang)} (${formatNumber(candidate.bars.length, lang)})`],
            );
            button.addEventListener('click', () => {
              this.family = candidate.code;
              this.drawFamily();
            });
            return button;
          })),
    );
    const bars = family?.bars ?? [];
    // Thirty bars do not fit a narrow card: the chart then keeps a legible width per bar and scrolls
    // sideways; their slanted names need more height too.
    this.breakdownBox.style.setProperty('--bars-width', `${bars.length * 16 + 60}px`);
    this.breakdownBox.classList.toggle('chart-box-crowded', bars.length > 12);
    this.breakdownScroll.classList.toggle('is-empty', bars.length === 0);
    drawBreakdown(this.breakdownChart, coverage, family, lang, (group) => context.drill(group.unit.code));
    // A touch screen has no click: its reader taps.
    this.breakdownNote.textContent = bars.length ? t(matchMedia('(hover: none)').matches ? 'drillTouch' : 'drill', lang) : t('dashChartNoUnits', lang);
  }

  /** A button that writes one of the card's tables (./exports.ts) as a file. */
  private exportButton(action: string, table: 'breakdown' | 'series', write: (table: Table, lang: Lang) => unknown): HTMLButtonElement {
    const button = el('button', { type: 'button', className: 'link-button', 'data-action': action });
    button.addEventListener('click', () => {
      if (!this.current) return;
      const { coverage, context, families } = this.current;
      const { unit, year, lang } = context;
      void write(table === 'breakdown' ? breakdownExport(coverage, families, unit, year, lang) : seriesExport(coverage, unit, lang), lang);
    });
    return button;
  }

  /** A chart as a PNG, with what it shows, its source and the day (web/shared/png.ts). */
  private downloadPicture(chart: 'breakdown' | 'series'): void {
    const view = chart === 'breakdown' ? this.breakdownChart : this.seriesChart;
    if (!this.current || !view.instance) return;
    const { coverage, context } = this.current;
    const { lang, year, unit, unitName } = context;
    const family = this.current.families.find((candidate) => candidate.code === this.family);
    const shows =
      chart === 'breakdown'
        ? [t('breakdown', lang), ...(family ? [wordsIn(family.words, lang)] : [])]
        : [`${t('trend', lang)} (${coverage.series[0]?.year ?? ''}–${coverage.series.at(-1)?.year ?? ''})`];
    const style = getComputedStyle(this.element);
    void downloadChartPng(
      view.instance,
      { title: indicatorName(coverage, lang), subtitle: [unitName, `${t('year', lang)} ${year}`, ...shows].join(' · '), lang },
      { background: opaque(style.backgroundColor), text: style.color, font: style.fontFamily },
      `${t(chart === 'breakdown' ? 'fileBreakdown' : 'fileSeries', lang)}-${coverage.indicator.code}-${unit}-${year}.png`,
    );
  }

  /** The change against the year before, as an arrow and the words; nothing without both years' ratios. */
  private writeChange(points: number | null, lang: Lang, year: number): void {
    if (points === null) {
      this.change.dataset.direction = '';
      return void this.change.replaceChildren();
    }
    const [direction, arrow, word] =
      points > 0
        ? (['up', '▲', 'dashChangeUp'] as const)
        : points < 0
          ? (['down', '▼', 'dashChangeDown'] as const)
          : (['same', '=', 'dashChangeNone'] as const);
    this.change.dataset.direction = direction;
    const words = t(word, lang, { points: formatNumber(Math.abs(points), lang), year: year - 1 });
    this.change.replaceChildren(el('span', { className: 'kpi-arrow', 'aria-hidden': 'true' }, [arrow]), words);
  }

  private writeShortfall(coverage: Coverage, applies: boolean, noun: string, lang: Lang, year: number): void {
    this.gap.textContent = '';
    if (!applies) {
      this.shortfall.textContent = t('dashNotApplicableNote', lang, { what: noun });
      return;
    }
    switch (coverage.status) {
      case 'BELOW_TARGET':
        this.shortfall.textContent =
          coverage.shortfall == null
            ? ''
            : t('dashShortfall', lang, { what: `${formatNumber(coverage.shortfall, lang)} ${shortfallNoun(coverage, noun, lang)}` });
        this.gap.textContent = formatGap(coverage.gap, lang);
        break;
      case 'MET':
        this.shortfall.textContent = t('dashTargetReached', lang);
        break;
      case 'NO_TARGET':
        this.shortfall.textContent = t('dashNoTargetNote', lang, { year });
        break;
      case 'NO_DATA':
        this.shortfall.textContent = t('dashNoDataNote', lang, { year });
        break;
      case 'NOT_REPORTED':
        this.shortfall.textContent = t('dashNotReportedNote', lang, { year });
        break;
    }
  }

  /**
   * Shows or hides the data tables. They are built only while shown: a closed card then holds one
   * [data-field="ratio"] (its own), and eight cards do not carry some three hundred hidden rows.
   */
  private setTableOpen(open: boolean): void {
    this.tableOpen = open;
    this.breakdownTableSlot.hidden = !open;
    this.seriesTableSlot.hidden = !open;
    this.tableToggle.setAttribute('aria-expanded', String(open));
    if (!this.current) return;
    const { coverage, context, families } = this.current;
    const { lang, year } = context;
    this.tableToggle.textContent = t(open ? 'hideTable' : 'showTable', lang);
    if (!open) {
      this.breakdownTableSlot.replaceChildren();
      this.seriesTableSlot.replaceChildren();
      return;
    }
    const breakdownCaption = `${indicatorName(coverage, lang)}: ${t('breakdown', lang).toLocaleLowerCase(lang)}, ${t('year', lang).toLocaleLowerCase(lang)} ${year}`;
    this.breakdownTableSlot.replaceChildren(breakdownTable(coverage.breakdown, families, year, lang, breakdownCaption));
    this.breakdownTableSlot.setAttribute('aria-label', breakdownCaption);
    const seriesCaption = `${indicatorName(coverage, lang)}: ${t('trend', lang).toLocaleLowerCase(lang)}`;
    this.seriesTableSlot.replaceChildren(seriesTable(coverage, lang, seriesCaption));
    this.seriesTableSlot.setAttribute('aria-label', seriesCaption);
  }

  /**
   * Fits the charts to their boxes now. Chart.js follows its container's size a frame late (a throttled
   * ResizeObserver), and a new view can change a box (more bars, a scrollbar): the page must not call
   * itself ready on a chart drawn at the old size.
   */
  settle(): void {
    this.breakdownChart.instance?.resize();
    this.seriesChart.instance?.resize();
  }

  destroy(): void {
    this.breakdownChart.destroy();
    this.seriesChart.destroy();
    this.element.remove();
  }
}
