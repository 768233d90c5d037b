import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../core/errors.js";
import { STATUS_BY_CODE, statusOf } from "./status.js";

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe("the code → status table", () => {
  it("has exactly one entry per error code", () => {
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...codes].sort());
  });

  it("answers 5xx only for the node's own failures", () => {
    const fiveHundreds = codes.filter((code) => statusOf(code) >= 500).sort();
    expect(fiveHundreds).toEqual(["INTERNAL", "NODE_UNAVAILABLE"]);
  });

  it("follows docs/api.md for the codes it names", () => {
    expect(statusOf("INVALID_SIGNATURE")).toBe(401);
    expect(statusOf("NOT_OWNER")).toBe(403);
    expect(statusOf("NOT_ADMIN")).toBe(403);
    expect(statusOf("SEQUENCE_NUMBER_MISMATCH")).toBe(409);
    expect(statusOf("AUCTION_NOT_IN_PROGRESS")).toBe(409);
    expect(statusOf("BODY_TOO_LARGE")).toBe(413);
    expect(statusOf("UNSUPPORTED_MEDIA_TYPE")).toBe(415);
    expect(statusOf("INSUFFICIENT_BALANCE")).toBe(422);
    expect(statusOf("BELOW_MINIMUM_STAKE")).toBe(422);
    expect(statusOf("NODE_UNAVAILABLE")).toBe(503);
    expect(statusOf("INTERNAL")).toBe(500);
  });

  it("answers 404 for every code that names something unknown, and 400 for the malformed ones", () => {
    for (const code of codes.filter((c) => c.endsWith("_NOT_FOUND"))) expect(statusOf(code), code).toBe(404);
    for (const code of codes.filter((c) => c.startsWith("INVALID_") && c !== "INVALID_SIGNATURE")) {
      expect(statusOf(code), code).toBe(400);
    }
  });
});
