import { describe, expect, it } from "vitest";
import { bigIntToBytes, bytesToBigInt, decodeHex, encodeHex, isLowercaseHex } from "./hex-codec.js";

describe("hex codec", () => {
  it("isLowercaseHex checks length and alphabet", () => {
    expect(isLowercaseHex("00ff", 4)).toBe(true);
    expect(isLowercaseHex("00FF", 4)).toBe(false);
    expect(isLowercaseHex("00f", 4)).toBe(false);
    expect(isLowercaseHex("00fg", 4)).toBe(false);
    expect(isLowercaseHex(7 as unknown as string, 4)).toBe(false);
  });

  it("decodeHex reads either case into exactly the asked length, else undefined", () => {
    expect(decodeHex("00fF", 2)).toEqual(Uint8Array.of(0, 255));
    expect(decodeHex("00ff", 3)).toBeUndefined();
    expect(decodeHex("0ff", 2)).toBeUndefined();
    expect(decodeHex("0xff", 2)).toBeUndefined();
    expect(decodeHex("zz", 1)).toBeUndefined();
    expect(decodeHex(" f", 1)).toBeUndefined();
    expect(decodeHex(null as unknown as string, 1)).toBeUndefined();
  });

  it("encodes lowercase, including views into larger buffers", () => {
    const backing = Uint8Array.of(1, 0xab, 0xcd, 2);
    expect(encodeHex(backing.subarray(1, 3))).toBe("abcd");
  });

  it("converts big-endian integers both ways, refusing values that do not fit", () => {
    expect(bytesToBigInt(Uint8Array.of(1, 0))).toBe(256n);
    expect(bytesToBigInt(new Uint8Array(0))).toBe(0n);
    expect(bigIntToBytes(256n, 3)).toEqual(Uint8Array.of(0, 1, 0));
    expect(() => bigIntToBytes(1n << 16n, 2)).toThrow(RangeError);
    expect(() => bigIntToBytes(-1n, 2)).toThrow(RangeError);
  });
});
