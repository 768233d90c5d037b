/**
 * Integers in a URL are plain decimal digits. The schema validator coerces a parameter with `Number`, so it would
 * take "1e3", "0x10", " 5" or "5.0" for an integer, and turn "1e400" into Infinity, which passes its minimum and
 * maximum. This hook runs before validation and refuses such text for every parameter, query parameter or header
 * whose schema says integer; the validator then checks the range of what is left.
 */
import type { FastifyRequest } from "fastify";
import { LedgerError } from "../../core/errors.js";

const DIGITS = /^[0-9]+$/;

type Part = "params" | "querystring" | "headers";

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function isIntegerSchema(schema: unknown): boolean {
  const type = field(schema, "type");
  return type === "integer" || (type === "array" && field(field(schema, "items"), "type") === "integer");
}

function check(part: Part, schema: unknown, values: unknown): void {
  const properties = field(schema, "properties");
  if (typeof properties !== "object" || properties === null) return;
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (!isIntegerSchema(propertySchema)) continue;
    const value = field(values, name);
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text === "string" && !DIGITS.test(text)) {
        throw new LedgerError("INVALID_REQUEST", `${part}/${name} must be an integer written in decimal digits`, {
          in: part,
          field: name,
        });
      }
    }
  }
}

export async function refuseLooseIntegers(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema;
  if (schema === undefined) return;
  check("params", schema.params, request.params);
  check("querystring", schema.querystring, request.query);
  check("headers", schema.headers, request.headers);
}
