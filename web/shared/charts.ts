// Chart.js, registered piece by piece (no chart.js/auto: the widget script must stay small), and a wrapper
// that creates a chart once, updates it in place and destroys it on teardown.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { reaches } from '../../src/indicators/targets.ts';
import { formatPercent, type Lang } from './format.ts';

/** Draws the target as a dashed horizontal line across a bar or line chart. */
const targetLine: Plugin<'bar' | 'line'> = {
  id: 'dvkTarget',
  afterDatasetsDraw(chart, _args, options: { value?: number | null; color?: string; label?: string }) {
    if (options.value == null) return;
    const y = chart.scales.y?.getPixelForValue(options.value * 100);
    if (y === undefined) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = options.color ?? '#b91c1c';
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(chartArea.left, y);
    ctx.lineTo(chartArea.right, y);
    ctx.stroke();
    if (options.label) {
      ctx.setLineDash([]);
      ctx.fillStyle = options.color ?? '#b91c1c';
      ctx.font = '12px system-ui, sans-serif';
      ctx.textAlign = 'right';
      ctx.fillText(options.label, chartArea.right, y - 4);
    }
    ctx.restore();
  },
};

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Filler,
);

export interface Palette {
  met: string;
  below: string;
  neutral: string;
  target: string;
  text: string;
}

/** Colours from CSS custom properties, so that a portal can theme the charts with its own. */
export function paletteOf(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    met: read('--dvk-color-met', '#15803d'),
    below: read('--dvk-color-below', '#d97706'),
    neutral: read('--dvk-color-neutral', '#2563eb'),
    target: read('--dvk-color-target', '#b91c1c'),
    text: read('--dvk-color-text', '#1f2937'),
  };
}

export interface Point {
  label: string;
  ratio: number | null;
  target: number | null;
}

const percentAxis = (lang: Lang) => ({
  min: 0,
  max: 100,
  ticks: { callback: (value: string | number) => formatPercent(Number(value) / 100, lang).replace(/[.,]0(?=\s?%)/, '') },
});

function barsConfig(points: Point[], target: number | null, palette: Palette, lang: Lang, onPick?: (index: number) => void): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: points.map((point) => point.label),
      datasets: [
        {
          data: points.map((point) => (point.ratio == null ? null : point.ratio * 100)) as number[],
          // Without a target no bar is "met": all are drawn in the neutral colour.
          backgroundColor: points.map((point) =>
            point.ratio == null || target == null ? palette.neutral : reaches(point.ratio, target) ? palette.met : palette.below,
          ),
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: percentAxis(lang), x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 0 } } },
      plugins: {
        tooltip: { callbacks: { label: (item: { dataIndex: number }) => formatPercent(points[item.dataIndex]?.ratio, lang) } },
        // Options of the target-line plugin above, which Chart.js's option types do not know.
        dvkTarget: { value: target, color: palette.target },
      } as never,
      onClick: onPick ? (_event, elements) => elements[0] && onPick(elements[0].index) : undefined,
      onHover: onPick
        ? (event, elements) => (event.native?.target as HTMLElement | undefined)?.style.setProperty('cursor', elements.length ? 'pointer' : 'default')
        : undefined,
    },
    plugins: [targetLine as Plugin<'bar'>],
  };
}

function lineConfig(points: Point[], palette: Palette, lang: Lang): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: points.map((point) => point.label),
      datasets: [
        {
          data: points.map((point) => (point.ratio == null ? null : point.ratio * 100)) as number[],
          borderColor: palette.neutral,
          backgroundColor: palette.neutral,
          spanGaps: true,
          // Straight segments: a curve between two years would show values no year had (issue 17).
          tension: 0,
        },
        {
          data: points.map((point) => (point.target == null ? null : point.target * 100)) as number[],
          borderColor: palette.target,
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 2,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: percentAxis(lang) },
      plugins: { tooltip: { callbacks: { label: (item) => formatPercent(Number(item.raw) / 100, lang) } } },
    },
  };
}

function gaugeConfig(ratio: number | null, target: number | null, palette: Palette): ChartConfiguration<'doughnut'> {
  const value = ratio ?? 0;
  return {
    type: 'doughnut',
    data: {
      datasets: [
        {
          data: [value * 100, (1 - value) * 100],
          backgroundColor: [ratio == null || target == null ? palette.neutral : reaches(value, target) ? palette.met : palette.below, '#e5e7eb'],
          borderWidth: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      rotation: -90,
      circumference: 180,
      cutout: '70%',
      plugins: { tooltip: { enabled: false } },
    },
  };
}

export type ChartKind = 'bar' | 'line' | 'gauge';

export interface ChartInput {
  kind: ChartKind;
  points: Point[];
  /** The target of a bar chart's line, and of a gauge. */
  target: number | null;
  /** A gauge's ratio. */
  ratio?: number | null;
  lang: Lang;
  onPick?: (index: number) => void;
}

/** One chart on one canvas: created on the first render, updated in place after, destroyed on teardown. */
export class ChartView {
  private chart: Chart | undefined;
  private kind: ChartKind | undefined;

  constructor(readonly canvas: HTMLCanvasElement) {}

  render(input: ChartInput): Chart {
    const palette = paletteOf(this.canvas);
    const config =
      input.kind === 'bar'
        ? barsConfig(input.points, input.target, palette, input.lang, input.onPick)
        : input.kind === 'line'
          ? lineConfig(input.points, palette, input.lang)
          : gaugeConfig(input.ratio ?? null, input.target, palette);
    if (this.chart && this.kind === input.kind) {
      this.chart.data = config.data as never;
      this.chart.options = config.options as never;
      this.chart.update();
    } else {
      this.chart?.destroy();
      this.chart = new Chart(this.canvas, config as ChartConfiguration);
      this.kind = input.kind;
    }
    return this.chart;
  }

  /** The Chart.js instance, for integrators who want to adjust it (and for tests that click a bar). */
  get instance(): Chart | undefined {
    return this.chart;
  }

  toPng(): string | undefined {
    return this.chart?.toBase64Image('image/png', 1);
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
