import { describe, expect, it } from "vitest";
import { createBoundedLru } from "./bounded-lru.js";

describe("createBoundedLru", () => {
  it("keeps at most `capacity` entries and evicts the least recently used", () => {
    const lru = createBoundedLru<number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // "b" is now the least recently used
    lru.set("c", 3);
    expect(lru.size).toBe(2);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });

  it("replaces a value without growing", () => {
    const lru = createBoundedLru<string>(2);
    lru.set("a", "x");
    lru.set("a", "y");
    expect(lru.size).toBe(1);
    expect(lru.get("a")).toBe("y");
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => createBoundedLru(0)).toThrow(RangeError);
    expect(() => createBoundedLru(1.5)).toThrow(RangeError);
  });
});
