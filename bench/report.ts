/** One benchmark figure, printed as one JSON line: `{"name","value","unit","target"}`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target from system.md, as "≤ 0.5" style text, or null when the figure has none. */
  target: string | null;
}

export function print(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

export function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function round(value: number, digits = 4): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run the benchmarks with node --expose-gc (npm run bench does)");
  gc();
  gc();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
