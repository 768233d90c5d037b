import { describe, expect, it } from "vitest";
import { CanonicalJsonError, canonicalJson, MAX_CANONICAL_JSON_DEPTH } from "./canonical-json.js";

function errorOf(value: unknown): CanonicalJsonError {
  try {
    canonicalJson(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return error;
    throw error;
  }
  throw new Error("expected canonicalJson to refuse the value");
}

describe("canonicalJson: RFC 8785 examples", () => {
  it("sorts keys by UTF-16 code units (RFC 8785 §3.2.3)", () => {
    const input = JSON.parse(
      `{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",` +
        `"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}`,
    );
    // The values in the order the text has them (parsing it back would reorder: "1" is an array index in JS).
    const names = [...canonicalJson(input).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual([
      "Carriage Return",
      "One",
      "Control",
      "Latin Small Letter O With Diaeresis",
      "Euro Sign",
      "Emoji: Grinning Face",
      "Hebrew Letter Dalet With Dagesh",
    ]);
    // The emoji (a surrogate pair, 0xd83d…) sorts before U+FB33 although its code point U+1F600 is larger.
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("escapes strings as RFC 8785 §3.2.2.2 and its main example do (the parts without floats)", () => {
    const input = JSON.parse(
      '{\n  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
    );
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
    // The example's numbers are floats, which this subset refuses.
    expect(() => canonicalJson({ numbers: [333333333.3333333, 1e30, 4.5, 0.002, 1e-27] })).toThrow(CanonicalJsonError);
  });

  it("writes each control character as RFC 8785 requires", () => {
    const controls = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).join("");
    expect(canonicalJson(controls)).toBe(
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
    );
    // DEL, U+2028/2029, non-ASCII and "/" are written as themselves.
    expect(canonicalJson("\u007f\u2028\u2029é😀/")).toBe('"\u007f\u2028\u2029é😀/"');
  });
});

describe("canonicalJson", () => {
  it("writes no whitespace and sorts nested objects, keeping array order", () => {
    expect(canonicalJson({ b: [1, "é\n"], a: null })).toBe('{"a":null,"b":[1,"é\\n"]}');
    expect(Buffer.byteLength(canonicalJson({ b: [1, "é\n"], a: null }))).toBe(25); // the example in docs/transactions.md
    expect(canonicalJson({ z: { y: 1, x: [{ b: true, a: false }] }, "": [] })).toBe(
      '{"":[],"z":{"x":[{"a":false,"b":true}],"y":1}}',
    );
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson(Object.create(null))).toBe("{}");
  });

  it("is the same text whatever the input's key order", () => {
    const a = { type: "t", args: { amount: "1.0", nodeId: "n" }, n: [3, 2, 1] };
    const b = { n: [3, 2, 1], args: { nodeId: "n", amount: "1.0" }, type: "t" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it("writes safe integers in plain decimal, and −0 as 0", () => {
    expect(canonicalJson([0, -0, 1, -1, 1e15, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])).toBe(
      "[0,0,1,-1,1000000000000000,9007199254740991,-9007199254740991]",
    );
  });

  it.each([
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["2^53", 2 ** 53],
    ["-(2^53)", -(2 ** 53)],
    ["1e21", 1e21],
  ])("refuses %s", (_, value) => {
    expect(errorOf({ amount: value }).path).toEqual(["amount"]);
  });

  it.each([
    ["undefined", undefined],
    ["a bigint", 10n],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a Uint8Array", new Uint8Array(2)],
    ["a class instance", new (class Point {})()],
  ])("refuses %s, naming where it is", (_, value) => {
    expect(errorOf({ a: [1, { b: value }] }).path).toEqual(["a", 1, "b"]);
    expect(errorOf(value).path).toEqual([]);
  });

  it("refuses an array hole (it reads as undefined)", () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    expect(errorOf([1, , 3]).path).toEqual([1]);
  });

  it("refuses lone surrogates in strings and keys, but not surrogate pairs", () => {
    expect(errorOf({ s: "a\ud800b" }).path).toEqual(["s"]);
    expect(errorOf({ s: "\udc00" }).path).toEqual(["s"]);
    expect(errorOf({ "k\ud83d": 1 }).path).toEqual(["k\ud83d"]);
    expect(canonicalJson("\ud83d\ude00")).toBe('"😀"');
  });

  it("refuses nesting deeper than the limit, and so cycles", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_CANONICAL_JSON_DEPTH; i++) deep = [deep];
    expect(canonicalJson(deep)).toMatch(/^\[{64}1\]{64}$/);
    expect(errorOf([deep]).problem).toMatch(/nested deeper/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(errorOf(cycle).problem).toMatch(/cycle/);
  });

  it("agrees with JSON.stringify on JSON without floats, whatever the key order", () => {
    const value = { b: 'x\u0001"\\', a: [true, null, -7, { d: "😀", c: "€" }] };
    const sortedCopy = { a: [true, null, -7, { c: "€", d: "😀" }], b: 'x\u0001"\\' };
    expect(canonicalJson(value)).toBe(JSON.stringify(sortedCopy));
  });
});
