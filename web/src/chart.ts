/**
 * A small SVG line chart of one amount by epoch. Positions use floats (a scale is allowed to round); the exact
 * amount of each point is in its tooltip, and the page shows the same values in a table beside the chart.
 */
import { unitsText, unitsToScale } from "./amount-text.js";
import { s } from "./dom.js";

export interface ChartInput {
  title: string;
  /** One sentence for screen readers: what the chart shows. */
  description: string;
  epochs: readonly number[];
  values: readonly bigint[];
  /** A CSS class that picks the line's colour. */
  tone: "staked" | "rewards";
}

const WIDTH = 480;
const HEIGHT = 200;
const LEFT = 60;
const RIGHT = 14;
const TOP = 14;
const BOTTOM = 30;

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 2 });

/** A round step (1, 2, 2.5 or 5 times a power of ten) of at least `span / 4`, so that about four steps cover it. */
function niceStep(span: number): number {
  const raw = span > 0 ? span / 4 : 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const multiple of [1, 2, 2.5, 5]) if (multiple * power >= raw) return multiple * power;
  return 10 * power;
}

let chartCount = 0;

export function lineChart(input: ChartInput): SVGSVGElement {
  chartCount += 1;
  const id = `chart-${chartCount}`;
  const scaled = input.values.map(unitsToScale);
  const step = niceStep(Math.max(0, ...scaled) - Math.min(0, ...scaled));
  const bottom = Math.floor(Math.min(0, ...scaled) / step) * step;
  const top = Math.max(bottom + step, Math.ceil(Math.max(0, ...scaled) / step) * step);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const first = input.epochs[0] ?? 0;
  const last = input.epochs[input.epochs.length - 1] ?? first;
  const x = (epoch: number) =>
    last === first ? LEFT + plotWidth / 2 : LEFT + ((epoch - first) / (last - first)) * plotWidth;
  const y = (value: number) => TOP + plotHeight - ((value - bottom) / (top - bottom)) * plotHeight;

  const ticks: number[] = [];
  for (let value = bottom; value <= top + step / 2; value += step) ticks.push(value);
  const grid = ticks.map((value) => {
    const at = y(value).toFixed(1);
    return s(
      "g",
      { class: "tick" },
      s("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: at, y2: at }),
      s("text", { x: LEFT - 6, y: at, "text-anchor": "end", "dominant-baseline": "middle" }, compact.format(value)),
    );
  });
  const every = Math.max(1, Math.ceil(input.epochs.length / 8));
  const xLabels = input.epochs
    .filter((_, i) => i % every === 0 || i === input.epochs.length - 1)
    .map((epoch) =>
      s("text", { x: x(epoch).toFixed(1), y: HEIGHT - BOTTOM + 18, "text-anchor": "middle" }, String(epoch)),
    );
  const coordinates = input.epochs.map((epoch, i) => `${x(epoch).toFixed(1)},${y(scaled[i] ?? 0).toFixed(1)}`);
  const points = input.epochs.map((epoch, i) =>
    s(
      "circle",
      { cx: x(epoch).toFixed(1), cy: y(scaled[i] ?? 0).toFixed(1), r: 3 },
      s("title", null, `epoch ${epoch}: ${unitsText(input.values[i] ?? 0n)}`),
    ),
  );

  return s(
    "svg",
    {
      class: `chart ${input.tone}`,
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
    },
    s("title", { id: `${id}-title` }, input.title),
    s("desc", { id: `${id}-desc` }, input.description),
    s("g", { class: "grid" }, grid),
    s("g", { class: "x-labels" }, xLabels),
    s("text", { class: "axis-name", x: LEFT + plotWidth / 2, y: HEIGHT - 2, "text-anchor": "middle" }, "epoch"),
    s("polyline", { class: "line", points: coordinates.join(" ") }),
    s("g", { class: "points" }, points),
  );
}
