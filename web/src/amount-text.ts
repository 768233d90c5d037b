/**
 * Amounts as the API writes them (decimal strings with 8 decimals) are shown as they are. Sums over events are
 * made in `bigint` units with the core's own parser and formatter; a JS number appears only for a chart's scale.
 */
import { formatAmount, parseAmount, units } from "../../src/core/amount.js";

/** An API amount as a count of 10⁻⁸ units. */
export function toUnits(text: string): bigint {
  return parseAmount(text);
}

/** Units written as the API writes amounts; a negative difference keeps its sign. */
export function unitsText(value: bigint): string {
  return value < 0n ? `-${formatAmount(units(-value))}` : formatAmount(units(value));
}

/** Units as a float of whole tokens: for placing a point on a chart, never for showing an amount. */
export function unitsToScale(value: bigint): number {
  return Number(value) / 1e8;
}
