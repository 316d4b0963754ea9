import type { Context } from "hono";
import type { z } from "zod";
import { describeIssues, IdParam } from "../../shared/schemas.ts";
import { ApiError } from "./ApiError.ts";

/** Parses and validates a JSON body; anything else is a 400 that says what is wrong. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new ApiError(415, "bad_request", "Send the request body as JSON (Content-Type: application/json).");
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw ApiError.badRequest("The request body is not valid JSON.");
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw ApiError.badRequest(`Invalid request: ${describeIssues(result.error)}.`);
  return result.data;
}

/** Validates an id from the path; a malformed id is reported as not found, like an unknown one. */
export function readId(c: Context, name: string, what: string): string {
  const value = c.req.param(name);
  if (value === undefined || !IdParam.safeParse(value).success) throw ApiError.notFound(what);
  return value;
}

/** Validates query-string parameters (each given once). */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw ApiError.badRequest(`Invalid query: ${describeIssues(result.error)}.`);
  return result.data;
}
