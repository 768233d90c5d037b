/**
 * Canonical JSON: RFC 8785 (the JSON Canonicalization Scheme), restricted to the values a transaction holds.
 *
 * - Objects: members sorted by key, comparing keys as sequences of UTF-16 code units (what `Array.prototype.sort`
 *   does with no comparator), no whitespace. Only plain objects: a class instance, `Map`, `Date` or typed array is
 *   refused rather than guessed at.
 * - Strings: escaped exactly as ECMAScript's `JSON.stringify` does, which RFC 8785 §3.2.2.2 adopts: `\"`, `\\`,
 *   `\b \f \n \r \t`, other characters below U+0020 as `\u00xx` (lowercase), everything else as is. A lone
 *   surrogate is refused (RFC 8785 requires it: it has no UTF-8 encoding, so its bytes, and any signature over
 *   them, would be ambiguous).
 * - Numbers: safe integers only (|n| ≤ 2⁵³ − 1), written in plain decimal; −0 is written `0`, as RFC 8785 does.
 *   Fractions, NaN, infinities and larger integers are refused: transactions carry amounts as decimal strings, and
 *   refusing floats means no client ever has to reproduce ECMAScript's shortest float formatting.
 * - `true`, `false`, `null`, arrays. Anything else (`undefined`, bigint, functions, symbols) is refused, including
 *   an object member whose value is `undefined` (`JSON.stringify` would silently drop it).
 *
 * Nesting is limited to {@link MAX_CANONICAL_JSON_DEPTH} levels, which also stops cycles.
 */

/** How deep arrays and objects may nest. A transaction needs about 5 levels. */
export const MAX_CANONICAL_JSON_DEPTH = 64;

/**
 * A value that canonical JSON cannot encode. `path` locates it (object keys and array indices from the root) and
 * `problem` says what is wrong with it; the message has both.
 */
export class CanonicalJsonError extends TypeError {
  readonly path: readonly (string | number)[];
  readonly problem: string;

  constructor(problem: string, path: readonly (string | number)[]) {
    super(path.length === 0 ? problem : `${formatJsonPath(path)}: ${problem}`);
    this.name = "CanonicalJsonError";
    this.path = path;
    this.problem = problem;
  }
}

/** `a.b[0].c`, the way error details name a field. */
export function formatJsonPath(path: readonly (string | number)[], prefix = ""): string {
  let text = prefix;
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? part : `.${part}`;
  }
  return text;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** The RFC 8785 canonical JSON text of `value`; throws {@link CanonicalJsonError} for what it cannot encode. */
export function canonicalJson(value: unknown): string {
  return encode(value, []);
}

/**
 * The canonical JSON of `value` found at `path` inside a larger value: errors name the full path, and nesting is
 * counted from the larger value's root. `canonicalJson(value)` is `canonicalJsonAt(value, [])`.
 */
export function canonicalJsonAt(value: unknown, path: readonly (string | number)[]): string {
  return encode(value, [...path]);
}

/** True for `{}`-literal and `JSON.parse` objects (also from another realm) and `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function encodeString(text: string, path: (string | number)[]): string {
  if (LONE_SURROGATE.test(text)) throw new CanonicalJsonError("a string contains a lone UTF-16 surrogate", [...path]);
  return JSON.stringify(text);
}

function encode(value: unknown, path: (string | number)[]): string {
  switch (typeof value) {
    case "string":
      return encodeString(value, path);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (Number.isSafeInteger(value)) return String(value); // String(-0) is "0"
      throw new CanonicalJsonError(describeBadNumber(value), [...path]);
    case "object":
      if (value === null) return "null";
      if (path.length >= MAX_CANONICAL_JSON_DEPTH) {
        throw new CanonicalJsonError(`nested deeper than ${MAX_CANONICAL_JSON_DEPTH} levels (or a cycle)`, [...path]);
      }
      if (Array.isArray(value)) return encodeArray(value, path);
      if (isPlainObject(value)) return encodeObject(value, path);
      throw new CanonicalJsonError(`only plain objects can be encoded, got ${describeObject(value)}`, [...path]);
    default:
      throw new CanonicalJsonError(`${typeof value} cannot be encoded`, [...path]);
  }
}

function encodeArray(items: readonly unknown[], path: (string | number)[]): string {
  let text = "[";
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    text += (i === 0 ? "" : ",") + encode(items[i], path);
    path.pop();
  }
  return `${text}]`;
}

function encodeObject(object: Record<string, unknown>, path: (string | number)[]): string {
  let text = "{";
  for (const key of Object.keys(object).sort()) {
    path.push(key);
    text += `${text === "{" ? "" : ","}${encodeString(key, path)}:${encode(object[key], path)}`;
    path.pop();
  }
  return `${text}}`;
}

function describeBadNumber(value: number): string {
  if (!Number.isFinite(value)) return `${value} is not a finite number`;
  if (!Number.isInteger(value)) return `${value} is not an integer (amounts are decimal strings)`;
  return `${value} is outside the safe integer range ±(2^53 - 1)`;
}

function describeObject(value: object): string {
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object with a custom prototype";
}
