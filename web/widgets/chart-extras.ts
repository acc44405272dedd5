// What the widget adds to the shared ChartView (web/shared/charts.ts) without changing it: the portal's font
// and text colour on the axes, and the value and target marks of the gauge. Candidates to move into
// ChartView once the dashboard wants them too.
import { Chart, type ArcElement, type Plugin } from 'chart.js';

export interface GaugeMarks {
  /** The target as a ratio between 0 and 1, marked by a tick across the arc. */
  target: number | null;
  /** The formatted ratio, written in the middle ("90,0%"). */
  value: string;
  /** "Mục tiêu: 100,0%", written under the value. */
  caption: string;
  font: string;
  color: string;
  targetColor: string;
}

// Keyed by canvas: a global plugin sees every chart of the bundle and must only mark the widget's gauges.
const gaugeMarks = new WeakMap<HTMLCanvasElement, GaugeMarks>();

export function setGaugeMarks(canvas: HTMLCanvasElement, marks: GaugeMarks | undefined): void {
  if (marks) gaugeMarks.set(canvas, marks);
  else gaugeMarks.delete(canvas);
}

/** The gauge is a half doughnut from 9 o'clock to 3 o'clock (rotation −90°, circumference 180°). */
const gaugeMarksPlugin: Plugin<'doughnut'> = {
  id: 'dvkGaugeMarks',
  afterDatasetsDraw(chart) {
    const marks = gaugeMarks.get(chart.canvas);
    const arc = chart.getDatasetMeta(0)?.data[0] as ArcElement | undefined;
    if (!marks || !arc) return;
    const { x, y, innerRadius, outerRadius, startAngle } = arc.getProps(['x', 'y', 'innerRadius', 'outerRadius', 'startAngle'], true);
    if (x == null || y == null) return;
    const { ctx } = chart;
    ctx.save();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = marks.color;
    // Sized by the hole, within bounds: the headline above already shows the value at text size.
    const valueSize = clamp(Math.round(innerRadius * 0.36), 14, 30);
    const captionSize = clamp(Math.round(innerRadius * 0.14), 11, 13);
    ctx.font = `${captionSize}px ${marks.font}`;
    ctx.fillText(marks.caption, x, y - 4);
    ctx.font = `700 ${valueSize}px ${marks.font}`;
    ctx.fillText(marks.value, x, y - 4 - (marks.caption ? captionSize + 8 : 0));
    if (marks.target != null) {
      const angle = startAngle + marks.target * Math.PI;
      ctx.strokeStyle = marks.targetColor;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(x + Math.cos(angle) * (innerRadius - 4), y + Math.sin(angle) * (innerRadius - 4));
      ctx.lineTo(x + Math.cos(angle) * (outerRadius + 8), y + Math.sin(angle) * (outerRadius + 8));
      ctx.stroke();
    }
    ctx.restore();
  },
};

Chart.register(gaugeMarksPlugin as Plugin);

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export interface ChartTheme {
  text: string;
  font: string;
}

/**
 * ChartView sets no text colour or font: apply the portal's, which reach the shadow root by inheritance. The
 * chart's root `color` and `font` do not reach the axes (Chart.js routes their defaults to the global ones),
 * so each scale's ticks get them too.
 */
export function applyTheme(chart: Chart, theme: ChartTheme): void {
  chart.options.color = theme.text;
  chart.options.font = { ...chart.options.font, family: theme.font };
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale?.ticks) continue;
    const ticks = scale.ticks as { color?: unknown; font?: object };
    ticks.color = theme.text;
    ticks.font = { ...ticks.font, family: theme.font };
  }
  chart.update('none');
}
