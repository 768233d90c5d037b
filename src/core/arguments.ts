/**
 * Reading operation arguments from JSON (a plan step, a transaction's `args`). A wrong type or a missing field is a
 * `LedgerError` whose `details.field` names the field: `INVALID_ARGUMENT`, or the amount codes for amounts.
 */
import { type Amount, parseJsonAmount } from "./amount.js";
import { isLedgerError, LedgerError } from "./errors.js";

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** Reads the fields of one JSON object; `prefix` is prepended to field names in errors ("value.3"). */
export class Arguments {
  constructor(
    private readonly source: JsonObject,
    private readonly prefix = "",
  ) {}

  private name(field: string): string {
    return this.prefix === "" ? field : `${this.prefix}.${field}`;
  }

  fail(field: string, problem: string): never {
    const name = this.name(field);
    throw new LedgerError("INVALID_ARGUMENT", `${name}: ${problem}`, { field: name });
  }

  has(field: string): boolean {
    return this.source[field] !== undefined;
  }

  private required(field: string): unknown {
    const value = this.source[field];
    if (value === undefined) this.fail(field, "missing");
    return value;
  }

  string(field: string): string {
    const value = this.required(field);
    if (typeof value !== "string") this.fail(field, `must be a string, got ${describeJson(value)}`);
    return value;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  boolean(field: string): boolean {
    const value = this.required(field);
    if (typeof value !== "boolean") this.fail(field, `must be true or false, got ${describeJson(value)}`);
    return value;
  }

  /** A non-negative safe integer, at most `max`. */
  integer(field: string, max = Number.MAX_SAFE_INTEGER): number {
    return readInteger(this.required(field), max, (problem) => this.fail(field, problem));
  }

  optionalInteger(field: string): number | undefined {
    return this.has(field) ? this.integer(field) : undefined;
  }

  amount(field: string): Amount {
    return readAmount(this.required(field), this.name(field));
  }

  optionalAmount(field: string): Amount | undefined {
    return this.has(field) ? this.amount(field) : undefined;
  }

  stringList(field: string): string[] {
    const value = this.required(field);
    if (!Array.isArray(value)) this.fail(field, `must be an array of strings, got ${describeJson(value)}`);
    return value.map((item, i) => {
      if (typeof item !== "string") this.fail(`${field}.${i}`, `must be a string, got ${describeJson(item)}`);
      return item;
    });
  }

  object(field: string): JsonObject {
    const value = this.required(field);
    if (!isJsonObject(value)) this.fail(field, `must be an object, got ${describeJson(value)}`);
    return value;
  }

  /** The array's items, each as `Arguments` named `field.i`. */
  objectList(field: string): Arguments[] {
    const value = this.required(field);
    if (!Array.isArray(value)) this.fail(field, `must be an array of objects, got ${describeJson(value)}`);
    return value.map((item, i) => {
      if (!isJsonObject(item)) this.fail(`${field}.${i}`, `must be an object, got ${describeJson(item)}`);
      return new Arguments(item, this.name(`${field}.${i}`));
    });
  }

  /** A role-keyed map: keys are integers 0..255, values read by `read` (amounts or integers). */
  roleMap<T>(field: string, read: (value: unknown, name: string) => T): Map<number, T> {
    const object = this.object(field);
    const map = new Map<number, T>();
    for (const [key, value] of Object.entries(object)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key) || Number(key) > 255) this.fail(`${field}.${key}`, "role keys must be 0..255");
      map.set(Number(key), read(value, this.name(`${field}.${key}`)));
    }
    return map;
  }

  /** A map with string keys and amount values (`set_non_operational`). */
  amountMap(field: string): Map<string, Amount> {
    const object = this.object(field);
    const map = new Map<string, Amount>();
    for (const [key, value] of Object.entries(object)) map.set(key, readAmount(value, this.name(`${field}.${key}`)));
    return map;
  }
}

export function readInteger(value: unknown, max: number, fail: (problem: string) => never): number {
  if (typeof value !== "number" || !Number.isInteger(value)) fail(`must be an integer, got ${describeJson(value)}`);
  if (value < 0) fail(`must not be negative, got ${value}`);
  if (value > max) fail(`must be at most ${max}, got ${value}`);
  return value;
}

/** An amount argument; the amount's own error code, with `details.field`. */
export function readAmount(value: unknown, field: string): Amount {
  try {
    return parseJsonAmount(value);
  } catch (error) {
    if (isLedgerError(error)) throw new LedgerError(error.code, `${field}: ${error.message}`, { field });
    throw error;
  }
}

/** An integer argument read from a map value. */
export function readIntegerValue(value: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number {
  return readInteger(value, max, (problem) => {
    throw new LedgerError("INVALID_ARGUMENT", `${field}: ${problem}`, { field });
  });
}
